package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
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

func TestPhysicalCores(t *testing.T) {
	tests := []struct {
		name     string
		siblings []string
		want     int
	}{
		{"smt off", []string{"0", "1", "2", "3"}, 4},
		{"smt on, ranges", []string{"0,4", "1,5", "2,6", "3,7", "0,4", "1,5", "2,6", "3,7"}, 4},
		{"smt on, dash form", []string{"0-1", "0-1", "2-3", "2-3"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := physicalCores(writeTopology(t, tt.siblings))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d cores, want %d", got, tt.want)
			}
		})
	}
	if _, err := physicalCores(t.TempDir()); err == nil {
		t.Error("empty root: no error")
	}
}

func TestCopyWorkers(t *testing.T) {
	if n, _ := copyWorkers(0, writeTopology(t, []string{"0,1", "0,1"})); n != 1 {
		t.Errorf("one SMT core: %d workers, want 1", n)
	}
	n, notes := copyWorkers(0, t.TempDir())
	if n != runtime.NumCPU() || len(notes) == 0 {
		t.Errorf("no topology: %d workers %q, want %d and a note", n, notes, runtime.NumCPU())
	}
	if n, _ := copyWorkers(1, t.TempDir()); n != 1 {
		t.Errorf("profile asks 1: got %d", n)
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
	if res.Extra["workers"] < 1 || res.Extra["copy_size_bytes"] <= 0 {
		t.Errorf("extra %v", res.Extra)
	}
	// The workers' own CPU share, so a busy machine is named on this row
	// too (the calling thread only waits on the pool).
	if _, ok := threadCPUTime(); ok {
		if sh, ok := res.Extra["cpu_share"]; !ok || sh <= 0 || sh > 1 {
			t.Errorf("cpu_share %v (%v), want the workers' share in (0, 1]", sh, ok)
		}
	}
}
