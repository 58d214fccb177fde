package qualify

import (
	"testing"

	"github.com/hwqual/hwqual/internal/blockdev"
)

// TestInRAM: what blockdev resolved under --root decides; the statfs magic
// speaks only when nothing was resolved.
func TestInRAM(t *testing.T) {
	tests := []struct {
		info  *blockdev.Info
		magic int64
		want  string
		ram   bool
	}{
		{&blockdev.Info{FSType: "tmpfs", RAM: true}, tmpfsMagic, "tmpfs", true},
		{&blockdev.Info{FSType: "ext4", RAM: true, Disks: []blockdev.Disk{{Path: "/dev/zram0"}}}, 0xef53, "ext4 on /dev/zram0, a RAM disk", true},
		// A recorded root that says ext4 wins over the live tmpfs (the NVMe
		// VM test reaches the O_DIRECT probe this way).
		{&blockdev.Info{FSType: "ext4"}, tmpfsMagic, "", false},
		{nil, tmpfsMagic, "tmpfs", true},
		{nil, ramfsMagic, "ramfs", true},
		{nil, 0xef53, "", false},
	}
	for _, tt := range tests {
		if got, ram := inRAM(tt.info, tt.magic); got != tt.want || ram != tt.ram {
			t.Errorf("inRAM(%+v, %#x) = %q %v, want %q %v", tt.info, tt.magic, got, ram, tt.want, tt.ram)
		}
	}
}
