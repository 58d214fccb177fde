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
	// Substrate's estimator per worker (its work over its window), averaged
	// over the workers; windows end on a barrier, so every worker's window
	// is the round's wall time and the whole-window rate of the per-round
	// means is the mean of the workers' whole-window rates.
	var shares poolShares
	plan := cfg.Plan
	if workers.Ran < workers.Requested {
		// Fewer workers than the profile asks: the row is not measured
		// (the evidence policy), so its figure is information and samples
		// to a quarter of the cap, as Copy-Parallel does.
		plan = plan.ForInformation()
	}
	sampled, err := Measure(ctx, plan, EstimatorWholeWindow, func(iters int) (float64, time.Duration, error) {
		res, wall := pool.run(iters)
		shares.add(res, wall)
		return meanWorkerRate(res), wall, nil
	})
	sampled.CPUShares = shares.of(sampled) // the workers', not the waiting caller's
	res := sampled.Result(units.BytesPerSecond)
	res.Notes = append(append(notes, poolNotes...), res.Notes...)
	res.Workers = workers
	kernelNotes, extra := kernelReport(cal, kernel)
	res.mergeReport(kernelNotes, extra)
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
