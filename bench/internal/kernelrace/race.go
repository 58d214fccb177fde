// Package kernelrace times candidate kernels against each other on one
// thread: the start-up race that picks a BLAKE2 implementation and the
// capability races (faithful kernel against the fastest one) share it, so
// both are timed the same way.
package kernelrace

import (
	"context"
	"time"

	"github.com/hwqual/hwqual/internal/stats"
)

// Clock reads a monotonic time. A race is best given the calling thread's
// CPU clock: time slices lost to other processes then do not decide it,
// which on a busy machine they otherwise would.
type Clock func() time.Duration

// WallClock is the time since the first call, for platforms without a
// per-thread CPU clock.
func WallClock() Clock {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}

// Candidate is one kernel in a race: Run does one pass over Bytes bytes.
type Candidate struct {
	Name  string
	Bytes float64
	Run   func()
}

// Run races cands in rounds interleaved rounds of about slice each, so a
// frequency change or a noisy neighbour hits every candidate alike, and
// returns each one's median rate in bytes per second, keyed by Name. The
// caller pins the thread and turns the garbage collector off, as for any
// timed loop. It stops with ctx's error between two timed slices.
func Run(ctx context.Context, rounds int, slice time.Duration, clock Clock, cands []Candidate) (map[string]float64, error) {
	iters := make([]int, len(cands))
	for i, c := range cands {
		// One untimed pass warms caches and branch predictors; a second,
		// timed, sizes the slice.
		c.Run()
		start := clock()
		c.Run()
		iters[i] = max(1, int(slice/max(clock()-start, time.Nanosecond)))
	}
	rates := make([][]float64, len(cands))
	for range rounds {
		for i, c := range cands {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			start := clock()
			for range iters[i] {
				c.Run()
			}
			elapsed := max(clock()-start, time.Nanosecond)
			rates[i] = append(rates[i], float64(iters[i])*c.Bytes/elapsed.Seconds())
		}
	}
	out := make(map[string]float64, len(cands))
	for i, c := range cands {
		out[c.Name] = stats.Median(rates[i])
	}
	return out, nil
}
