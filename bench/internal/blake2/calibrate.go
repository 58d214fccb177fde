package blake2

import (
	"context"
	"slices"
	"time"
)

// Calibration is the outcome of racing every implementation on one input.
type Calibration struct {
	// Best is the fastest implementation; Choose never returns one slower
	// than XCrypto, because XCrypto takes part in the race.
	Best Impl
	// Rates is each implementation's median throughput in bytes per second,
	// keyed by Impl.Name.
	Rates map[string]float64
}

// Clock reads a monotonic time. Calibrate is best given the calling
// thread's CPU clock: time slices lost to other processes then do not decide
// the race, which on a busy machine they otherwise would.
type Clock func() time.Duration

// WallClock is the time since the first call, for platforms without a
// per-thread CPU clock.
func WallClock() Clock {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}

// Calibrate races impls on buf: rounds interleaved rounds of about slice
// each, so a frequency change or a noisy neighbour hits every candidate
// alike, and the median round decides. The caller pins the thread and turns
// the garbage collector off, as for any timed loop.
func Calibrate(ctx context.Context, impls []Impl, buf []byte, rounds int, slice time.Duration, clock Clock) (Calibration, error) {
	iters := make([]int, len(impls))
	rates := make([][]float64, len(impls))
	for i, impl := range impls {
		// One untimed call warms caches and branch predictors; a second,
		// timed, sizes the slice.
		impl.Sum256(buf)
		start := clock()
		impl.Sum256(buf)
		iters[i] = max(1, int(slice/max(clock()-start, time.Nanosecond)))
	}
	for range rounds {
		for i, impl := range impls {
			if err := ctx.Err(); err != nil {
				return Calibration{}, err
			}
			rates[i] = append(rates[i], timeSum(impl, buf, iters[i], clock))
		}
	}
	c := Calibration{Rates: make(map[string]float64, len(impls))}
	best := -1.0
	for i, impl := range impls {
		m := median(rates[i])
		c.Rates[impl.Name] = m
		if m > best {
			best, c.Best = m, impl
		}
	}
	return c, nil
}

// timeSum returns the throughput of iters digests of buf, in bytes/s.
func timeSum(impl Impl, buf []byte, iters int, clock Clock) float64 {
	var sink [32]byte
	start := clock()
	for range iters {
		sink = impl.Sum256(buf)
	}
	elapsed := max(clock()-start, time.Nanosecond)
	_ = sink
	return float64(iters*len(buf)) / elapsed.Seconds()
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
