package bench

import (
	"context"
	"testing"
	"time"
)

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
