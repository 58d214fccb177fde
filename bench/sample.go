package bench

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"time"
)

// Plan is a module's sampling budget. Sampling runs until both Duration has
// passed and MinSamples samples were taken.
type Plan struct {
	// Warmup is spent running the workload before any sample is kept; it
	// also calibrates how many iterations make one sample.
	Warmup time.Duration
	// Duration is the least time spent taking samples.
	Duration time.Duration
	// MinSamples is the least number of samples taken.
	MinSamples int
	// SampleTime is the target length of one sample: short enough to get
	// many samples, long enough that timer resolution does not matter.
	SampleTime time.Duration
}

// DefaultPlan is the quick plan: about 1.1 s per metric (0.1 s warm-up, then
// 50 ms samples for 1 s), so the validator profile's five CPU and memory
// metrics take about 7 s with their set-up. Twenty short samples give a
// steadier median than five long ones: one descheduled sample moves the
// median of twenty much less. The minimum stays at 5 so workloads whose one
// pass is long (a disk write, 2048 verifications) are not stretched.
func DefaultPlan() Plan {
	return Plan{Warmup: 100 * time.Millisecond, Duration: time.Second, MinSamples: 5, SampleTime: 50 * time.Millisecond}
}

// Validate reports a plan that cannot produce samples.
func (p Plan) Validate() error {
	switch {
	case p.MinSamples < 1:
		return fmt.Errorf("samples must be at least 1, got %d", p.MinSamples)
	case p.Duration < 0:
		return fmt.Errorf("duration must not be negative, got %s", p.Duration)
	case p.SampleTime <= 0:
		return fmt.Errorf("sample time must be positive, got %s", p.SampleTime)
	}
	return nil
}

// Op runs iters iterations of a workload and returns the rate it measured
// (in the metric's base unit) and the wall time it took. Modules that time
// themselves, such as parallel workers, implement Op directly; most use Pass.
type Op func(iters int) (rate float64, elapsed time.Duration, err error)

// Pass returns an Op that times iters calls of fn, each doing work units.
func Pass(work float64, fn func() error) Op {
	return func(iters int) (float64, time.Duration, error) {
		start := time.Now()
		for range iters {
			if err := fn(); err != nil {
				return 0, 0, err
			}
		}
		elapsed := time.Since(start)
		return float64(iters) * work / elapsed.Seconds(), elapsed, nil
	}
}

// Sample warms op up, calibrates the iterations per sample, then takes
// samples until the plan is met or ctx ends. The calling goroutine is locked
// to its OS thread and the garbage collector is off while sampling, so a GC
// cycle or a thread migration does not land inside a timed loop.
func Sample(ctx context.Context, plan Plan, op Op) ([]float64, error) {
	s, err := SampleShares(ctx, plan, op)
	return s.Rates, err
}

// Sampled is what SampleShares measured.
type Sampled struct {
	// Rates are the samples, in the metric's base unit per wall second.
	Rates []float64
	// CPUShares are, per sample, the calling thread's CPU time over the
	// wall time: near 1 when the thread had its core to itself, lower when
	// other work or hypervisor steal took the core. Empty where the
	// platform reports no per-thread CPU time.
	CPUShares []float64
}

// SampleShares is Sample that also records how much of each sample's wall
// time the measuring thread actually ran, for ops that do their work on the
// calling thread.
func SampleShares(ctx context.Context, plan Plan, op Op) (Sampled, error) {
	var s Sampled
	if err := plan.Validate(); err != nil {
		return s, err
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))

	perIter, err := warmUp(ctx, plan.Warmup, op)
	if err != nil {
		return s, err
	}
	iters := itersFor(plan.SampleTime, perIter)

	start := time.Now()
	for len(s.Rates) < plan.MinSamples || time.Since(start) < plan.Duration {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		cpu0, cpuOK := threadCPUTime()
		rate, elapsed, err := op(iters)
		cpu1, _ := threadCPUTime()
		if err != nil {
			return s, err
		}
		s.Rates = append(s.Rates, rate)
		if cpuOK && elapsed > 0 {
			s.CPUShares = append(s.CPUShares, min(1, float64(cpu1-cpu0)/float64(elapsed)))
		}
	}
	return s, nil
}

// warmUp runs single iterations for at least d (and at least once) and
// returns the fastest one's time. The fastest is the steady-state cost: the
// mean would count cold caches and, on a busy machine, lost time slices,
// making samples shorter and noisier from one run to the next.
func warmUp(ctx context.Context, d time.Duration, op Op) (time.Duration, error) {
	var total time.Duration
	fastest := time.Duration(math.MaxInt64)
	n := 0
	for n == 0 || total < d {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		_, elapsed, err := op(1)
		if err != nil {
			return 0, err
		}
		total += elapsed
		fastest = min(fastest, elapsed)
		n++
	}
	return fastest, nil
}

// itersFor is how many iterations of length perIter fill one sample.
func itersFor(sampleTime, perIter time.Duration) int {
	if perIter <= 0 {
		return 1
	}
	return int(max(1, math.Ceil(float64(sampleTime)/float64(perIter))))
}
