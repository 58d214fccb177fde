package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writeTopology lays out sysfs thread_siblings_list files, one per CPU.
func writeTopology(t *testing.T, siblings []string) string {
	t.Helper()
	root := t.TempDir()
	for i, s := range siblings {
		dir := filepath.Join(root, "sys/devices/system/cpu", "cpu"+strconv.Itoa(i), "topology")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "thread_siblings_list"), []byte(s+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestPlaceWorkers(t *testing.T) {
	// One core with two SMT threads (CPUs 0 and 1, which every machine
	// running this test may use): one worker per physical core is one.
	w, _ := placeWorkers(writeTopology(t, []string{"0-1", "0-1"}), 0)
	if w.Requested != 1 || w.Ran != 1 || !slices.Equal(w.CPUs, []int{0}) {
		t.Errorf("one SMT core: %+v, want 1 worker on CPU 0", w)
	}
	// Asked for both threads of that core: the second is a sibling.
	if w, _ := placeWorkers(writeTopology(t, []string{"0-1", "0-1"}), 2); w.Ran != 2 || w.Shared != 1 || !strings.Contains(w.note(), "SMT sibling") {
		t.Errorf("two workers on one core: %+v (%s)", w, w.note())
	}
	// No topology: every allowed CPU counts as a core, and a note says so.
	w, notes := placeWorkers(t.TempDir(), 0)
	if w.Ran != runtime.NumCPU() || len(notes) == 0 || !strings.Contains(notes[0], "physical cores unknown") {
		t.Errorf("no topology: %+v %q, want %d workers and a note", w, notes, runtime.NumCPU())
	}
	if w, _ := placeWorkers(t.TempDir(), 1); w.Ran != 1 || w.Requested != 1 {
		t.Errorf("profile asks 1: got %+v", w)
	}
}

// TestPoolThreadsArePinned looks at the pool from outside the code under
// test: the kernel's /proc/self/task/*/status lists each thread's allowed
// CPUs, and every placed CPU must have a thread held on it alone.
func TestPoolThreadsArePinned(t *testing.T) {
	w, _ := placeWorkers(sysRoot, 0)
	if w.CPUs == nil {
		t.Skip("no CPU set to pin to here")
	}
	pool, notes := newThreadPool(w, func() workFunc { return func(int) float64 { return 0 } })
	defer pool.stop()
	if w.CPUs == nil {
		t.Fatalf("pinning refused: %q", notes)
	}
	pinned := map[string]int{}
	tasks, _ := filepath.Glob("/proc/self/task/*/status")
	for _, p := range tasks {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // a thread that just exited
		}
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
				pinned[strings.TrimSpace(v)]++
			}
		}
	}
	for _, cpu := range w.CPUs {
		if pinned[strconv.Itoa(cpu)] < 1 {
			t.Errorf("no thread held on CPU %d alone; threads' CPU lists: %v", cpu, pinned)
		}
	}
	if !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, "pinned to CPUs") }) {
		t.Errorf("notes %q do not name the CPU set", notes)
	}
}

func TestCopySizeFor(t *testing.T) {
	for _, tc := range []struct{ n, want int }{{1, 32 << 20}, {64, 32 << 20}, {96, (2 << 30) / 96 &^ 4095}} {
		if got := copySizeFor(tc.n); got != tc.want {
			t.Errorf("copySizeFor(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
}

// TestCopyParallelMeasures runs the module for real on a tiny plan: every
// sample is a positive rate and the JSON extras name the worker count.
func TestCopyParallelMeasures(t *testing.T) {
	plan := Plan{Warmup: time.Millisecond, Duration: 0, MinSamples: 2, SampleTime: time.Millisecond}
	res, err := copyParallel{}.Run(context.Background(), Config{Workers: 2, Plan: plan})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Samples) < 2 {
		t.Fatalf("%d samples, want 2", len(res.Samples))
	}
	for _, s := range res.Samples {
		if s <= 0 {
			t.Errorf("sample %v, want > 0", s)
		}
	}
	if res.Workers == nil || res.Workers.Ran != 2 || res.Extra["copy_size_bytes"] <= 0 {
		t.Errorf("workers %+v, extra %v", res.Workers, res.Extra)
	}
	// The workers' own CPU share, so a busy machine is named on this row
	// too (the calling thread only waits on the pool).
	if _, ok := threadCPUTime(); ok {
		if sh, ok := res.Extra["cpu_share"]; !ok || sh <= 0 || sh > 1 {
			t.Errorf("cpu_share %v (%v), want the workers' share in (0, 1]", sh, ok)
		}
	}
}
