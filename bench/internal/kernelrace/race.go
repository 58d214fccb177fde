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
		iters[i] = sliceIters(c, slice, clock)
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

// maxSizingPasses bounds sizing on a clock that never advances.
const maxSizingPasses = 1 << 16

// sliceIters is how many passes of c fill slice. It times a doubling
// number of passes until the clock has moved by at least a tenth of the
// slice: a clock that ticks coarsely (a per-thread CPU clock fed by
// jiffies, as in an emulated guest without a stable TSC) reads a single
// short pass as zero, and slice ÷ 1 ns then asked for millions of passes,
// which hung a burn-in's start-up race in the NVMe VM under load.
func sliceIters(c Candidate, slice time.Duration, clock Clock) int {
	for n := 1; ; n *= 2 {
		start := clock()
		for range n {
			c.Run()
		}
		elapsed := clock() - start
		if elapsed >= slice/10 {
			return max(1, int(float64(n)*float64(slice)/float64(elapsed)))
		}
		if n >= maxSizingPasses {
			return n // the clock barely moves: do not trust it to size more
		}
	}
}
