package qualify

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckSpace(t *testing.T) {
	const g = 1 << 30
	tests := []struct {
		name               string
		need, total, avail uint64
		ok                 bool
		msg                string
	}{
		{"small fs uses the 2 GiB floor", 1 * g, 8 * g, 3 * g, true, ""},
		{"small fs just short", 1 * g, 8 * g, 3*g - 1, false, "1.0 GiB of scratch space and keep 2.0 GiB free"},
		{"big fs uses 10 %", 5 * g, 250 * g, 30 * g, true, ""},
		{"big fs short", 5 * g, 250 * g, 29 * g, false, "keep 25.0 GiB free (max of 10% of the filesystem, 2 GiB): 30.0 GiB in all, but 29.0 GiB is available"},
		{"nothing to write still keeps the floor", 0, 8 * g, 1 * g, false, "0.0 GiB of scratch"},
	}
	for _, tt := range tests {
		err := CheckSpace("quick", tt.need, tt.total, tt.avail)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err %v, ok want %v", tt.name, err, tt.ok)
			continue
		}
		if err != nil && (!errors.Is(err, ErrNoSpace) || !strings.Contains(err.Error(), tt.msg)) {
			t.Errorf("%s: err %q lacks %q", tt.name, err, tt.msg)
		}
	}
	if got := SpaceBeyondFloor(100*g, 50*g); got != 40*g {
		t.Errorf("SpaceBeyondFloor = %d, want 40 GiB", got)
	}
	if got := SpaceBeyondFloor(100*g, 5*g); got != 0 {
		t.Errorf("SpaceBeyondFloor below floor = %d, want 0", got)
	}
}
