package blockdev

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestResolveRecordedMachines(t *testing.T) {
	tests := []struct {
		tree, dir  string
		fs         string
		stack      []string
		disks      []Disk
		ram, net   bool
		cow        bool
		line, warn string
	}{
		{
			tree: "nvme-lvm", dir: "/var/lib/polkadot/chains", fs: "ext4", stack: []string{"LVM", "partition"},
			disks: []Disk{{Name: "nvme0n1", Path: "/dev/nvme0n1", Model: "Samsung SSD 990 PRO 4TB", SizeBytes: 7814037168 * 512, Transport: "nvme", Controller: "nvme0"}},
			line:  "/dev/nvme0n1 Samsung SSD 990 PRO 4TB (nvme, 4.00 TB), ext4 on LVM on partition",
		},
		{
			tree: "nvme-lvm", dir: "/home", fs: "ext4", stack: []string{"partition"},
			disks: []Disk{{Name: "nvme0n1", Path: "/dev/nvme0n1", Model: "Samsung SSD 990 PRO 4TB", SizeBytes: 7814037168 * 512, Transport: "nvme", Controller: "nvme0"}},
		},
		{
			tree: "nvme-lvm", dir: "/tmp", fs: "tmpfs", ram: true,
			line: "none: /tmp is on tmpfs (RAM)", warn: "backed by RAM",
		},
		{
			tree: "md-raid1", dir: "/srv", fs: "ext4", stack: []string{"md raid1", "partition"},
			disks: []Disk{
				{Name: "sda", Path: "/dev/sda", Model: "Samsung SSD 870 EVO 1TB", SizeBytes: 1953525168 * 512, Transport: "sata"},
				{Name: "sdb", Path: "/dev/sdb", Model: "Samsung SSD 870 EVO 1TB", SizeBytes: 1953525168 * 512, Transport: "sata"},
			},
			line: "/dev/sda Samsung SSD 870 EVO 1TB (sata, 1.00 TB) + /dev/sdb Samsung SSD 870 EVO 1TB (sata, 1.00 TB), ext4 on md raid1 on partition",
		},
		{
			tree: "nbd", dir: "/mnt/chain", fs: "ext4", net: true,
			disks: []Disk{{Name: "nbd0", Path: "/dev/nbd0", SizeBytes: 4294967296 * 512, Transport: "nbd", Network: true}},
			warn:  "network-backed (nbd)",
		},
		{tree: "tmpfs-zfs", dir: "/dev/shm", fs: "tmpfs", ram: true, warn: "backed by RAM"},
		{tree: "tmpfs-zfs", dir: "/var/lib/polkadot", fs: "zfs", cow: true, warn: "copy-on-write"},
		{tree: "tmpfs-zfs", dir: "/mnt/my disk/x", fs: "ramfs", ram: true, warn: "backed by RAM (ramfs)"},
		{
			tree: "virtio", dir: "/work", fs: "ext4",
			disks: []Disk{{Name: "vda", Path: "/dev/vda", SizeBytes: 0, Transport: "virtio", Rotational: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.tree+tt.dir, func(t *testing.T) {
			info, err := Resolve(filepath.Join("testdata", tt.tree), tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if info.FSType != tt.fs || info.RAM != tt.ram || info.Network != tt.net || info.CopyOnWrite != tt.cow {
				t.Errorf("fs %s ram %v net %v cow %v; want %s %v %v %v", info.FSType, info.RAM, info.Network, info.CopyOnWrite, tt.fs, tt.ram, tt.net, tt.cow)
			}
			if !slices.Equal(info.Stack, tt.stack) {
				t.Errorf("stack %v, want %v", info.Stack, tt.stack)
			}
			got := info.Disks
			if tt.tree == "virtio" && len(got) == 1 {
				got[0].SizeBytes = 0 // recorded from a live disk whose size may change
			}
			if !slices.Equal(got, tt.disks) {
				t.Errorf("disks\n got %+v\nwant %+v", got, tt.disks)
			}
			if tt.line != "" && info.String() != tt.line {
				t.Errorf("line %q\nwant %q", info.String(), tt.line)
			}
			joined := strings.Join(info.Warnings, "\n")
			if tt.warn != "" && !strings.Contains(joined, tt.warn) {
				t.Errorf("warnings %q lack %q", joined, tt.warn)
			}
			if tt.warn == "" && joined != "" {
				t.Errorf("unexpected warnings %q", joined)
			}
		})
	}
}

func TestResolveLiveMachine(t *testing.T) {
	dir := t.TempDir()
	info, err := Resolve("/", dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.MountPoint == "" || info.FSType == "" {
		t.Errorf("live %s: %+v", dir, info)
	}
	if !info.RAM && len(info.Disks) == 0 && !info.CopyOnWrite && len(info.Warnings) == 0 {
		t.Errorf("no disk and no warning for %s: %+v", dir, info)
	}
}

func TestResolveErrors(t *testing.T) {
	if _, err := Resolve(t.TempDir(), "/x"); err == nil || !strings.Contains(err.Error(), "mountinfo") {
		t.Errorf("missing mountinfo: err %v", err)
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "proc/self"), 0o755)
	os.WriteFile(filepath.Join(root, "proc/self/mountinfo"), []byte("garbage\n"), 0o644)
	if _, err := Resolve(root, "/x"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed mountinfo: err %v", err)
	}
}

func TestMountOf(t *testing.T) {
	ms, err := parseMountinfo("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 8:2 / /var rw - ext4 /dev/sda2 rw\n3 1 8:3 / /var/lib rw - xfs /dev/sda3 rw\n4 1 8:4 / /varnish rw - ext4 /dev/sda4 rw\n")
	if err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{"/": "/", "/var": "/var", "/var/lib/x": "/var/lib", "/varnish/a": "/varnish", "/va": "/", "/var/library": "/var"} {
		if m, _ := mountOf(ms, dir); m.mountPoint != want {
			t.Errorf("mountOf(%s) = %s, want %s", dir, m.mountPoint, want)
		}
	}
}

func FuzzParseMountinfo(f *testing.F) {
	f.Add("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n")
	f.Add("45 22 0:41 / /mnt/my\\040disk rw - ramfs ramfs rw\n")
	f.Add("x - y")
	f.Fuzz(func(t *testing.T, data string) {
		ms, err := parseMountinfo(data)
		if err != nil {
			return
		}
		for _, m := range ms {
			if m.fsType == "" || m.mountPoint == "" {
				t.Errorf("empty field in %+v", m)
			}
		}
	})
}
