package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/units"
)

func TestParseCPUTimesAndSteal(t *testing.T) {
	// proc(5): cpu user nice system idle iowait irq softirq steal guest guest_nice
	t0 := parseCPUTimes([]byte("cpu  1000 0 200 5000 10 0 50 20 0 0\ncpu0 1 2 3\n"))
	t1 := parseCPUTimes([]byte("cpu  1700 0 300 9000 10 0 50 170 0 0\n"))
	if !t0.OK || t0.Busy != 1250 || t0.Steal != 20 {
		t.Fatalf("parsed %+v, want busy 1250 steal 20", t0)
	}
	// 800 busy ticks and 150 stolen: the hypervisor took 150/950.
	share, ok := t1.StealShare(t0)
	if !ok || share < 0.1578 || share > 0.1580 {
		t.Errorf("steal share %v (%v), want 150/950", share, ok)
	}
	if _, ok := parseCPUTimes([]byte("intr 1 2 3\n")).StealShare(t0); ok {
		t.Error("a malformed /proc/stat gave a steal share")
	}
	notes, extra := stealReport(share)
	if len(notes) != 1 || !strings.Contains(notes[0], "16%") || extra["steal_share"] != share {
		t.Errorf("steal report %q %v, want a note naming 16%%", notes, extra)
	}
	if notes, _ := stealReport(0.01); len(notes) != 0 {
		t.Errorf("1%% steal noted: %q", notes)
	}
}

// TestReadCPUTimesLive reads this machine's /proc/stat.
func TestReadCPUTimesLive(t *testing.T) {
	if _, err := os.Stat("/proc/stat"); err != nil {
		t.Skip("no /proc/stat")
	}
	// /proc/stat counts in clock ticks (10 ms): spin until some pass.
	t0 := ReadCPUTimes()
	deadline := time.Now().Add(2 * time.Second)
	x := 0
	for time.Now().Before(deadline) {
		for i := range 1_000_000 {
			x += i
		}
		if share, ok := ReadCPUTimes().StealShare(t0); ok {
			if share < 0 || share > 1 {
				t.Errorf("steal share %v outside [0, 1]", share)
			}
			return
		}
	}
	_ = x
	t.Errorf("no steal share from the live /proc/stat after 2 s of work (%+v)", t0)
}

// TestWaitQuiet drives the wait with an inflight counter another goroutine
// changes, as the block layer would: it waits while I/O is in flight, and
// says so in a note when the device never settles within the bound.
func TestWaitQuiet(t *testing.T) {
	dir := t.TempDir()
	inflight := filepath.Join(dir, "inflight")
	if err := os.WriteFile(inflight, []byte("       3        1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := &DiskOptions{Inflight: []string{inflight}, QuietWait: 100 * time.Millisecond}
	notes := o.waitQuiet(context.Background(), dir)
	if len(notes) != 1 || !strings.Contains(notes[0], "4 I/Os were still in flight") {
		t.Fatalf("busy device: notes %q, want one naming 4 I/Os in flight", notes)
	}

	o.QuietWait = 2 * time.Second
	go func() {
		time.Sleep(60 * time.Millisecond)
		_ = os.WriteFile(inflight, []byte("       0        0\n"), 0o644)
	}()
	start := time.Now()
	notes = o.waitQuiet(context.Background(), dir)
	waited := time.Since(start)
	wb, _ := readWriteback()
	if wb > 0 {
		t.Skipf("this machine has %d KiB under writeback; the settle half needs a quiet page cache", wb)
	}
	if len(notes) != 0 || waited < 60*time.Millisecond {
		t.Errorf("settling device: notes %q after %s, want none after ≥ 60 ms", notes, waited)
	}
}

// TestSampledResultNotes: a whole-window result keeps the undisturbed
// median beside its score and names the gap when the median lies outside
// the interval; a run that hit the cap says it did not reach ±1 %.
func TestSampledResultNotes(t *testing.T) {
	plan := DefaultPlan()
	var rates, secs []float64
	for i := range 30 {
		r := 1000.0 + float64(i%3)
		if i%3 == 0 {
			r = 500 // a third of the windows lost half their time
		}
		rates = append(rates, r)
		secs = append(secs, 0.05)
	}
	s := Sampled{Rates: rates, Seconds: secs, Estimator: EstimatorWholeWindow, Plan: plan, Elapsed: plan.Duration}
	res := s.Result(units.BytesPerSecond)
	if got := res.Extra["undisturbed_bytes_per_second"]; got != 1001 {
		t.Errorf("undisturbed %v, want the median 1001", got)
	}
	joined := strings.Join(res.Notes, "\n")
	for _, want := range []string{"not within ±1%", "contention measured: undisturbed"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes lack %q:\n%s", want, joined)
		}
	}
	// Steady contention: most windows slowed, a few free. The median is a
	// slowed window, and the note must not call it undisturbed.
	var steady []float64
	for i := range 30 {
		r := 600.0 + float64(i%3)
		if i%5 == 0 {
			r = 1500 // the odd window that had the core to itself
		}
		steady = append(steady, r)
	}
	st := Sampled{Rates: steady, Seconds: secs, Estimator: EstimatorWholeWindow, Plan: plan, Elapsed: plan.Duration}
	joined = strings.Join(st.Result(units.BytesPerSecond).Notes, "\n")
	if strings.Contains(joined, "undisturbed 6") || !strings.Contains(joined, "most windows were slowed") {
		t.Errorf("steady contention: notes %s", joined)
	}
	quiet := Sampled{Rates: []float64{1000, 1001, 999, 1000, 1000, 1001, 999, 1000, 1000, 1000}, Estimator: EstimatorWholeWindow, Plan: plan, Reached: true}
	if res := quiet.Result(units.BytesPerSecond); len(res.Notes) != 0 {
		t.Errorf("quiet run has notes %q", res.Notes)
	}
}
