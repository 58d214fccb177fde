//go:build soak

package burnin

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

	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/internal/stats"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// TestSoak runs a healthy burn-in for SOAK_DURATION (default 10m) through
// the public Run, configured as `hwqual burnin --mem 256MiB --accept-unknown`
// (validator quick metrics, 1 GiB verify file, phases of an eighth of the
// duration), and samples every 5 s and at every phase change the process's
// resident memory, Go heap, goroutine count and the checkpoint's size. It
// holds when, from the first fifth of the run (minute 2) on, the resident
// memory each cpu, memory and disk phase holds (its median sample) stays
// within ±10 % of the median over that phase's cycles (or 4 MiB, whichever
// is larger: a 25 MiB process moves by a few MiB with the garbage
// collector's timing), the goroutine count as each phase begins stays the
// same, the checkpoint stays under SOAK_MAX_CHECKPOINT bytes (default
// 1 MiB), and the run passes with no verification error. Peaks are logged,
// not judged: the quick phase's memory metrics hold their buffers for a
// fraction of a second, which a 5 s sample catches or misses, and on an
// oversubscribed machine a phase can start with a transient heap (see
// docs/burnin.md, "Soak"). `make soak` runs it (minutes, so not
// part of `make test`); SOAK_DIR picks the directory (an ext4 one for the
// figures in docs/burnin.md), SOAK_DISK_IO=buffered the buffered mode.
func TestSoak(t *testing.T) {
	duration := envDuration(t, "SOAK_DURATION", 10*time.Minute)
	dir := os.Getenv("SOAK_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	mode := DiskIOAuto
	if os.Getenv("SOAK_DISK_IO") == "buffered" {
		mode = DiskIOBuffered
	}
	maxCheckpoint := int64(1 << 20)
	if v := os.Getenv("SOAK_MAX_CHECKPOINT"); v != "" {
		maxCheckpoint, _ = strconv.ParseInt(v, 10, 64)
	}
	prof, err := profiles.Load("validator")
	if err != nil {
		t.Fatal(err)
	}
	reg := scratch.New()
	defer reg.RemoveAll()
	ckpt := filepath.Join(dir, CheckpointName)
	defer os.Remove(ckpt)

	type sample struct {
		at         time.Duration
		phase      string
		cycle      int
		rss, heap  int64
		goroutines int
		checkpoint int64
		// change marks a sample taken as a phase began, before its workers.
		change bool
	}
	var samples []sample
	var phase string
	var cycle int
	start := time.Now()
	take := func(change bool) {
		st, _ := os.Stat(ckpt)
		var size int64
		if st != nil {
			size = st.Size()
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		samples = append(samples, sample{time.Since(start), phase, cycle, residentBytes(t), int64(m.HeapAlloc), runtime.NumGoroutine(), size, change})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	status := make(chan Status, 16)
	done := make(chan *model.BurnIn)
	go func() {
		rep, err := Run(ctx, Config{Duration: duration, Dir: dir, Root: "/", MemoryBytes: 256 << 20, DiskFileBytes: 1 << 30,
			DiskIO: mode, AcceptUnknown: true, Quick: QuickProfile(prof), Profile: prof.Name, Scratch: reg,
			Version: "soak", Host: "soak", Checkpoint: ckpt,
			Progress: func(s Status) {
				select {
				case status <- s:
				default:
				}
			}})
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	var rep *model.BurnIn
	for rep == nil {
		select {
		case s := <-status:
			if s.Phase != phase {
				phase, cycle = s.Phase, s.Cycle
				take(true)
			}
		case <-tick.C:
			take(false)
		case rep = <-done:
		}
	}
	take(false)

	t.Logf("%8s %-10s %5s %6s %9s %9s %10s %11s", "elapsed", "phase", "cycle", "start", "RSS MiB", "heap MiB", "goroutines", "checkpoint")
	for _, s := range samples {
		t.Logf("%8s %-10s %5d %6v %9.1f %9.1f %10d %11d", s.at.Round(time.Second), s.phase, s.cycle, s.change, float64(s.rss)/(1<<20), float64(s.heap)/(1<<20), s.goroutines, s.checkpoint)
	}
	for _, p := range rep.Phases {
		t.Logf("phase %s %d: %s", p.Name, p.Cycle, p.Work)
	}
	if rep.Verdict.Result != model.StatusPass || rep.ErrorCount != 0 || !rep.Complete {
		t.Errorf("healthy soak: verdict %s, %d errors, complete %v: %+v", rep.Verdict.Result, rep.ErrorCount, rep.Complete, rep.Errors)
	}
	t.Logf("disk I/O %s; verdict %s", rep.DiskIO, rep.Verdict.Result)

	// Peak RSS per phase instance, and RSS as each phase begins, from
	// minute 2 on. The final read begins after the watch goroutine's
	// last sample may have stopped it: it is left out of the goroutines.
	settled := duration / 5
	type key struct {
		phase string
		cycle int
	}
	peak := map[key]float64{}
	held := map[key][]float64{}
	var order []key
	var between []int
	for _, s := range samples {
		if s.at < settled || s.phase == "" {
			continue
		}
		mib := float64(s.rss) / (1 << 20)
		if s.change && s.phase != PhaseFinalRead {
			between = append(between, s.goroutines)
		}
		k := key{s.phase, s.cycle}
		if _, ok := peak[k]; !ok {
			order = append(order, k)
		}
		peak[k] = max(peak[k], mib)
		held[k] = append(held[k], mib)
	}
	within := func(what string, v []float64) {
		med := stats.Median(v)
		t.Logf("%s after %s: median %.1f MiB, %.1f", what, settled, med, v)
		for _, x := range v {
			if d := max(med*0.1, 4); x < med-d || x > med+d {
				t.Errorf("%s: %.1f MiB is more than ±%.1f MiB from the median %.1f MiB", what, x, d, med)
			}
		}
	}
	for _, name := range PhaseOrder {
		var peaks, medians []float64
		for _, k := range order {
			if k.phase == name {
				peaks, medians = append(peaks, peak[k]), append(medians, stats.Median(held[k]))
			}
		}
		if len(peaks) == 0 {
			continue
		}
		t.Logf("peak RSS of %s phases (not judged): %.1f", name, peaks)
		if name == "quick" {
			t.Logf("RSS held by quick phases (not judged): %.1f", medians)
			continue
		}
		within("RSS held by "+name+" phases", medians)
	}
	if len(between) > 0 {
		lo, hi := slices.Min(between), slices.Max(between)
		t.Logf("goroutines as each phase begins, after %s: %d to %d", settled, lo, hi)
		if hi != lo {
			t.Errorf("goroutines as each phase begins went from %d to %d", lo, hi)
		}
	}
	var maxCk int64
	for _, s := range samples {
		maxCk = max(maxCk, s.checkpoint)
	}
	t.Logf("checkpoint: largest %d bytes (limit %d)", maxCk, maxCheckpoint)
	if maxCk > maxCheckpoint {
		t.Errorf("checkpoint grew to %d bytes, over %d", maxCk, maxCheckpoint)
	}
}

func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return d
}

// residentBytes is this process's VmRSS.
func residentBytes(t *testing.T) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}
