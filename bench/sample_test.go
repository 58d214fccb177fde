package bench

import (
	"context"
	"errors"
	"testing"
	"time"
)

// countingOp does no work; it reports a rate derived from iters so the test
// can see calibration at work.
func countingOp(calls *int, maxIters *int) Op {
	return func(iters int) (float64, time.Duration, error) {
		*calls++
		*maxIters = max(*maxIters, iters)
		time.Sleep(time.Millisecond)
		return float64(iters), time.Millisecond, nil
	}
}

func TestSampleMeetsPlan(t *testing.T) {
	var calls, maxIters int
	plan := Plan{Warmup: 5 * time.Millisecond, Duration: 20 * time.Millisecond, MinSamples: 4, SampleTime: 10 * time.Millisecond}
	samples, err := Sample(context.Background(), plan, countingOp(&calls, &maxIters))
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) < plan.MinSamples {
		t.Errorf("%d samples, want at least %d", len(samples), plan.MinSamples)
	}
	// The op claims 1 ms per iteration, so a 10 ms sample needs 10 iterations.
	if maxIters != 10 {
		t.Errorf("calibrated %d iterations per sample, want 10", maxIters)
	}
	if calls <= len(samples) {
		t.Errorf("no warm-up: %d calls for %d samples", calls, len(samples))
	}
}

func TestSampleStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	op := func(iters int) (float64, time.Duration, error) {
		if n++; n == 5 {
			cancel()
		}
		return 1, time.Millisecond, nil
	}
	plan := Plan{Duration: time.Hour, MinSamples: 1, SampleTime: time.Millisecond}
	_, err := Sample(ctx, plan, op)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestSamplePropagatesOpError(t *testing.T) {
	boom := errors.New("boom")
	op := func(int) (float64, time.Duration, error) { return 0, 0, boom }
	if _, err := Sample(context.Background(), DefaultPlan(), op); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

func TestPlanValidate(t *testing.T) {
	bad := []Plan{
		{MinSamples: 0, SampleTime: time.Millisecond},
		{MinSamples: 1, Duration: -1, SampleTime: time.Millisecond},
		{MinSamples: 1},
	}
	for _, p := range bad {
		if p.Validate() == nil {
			t.Errorf("plan %+v validated", p)
		}
	}
	if err := DefaultPlan().Validate(); err != nil {
		t.Error(err)
	}
}

func TestPassRate(t *testing.T) {
	op := Pass(1000, func() error { time.Sleep(time.Millisecond); return nil })
	rate, elapsed, err := op(3)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3000 / elapsed.Seconds(); rate != want {
		t.Errorf("rate = %v, want %v", rate, want)
	}
}

func TestItersFor(t *testing.T) {
	tests := []struct {
		sample, perIter time.Duration
		want            int
	}{
		{100 * time.Millisecond, 0, 1},
		{100 * time.Millisecond, time.Second, 1},
		{100 * time.Millisecond, 30 * time.Millisecond, 4},
		{100 * time.Millisecond, 25 * time.Microsecond, 4000},
	}
	for _, tt := range tests {
		if got := itersFor(tt.sample, tt.perIter); got != tt.want {
			t.Errorf("itersFor(%v, %v) = %d, want %d", tt.sample, tt.perIter, got, tt.want)
		}
	}
}

// TestWarmUpSizesFromFastest feeds warmUp a workload whose first iterations
// are slow (cold caches, a lost time slice): samples are sized from the
// steady-state cost, not the mean.
func TestWarmUpSizesFromFastest(t *testing.T) {
	times := []time.Duration{50 * time.Millisecond, 30 * time.Millisecond, 10 * time.Millisecond, 12 * time.Millisecond}
	i := 0
	op := func(iters int) (float64, time.Duration, error) {
		d := times[min(i, len(times)-1)]
		i++
		return 1, d, nil
	}
	got, err := warmUp(context.Background(), 100*time.Millisecond, op)
	if err != nil {
		t.Fatal(err)
	}
	if got != 10*time.Millisecond {
		t.Errorf("per-iteration time %v, want the fastest, 10ms", got)
	}
	if n := itersFor(50*time.Millisecond, got); n != 5 {
		t.Errorf("itersFor = %d, want 5", n)
	}
}
