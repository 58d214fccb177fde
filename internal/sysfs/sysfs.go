// Package sysfs reads the one-value files of the kernel's sysfs: counters,
// text attributes, hwmon temperatures, and the numbered directories
// (cpu0, hwmon3, mc1) they sit in. bench and burnin share it, so a value
// reads the same in a qualification run and in a burn-in.
//
// github.com/prometheus/procfs (v0.22.0, already in the module graph) was
// considered: its sysfs package has no hwmon or EDAC reader, and its
// thermal-throttle reader fails a CPU whose package counter is missing,
// where burn-in counts what there is.
package sysfs

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Text returns the file's content without surrounding white space, "" when
// it cannot be read: an absent attribute and an empty one mean the same to
// every caller.
func Text(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// Uint reads a file holding one unsigned decimal number (a counter).
func Uint(path string) (uint64, error) {
	return number(path, func(s string) (uint64, error) { return strconv.ParseUint(s, 10, 64) })
}

// Int reads a file holding one signed decimal number.
func Int(path string) (int64, error) {
	return number(path, func(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) })
}

// number parses a one-value file; the error names the file.
func number[T uint64 | int64](path string, parse func(string) (T, error)) (T, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	v, err := parse(strings.TrimSpace(string(data)))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// Celsius reads a hwmon temperature file (temp*_input, temp*_max,
// temp*_crit): signed millidegrees Celsius (Documentation/hwmon/sysfs-interface.rst),
// returned in degrees. A sensor below 0 °C reads as a negative value, not
// an error.
func Celsius(path string) (float64, error) {
	v, err := Int(path)
	if err != nil {
		return 0, err
	}
	return float64(v) / 1000, nil
}

// Numbered returns the names of dir's entries called prefix<N> (cpu0,
// cpu12, hwmon3), in numeric order: cpu2 before cpu10. Entries such as
// cpufreq or cpuidle, whose suffix is not a number, are left out; an
// unreadable dir has none.
func Numbered(dir, prefix string) []string {
	entries, _ := os.ReadDir(dir)
	type entry struct {
		name string
		n    int
	}
	var found []entry
	for _, e := range entries {
		name := e.Name()
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if n, err := strconv.Atoi(rest); err == nil {
				found = append(found, entry{name, n})
			}
		}
	}
	slices.SortFunc(found, func(a, b entry) int { return a.n - b.n })
	names := make([]string, len(found))
	for i, e := range found {
		names[i] = e.name
	}
	return names
}

// Meminfo reads a /proc/meminfo-format file ("Key:   N kB" per line) into
// bytes per key. It sits here, beside the sysfs readers, because bench (the
// writeback the quiet-disk wait watches) and burnin (the memory it may
// test) read the same file and must read it alike. Lines without a number
// are skipped; a file that cannot be read is the error.
func Meminfo(path string) (map[string]uint64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]uint64{}
	for line := range strings.Lines(string(data)) {
		key, rest, ok := strings.Cut(line, ":")
		fields := strings.Fields(rest)
		if !ok || len(fields) == 0 {
			continue
		}
		n, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			continue
		}
		if len(fields) > 1 && fields[1] == "kB" {
			n <<= 10
		}
		out[key] = n
	}
	return out, nil
}
