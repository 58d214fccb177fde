package bench

import (
	"context"
	"runtime"
	"time"

	"github.com/hwqual/hwqual/bench/internal/blake2"
	"github.com/hwqual/hwqual/internal/units"
)

// defaultParallelWorkers is Substrate's parallelism for the validator check.
const defaultParallelWorkers = 8

// blake2Parallel runs the BLAKE2-256 loop on N threads at once and scores the
// average per-worker throughput, Substrate's definition: on N real cores it
// stays near the single-core score; on shared or SMT cores it drops.
type blake2Parallel struct{}

func (blake2Parallel) Info() Info {
	return Info{
		Name:     "BLAKE2-256-Parallel",
		Category: "CPU",
		Kind:     units.BytesPerSecond,
		Parallel: true,
		Method:   "BLAKE2-256 (same kernel as BLAKE2-256) on N OS threads started together; score is the mean per-worker throughput",
	}
}

func (blake2Parallel) Run(ctx context.Context, cfg Config) (Result, error) {
	want := cfg.Workers
	if want <= 0 {
		want = defaultParallelWorkers
	}
	cal, err := chooseBlake2(ctx)
	if err != nil {
		return Result{}, err
	}
	kernel := blake2.Substrate()
	workers, notes := placeWorkers(sysRoot, want)
	defer ensureProcs(workers.Ran)()
	pool, poolNotes := newThreadPool(workers, func() workFunc {
		buf := newBlake2Input()
		return func(iters int) float64 {
			var sink [32]byte
			for range iters {
				sink = kernel.Sum256(buf)
			}
			runtime.KeepAlive(sink)
			return float64(iters * len(buf))
		}
	})
	defer pool.stop()
	samples, err := Sample(ctx, cfg.Plan, func(iters int) (float64, time.Duration, error) {
		res, wall := pool.run(iters)
		return meanWorkerRate(res), wall, nil
	})
	kernelNotes, extra := kernelReport(cal, kernel)
	notes = append(append(notes, poolNotes...), kernelNotes...)
	res := Result{Samples: samples, Notes: notes, Extra: extra, Workers: workers}
	res.addCapability(blake2Capability(cal, kernel), units.BytesPerSecond)
	return res, err
}

// meanWorkerRate is Substrate's parallel score: the mean of the workers'
// own rates.
func meanWorkerRate(res []workerResult) float64 {
	var sum float64
	for _, r := range res {
		sum += r.work / r.elapsed.Seconds()
	}
	return sum / float64(len(res))
}
