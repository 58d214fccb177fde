// Package affinity places worker threads on CPUs so a parallel benchmark or
// a burn-in load runs where it says it runs: one worker per physical core,
// an SMT sibling only once every core has a worker, and every worker held
// on its CPU with sched_setaffinity. The topology is the kernel's own
// (/sys/devices/system/cpu/cpu*/topology, the files the inventory's CPU
// section is read from), so the CPU set a report names is the one used.
package affinity

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Core is one physical core: the logical CPUs (SMT threads) that share
// it, ascending.
type Core struct {
	CPUs []int
}

// Topology is the machine's online logical CPUs grouped by physical core,
// ordered by each core's first CPU.
type Topology struct {
	Cores []Core
	// Source says where the grouping came from, for notes: the sysfs
	// directory, or why every CPU counts as its own core.
	Source string
}

// LogicalCPUs counts the CPUs over all cores.
func (t Topology) LogicalCPUs() int {
	n := 0
	for _, c := range t.Cores {
		n += len(c.CPUs)
	}
	return n
}

// ReadTopology groups the online CPUs under root's /sys by the core they
// belong to: CPUs listed in one thread_siblings_list are SMT threads of
// one core (the kernel's definition, valid across packages and dies where
// core_id alone repeats). It returns an error when the topology is not
// readable; Flat is the fallback.
func ReadTopology(root string) (Topology, error) {
	base := filepath.Join(root, "sys/devices/system/cpu")
	paths, err := filepath.Glob(filepath.Join(base, "cpu[0-9]*/topology/thread_siblings_list"))
	if err != nil {
		return Topology{}, fmt.Errorf("cpu topology: %w", err)
	}
	if len(paths) == 0 {
		return Topology{}, fmt.Errorf("cpu topology: no %s", filepath.Join(base, "cpu*/topology/thread_siblings_list"))
	}
	seen := map[string]bool{}
	var cores []Core
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return Topology{}, fmt.Errorf("cpu topology: %w", err)
		}
		key := strings.TrimSpace(string(b))
		if seen[key] {
			continue
		}
		seen[key] = true
		cpus, err := ParseList(key)
		if err != nil || len(cpus) == 0 {
			return Topology{}, fmt.Errorf("cpu topology: %s: %q is not a CPU list", p, key)
		}
		cores = append(cores, Core{CPUs: cpus})
	}
	slices.SortFunc(cores, func(a, b Core) int { return a.CPUs[0] - b.CPUs[0] })
	return Topology{Cores: cores, Source: base}, nil
}

// Flat is the topology that knows nothing about cores: every CPU in cpus
// is its own core. why says what was not known.
func Flat(cpus []int, why string) Topology {
	t := Topology{Source: why}
	for _, c := range cpus {
		t.Cores = append(t.Cores, Core{CPUs: []int{c}})
	}
	return t
}

// Restrict keeps only the CPUs allowed says this process may run on
// (its sched_getaffinity mask: a cgroup cpuset or taskset narrows it), and
// drops cores left empty.
func (t Topology) Restrict(allowed []int) Topology {
	out := Topology{Source: t.Source}
	for _, c := range t.Cores {
		var cpus []int
		for _, cpu := range c.CPUs {
			if slices.Contains(allowed, cpu) {
				cpus = append(cpus, cpu)
			}
		}
		if len(cpus) > 0 {
			out.Cores = append(out.Cores, Core{CPUs: cpus})
		}
	}
	return out
}

// Placement is where n workers run: CPUs[i] is worker i's CPU.
type Placement struct {
	CPUs []int
	// Shared counts the workers placed on a core that already holds
	// another worker (an SMT sibling): they compete for that core's
	// execution units, so per-worker figures drop.
	Shared int
}

// Place puts up to n workers on t's CPUs: first one per physical core, in
// core order, then, only when n exceeds the cores, on each core's next SMT
// sibling. It never places two workers on one logical CPU, so it returns
// fewer than n CPUs when t has fewer logical CPUs than n; the caller
// decides what a short placement means.
func (t Topology) Place(n int) Placement {
	var p Placement
	for round := 0; len(p.CPUs) < n; round++ {
		placed := false
		for _, c := range t.Cores {
			if round < len(c.CPUs) && len(p.CPUs) < n {
				p.CPUs = append(p.CPUs, c.CPUs[round])
				if round > 0 {
					p.Shared++
				}
				placed = true
			}
		}
		if !placed {
			break
		}
	}
	return p
}

// ParseList reads the kernel's CPU list format ("0-3,8,10-11").
func ParseList(s string) ([]int, error) {
	var out []int
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 {
			return nil, fmt.Errorf("cpu list %q: bad entry %q", s, part)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return nil, fmt.Errorf("cpu list %q: bad range %q", s, part)
			}
		}
		for cpu := a; cpu <= b; cpu++ {
			out = append(out, cpu)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// FormatList writes cpus in the kernel's list format, ranges collapsed:
// what taskset -c and /sys take, and what notes print.
func FormatList(cpus []int) string {
	s := slices.Clone(cpus)
	slices.Sort(s)
	var parts []string
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] == s[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", s[i], s[j]))
		} else {
			parts = append(parts, strconv.Itoa(s[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// Usable is the topology workers may be placed on here: the one under
// root restricted to the CPUs the process may use, or, where the topology
// cannot be read, every allowed CPU as its own core. The notes say what
// was not known, for the report beside the CPU set; an empty topology
// means nothing can be pinned.
func Usable(root string) (Topology, []string) {
	allowed, aerr := Allowed()
	topo, err := ReadTopology(root)
	switch {
	case err != nil && aerr != nil:
		return Topology{}, []string{fmt.Sprintf("workers not pinned: %v; %v", err, aerr)}
	case err != nil:
		return Flat(allowed, "allowed CPUs, topology unknown"), []string{fmt.Sprintf("physical cores unknown (%v): each CPU counted as a core", err)}
	case aerr == nil:
		topo = topo.Restrict(allowed)
	}
	return topo, nil
}
