package burnin

import (
	"path/filepath"

	"github.com/hwqual/hwqual/internal/sysfs"
)

// readFreq reads every core's current and maximum frequency from cpufreq
// (scaling_cur_freq, cpuinfo_max_freq; kHz in sysfs, MHz here). A core
// without cpufreq reads 0; no core with it at all is not revealed (VMs
// and some containers).
func readFreq(root string) (mhz, maxMHz []int, err error) {
	base := filepath.Join(root, "sys", "devices", "system", "cpu")
	cpus := sysfs.Numbered(base, "cpu")
	seen := false
	for _, cpu := range cpus {
		dir := filepath.Join(base, cpu, "cpufreq")
		cur, err1 := sysfs.Uint(filepath.Join(dir, "scaling_cur_freq"))
		top, err2 := sysfs.Uint(filepath.Join(dir, "cpuinfo_max_freq"))
		if err1 == nil {
			seen = true
		}
		if err2 != nil {
			top = 0
		}
		if err1 != nil {
			cur = 0
		}
		mhz = append(mhz, int(cur/1000))
		maxMHz = append(maxMHz, int(top/1000))
	}
	if !seen {
		return nil, nil, notRevealed("no cpufreq under %s (virtual machine or no cpufreq driver)", base)
	}
	return mhz, maxMHz, nil
}
