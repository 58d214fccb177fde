package burnin

import (
	"path/filepath"
	"time"

	"github.com/hwqual/hwqual/internal/sysfs"
	"github.com/hwqual/hwqual/reports/model"
)

// readThrottle sums the kernel's thermal throttle event counters
// (/sys/devices/system/cpu/cpu*/thermal_throttle/{core,package}_throttle_count),
// which Intel's therm_throt driver provides; AMD has none, and there the
// frequency watch is the only throttling signal.
func readThrottle(root string) (*model.ThrottleRead, error) {
	base := filepath.Join(root, "sys", "devices", "system", "cpu")
	t := &model.ThrottleRead{Time: time.Now().UTC()}
	seen := false
	for _, cpu := range sysfs.Numbered(base, "cpu") {
		dir := filepath.Join(base, cpu, "thermal_throttle")
		if v, err := sysfs.Uint(filepath.Join(dir, "core_throttle_count")); err == nil {
			t.Core += v
			seen = true
		}
		// Package counters repeat on every core of a package; the sum
		// still only grows when a package throttles.
		if v, err := sysfs.Uint(filepath.Join(dir, "package_throttle_count")); err == nil {
			t.Package += v
			seen = true
		}
	}
	if !seen {
		return nil, notRevealed("no thermal_throttle counters (Intel only)")
	}
	return t, nil
}
