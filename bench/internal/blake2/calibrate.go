package blake2

import (
	"context"
	"time"

	"github.com/hwqual/hwqual/bench/internal/kernelrace"
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

// Calibrate races impls on buf with kernelrace.Run: rounds interleaved
// rounds of about slice each, and the median round decides. Give it the
// calling thread's CPU clock where there is one (see kernelrace.Clock). The
// caller pins the thread and turns the garbage collector off, as for any
// timed loop.
func Calibrate(ctx context.Context, impls []Impl, buf []byte, rounds int, slice time.Duration, clock kernelrace.Clock) (Calibration, error) {
	var sink [32]byte // keeps the digests, so no pass is dead code
	cands := make([]kernelrace.Candidate, len(impls))
	for i, impl := range impls {
		cands[i] = kernelrace.Candidate{Name: impl.Name, Bytes: float64(len(buf)), Run: func() { sink = impl.Sum256(buf) }}
	}
	rates, err := kernelrace.Run(ctx, rounds, slice, clock, cands)
	_ = sink
	if err != nil {
		return Calibration{}, err
	}
	c := Calibration{Rates: rates}
	best := -1.0
	for _, impl := range impls {
		if m := rates[impl.Name]; m > best {
			best, c.Best = m, impl
		}
	}
	return c, nil
}
