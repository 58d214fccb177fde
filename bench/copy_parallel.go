package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/hwqual/hwqual/internal/units"
)

// Per-worker copy size: 32 MiB, far past any per-core cache share, capped so
// all workers' source buffers together stay within 2 GiB on many-core hosts.
const (
	parallelCopySize  = 32 << 20
	parallelCopyTotal = 2 << 30
)

// sysRoot is where /sys is read from.
const sysRoot = "/"

// copyParallel measures aggregate memory copy bandwidth with one worker per
// physical core: the single-thread Copy is bound by one core's outstanding
// misses and reads 2-12x below STREAM on many-channel servers, so it says
// little about the memory system itself.
type copyParallel struct{}

func (copyParallel) Info() Info {
	return Info{
		Name:     "Copy-Parallel",
		Category: "Memory",
		Kind:     units.BytesPerSecond,
		Parallel: true,
		Method:   "Go copy() between prefaulted per-worker buffers (32 MiB, less on >64 cores) on one OS thread per physical core, started on a barrier; score is total bytes copied over wall time",
	}
}

func (copyParallel) Run(ctx context.Context, cfg Config) (Result, error) {
	workers, notes := placeWorkers(sysRoot, cfg.Workers)
	size := copySizeFor(workers.Ran)
	defer ensureProcs(workers.Ran)()
	pool, poolNotes := newThreadPool(workers, func() workFunc {
		src, dst := prefaulted(size), prefaulted(size)
		return func(iters int) float64 {
			for range iters {
				copy(dst, src)
			}
			return float64(iters * size)
		}
	})
	defer pool.stop()
	var shares poolShares
	sampled, err := Measure(ctx, cfg.Plan.ForInformation(), EstimatorMedian, func(iters int) (float64, time.Duration, error) {
		res, wall := pool.run(iters)
		shares.add(res, wall)
		var total float64
		for _, r := range res {
			total += r.work
		}
		return total / wall.Seconds(), wall, nil
	})
	sampled.CPUShares = shares.of(sampled) // the workers', not the waiting caller's
	res := sampled.Result(units.BytesPerSecond)
	notes = append(append(notes, poolNotes...), fmt.Sprintf("%.1f MiB per copy each", float64(size)/(1<<20)))
	res.Notes = append(notes, res.Notes...)
	res.Workers = workers
	res.mergeReport(nil, map[string]float64{
		"copy_size_bytes": float64(size),
	})
	return res, err
}

// copySizeFor is the per-worker buffer size for n workers, page-aligned.
func copySizeFor(n int) int {
	size := min(parallelCopySize, parallelCopyTotal/max(n, 1))
	return size &^ (4096 - 1)
}
