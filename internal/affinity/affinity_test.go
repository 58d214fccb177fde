package affinity

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestParseAndFormatList(t *testing.T) {
	for _, tt := range []struct {
		in   string
		cpus []int
		out  string
	}{
		{"0", []int{0}, "0"},
		{"0-3", []int{0, 1, 2, 3}, "0-3"},
		{"0,4", []int{0, 4}, "0,4"},
		{"0-1,8-9\n", []int{0, 1, 8, 9}, "0-1,8-9"},
		{"3,1-2", []int{1, 2, 3}, "1-3"},
	} {
		got, err := ParseList(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.cpus) {
			t.Errorf("ParseList(%q) = %v, %v; want %v", tt.in, got, err, tt.cpus)
		}
		if s := FormatList(got); s != tt.out {
			t.Errorf("FormatList(%v) = %q, want %q", got, s, tt.out)
		}
	}
	for _, bad := range []string{"a", "3-1", "-1", "1,,2", "1-"} {
		if _, err := ParseList(bad); err == nil {
			t.Errorf("ParseList(%q) accepted", bad)
		}
	}
}

func FuzzParseList(f *testing.F) {
	for _, s := range []string{"0", "0-3,8", "1-", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64 {
			return // a range like 0-999999999 is valid but huge
		}
		cpus, err := ParseList(s)
		if err != nil || len(cpus) > 4096 {
			return
		}
		again, err := ParseList(FormatList(cpus))
		if err != nil || !reflect.DeepEqual(again, cpus) {
			t.Errorf("%q: %v does not round-trip: %v, %v", s, cpus, again, err)
		}
	})
}

// The recorded trees are the kernel's topology files of two machine
// shapes: a 4-core Ryzen with SMT on (cpuN and cpuN+4 are siblings, the
// AMD/Intel enumeration) and a two-socket EPYC with SMT off, whose core_id
// repeats across sockets.
func TestPlaceOnRecordedTopologies(t *testing.T) {
	for _, tt := range []struct {
		tree   string
		n      int
		cpus   []int
		shared int
	}{
		{"ryzen-4c8t", 4, []int{0, 1, 2, 3}, 0},
		{"ryzen-4c8t", 2, []int{0, 1}, 0},
		{"ryzen-4c8t", 6, []int{0, 1, 2, 3, 4, 5}, 2},
		{"ryzen-4c8t", 8, []int{0, 1, 2, 3, 4, 5, 6, 7}, 4},
		{"ryzen-4c8t", 16, []int{0, 1, 2, 3, 4, 5, 6, 7}, 4}, // short: 8 logical CPUs
		{"epyc-2s-smtoff", 4, []int{0, 1, 2, 3}, 0},
		{"epyc-2s-smtoff", 8, []int{0, 1, 2, 3}, 0},
	} {
		topo, err := ReadTopology(filepath.Join("testdata", tt.tree))
		if err != nil {
			t.Fatal(err)
		}
		p := topo.Place(tt.n)
		if !reflect.DeepEqual(p.CPUs, tt.cpus) || p.Shared != tt.shared {
			t.Errorf("%s: Place(%d) = %v shared %d, want %v shared %d", tt.tree, tt.n, p.CPUs, p.Shared, tt.cpus, tt.shared)
		}
	}
}

func TestRestrictDropsDisallowedCPUs(t *testing.T) {
	topo, err := ReadTopology(filepath.Join("testdata", "ryzen-4c8t"))
	if err != nil {
		t.Fatal(err)
	}
	// taskset -c 2,3,6 on that machine: cores 2 (CPUs 2,6) and 3 (CPU 3).
	p := topo.Restrict([]int{2, 3, 6}).Place(3)
	if want := []int{2, 3, 6}; !reflect.DeepEqual(p.CPUs, want) || p.Shared != 1 {
		t.Errorf("Place(3) = %v shared %d, want %v shared 1", p.CPUs, p.Shared, want)
	}
}

func TestReadTopologyErrors(t *testing.T) {
	if _, err := ReadTopology(t.TempDir()); err == nil {
		t.Error("empty tree: no error")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "sys/devices/system/cpu/cpu0/topology")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "thread_siblings_list"), []byte("zero\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadTopology(root); err == nil || !strings.Contains(err.Error(), "not a CPU list") {
		t.Errorf("garbage siblings list: %v", err)
	}
}

// TestLiveTopologyMatchesKernel reads this machine's /sys and checks it
// against what the kernel says from outside the package: the number of
// online CPUs (sysconf) and the process's own mask.
func TestLiveTopologyMatchesKernel(t *testing.T) {
	topo, err := ReadTopology("/")
	if err != nil {
		t.Skipf("no topology here: %v", err)
	}
	if got, want := topo.LogicalCPUs(), runtime.NumCPU(); got < want {
		t.Errorf("topology has %d CPUs, the process may use %d", got, want)
	}
}

func TestUsableOnThisMachine(t *testing.T) {
	allowed, err := Allowed()
	if err != nil {
		t.Skip(err)
	}
	topo, notes := Usable("/")
	if p := topo.Place(len(allowed)); len(p.CPUs) != len(allowed) {
		t.Errorf("placed %v for %d allowed CPUs (notes %q)", p.CPUs, len(allowed), notes)
	}
	if p := topo.Place(len(allowed) + 1); len(p.CPUs) != len(allowed) {
		t.Errorf("asked for one more worker than CPUs: placed %v", p.CPUs)
	}
	// An unreadable topology still pins, one CPU per "core", and says so.
	topo, notes = Usable(t.TempDir())
	if p := topo.Place(1); len(p.CPUs) != 1 || len(notes) != 1 || !strings.Contains(notes[0], "physical cores unknown") {
		t.Errorf("no topology: %v %q", topo.Place(1).CPUs, notes)
	}
}
