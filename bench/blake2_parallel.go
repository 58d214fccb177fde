package bench

import (
	"context"
	"fmt"
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
	n, notes := parallelWorkers(want, runtime.NumCPU())
	if runtime.GOMAXPROCS(0) < n {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	}
	cal, err := chooseBlake2(ctx)
	if err != nil {
		return Result{}, err
	}
	pool := newHashPool(n, cal.Best)
	defer pool.stop()
	samples, err := Sample(ctx, cfg.Plan, pool.op)
	kernelNotes, extra := kernelReport(cal)
	extra["workers"] = float64(n)
	return Result{Samples: samples, Notes: append(notes, kernelNotes...), Extra: extra}, err
}

// parallelWorkers caps the requested workers at the logical CPUs there are,
// and says so: more threads than CPUs would measure the scheduler.
func parallelWorkers(want, cpus int) (int, []string) {
	if cpus >= want {
		return want, []string{fmt.Sprintf("ran on %d workers", want)}
	}
	return cpus, []string{fmt.Sprintf("ran on %d CPUs: only %d logical CPUs, profile asks for %d", cpus, cpus, want)}
}

// hashPool keeps one goroutine per worker locked to its OS thread, so every
// sample runs on the same threads and no thread is created inside a timing.
type hashPool struct {
	kernel  blake2.Impl
	rounds  []chan round
	results chan float64
}

type round struct {
	iters int
	start chan struct{}
}

func newHashPool(n int, kernel blake2.Impl) *hashPool {
	p := &hashPool{kernel: kernel, rounds: make([]chan round, n), results: make(chan float64, n)}
	for i := range p.rounds {
		p.rounds[i] = make(chan round)
		go p.worker(p.rounds[i])
	}
	return p
}

func (p *hashPool) worker(rounds <-chan round) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	buf := newBlake2Input()
	var sink [32]byte
	for r := range rounds {
		<-r.start
		start := time.Now()
		for range r.iters {
			sink = p.kernel.Sum256(buf)
		}
		p.results <- float64(r.iters*len(buf)) / time.Since(start).Seconds()
	}
	runtime.KeepAlive(sink)
}

// op hands every worker the round, then releases them together (the
// barrier) and averages their rates.
func (p *hashPool) op(iters int) (float64, time.Duration, error) {
	r := round{iters: iters, start: make(chan struct{})}
	for _, c := range p.rounds {
		c <- r // unbuffered: returns once the worker holds the round
	}
	begin := time.Now()
	close(r.start)
	var sum float64
	for range p.rounds {
		sum += <-p.results
	}
	return sum / float64(len(p.rounds)), time.Since(begin), nil
}

func (p *hashPool) stop() {
	for _, c := range p.rounds {
		close(c)
	}
}
