package burnin

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hwqual/hwqual/internal/sysfs"
)

// memUnits are the --mem units, binary and decimal.
var memUnits = map[string]float64{
	"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
	"kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
}

// ParseMemSize reads --mem: a share of available memory ("70%") or a size
// ("512MiB", "2 GiB", "1.5GB"). Exactly one of pct and bytes is set.
func ParseMemSize(s string) (pct float64, bytes int64, err error) {
	t := strings.TrimSpace(s)
	if num, ok := strings.CutSuffix(t, "%"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || math.IsNaN(v) || v <= 0 || v > 100 {
			return 0, 0, fmt.Errorf("%q: a percentage must be a number above 0 and at most 100", s)
		}
		return v, 0, nil
	}
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 {
		return 0, 0, fmt.Errorf("%q: want a size with a unit (512MiB, 2GiB) or a share of available memory (70%%)", s)
	}
	unit := strings.TrimSpace(t[i:])
	f, ok := memUnits[unit]
	if !ok {
		return 0, 0, fmt.Errorf("%q: unknown unit %q (want B, KiB, MiB, GiB, TiB, kB, MB, GB, TB or %%)", s, unit)
	}
	v, err := strconv.ParseFloat(t[:i], 64)
	if err != nil || v*f < 1<<20 || v*f > 1<<50 {
		return 0, 0, fmt.Errorf("%q: size must be between 1 MiB and 1 PiB", s)
	}
	return 0, int64(v * f), nil
}

// MemInfo is what /proc/meminfo says about memory, in bytes.
type MemInfo struct {
	Total, Available int64
}

// ReadMemInfo reads MemTotal and MemAvailable from root/proc/meminfo.
func ReadMemInfo(root string) (MemInfo, error) {
	path := filepath.Join(root, "proc", "meminfo")
	kv, err := sysfs.Meminfo(path)
	if err != nil {
		return MemInfo{}, fmt.Errorf("memory size: %w", err)
	}
	m := MemInfo{Total: int64(kv["MemTotal"]), Available: int64(kv["MemAvailable"])}
	if m.Total == 0 || m.Available == 0 {
		return m, fmt.Errorf("memory size: no MemTotal/MemAvailable in %s", path)
	}
	return m, nil
}

// SafetyMargin is the memory a burn-in leaves available to the system:
// max(1 GiB, 5 % of total), so the OS, the page cache the disk phase
// needs and the tool itself never push the machine into swap or the OOM
// killer.
func SafetyMargin(total int64) int64 { return max(1<<30, total/20) }

// MemoryUnderTest is how many bytes to test for --mem (pct or bytes from
// ParseMemSize): a percentage is of available memory; either is refused
// when it exceeds available minus SafetyMargin.
func MemoryUnderTest(pct float64, bytes int64, m MemInfo) (int64, error) {
	limit := m.Available - SafetyMargin(m.Total)
	want := bytes
	if pct > 0 {
		want = int64(float64(m.Available) * pct / 100)
	}
	want &^= 1<<20 - 1 // whole MiB
	if want > limit {
		return 0, fmt.Errorf("%d MiB asked, but only %d MiB may be tested: %d MiB available minus a %d MiB safety margin",
			want>>20, max(0, limit)>>20, m.Available>>20, SafetyMargin(m.Total)>>20)
	}
	if want < 1<<20 {
		return 0, fmt.Errorf("less than 1 MiB of memory to test")
	}
	return want, nil
}
