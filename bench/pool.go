package bench

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/hwqual/hwqual/internal/affinity"
)

// threadPool keeps one goroutine per worker locked to its OS thread, so every
// sample runs on the same threads and no thread is created inside a timing.
// Each worker builds its own state on its own thread (buffers are first
// touched there, which places them on that thread's NUMA node).
type threadPool struct {
	rounds  []chan round
	results chan workerResult
	// running counts the workers still holding their buffers.
	running sync.WaitGroup
}

// workFunc runs iters iterations and returns the work done, in the metric's
// base unit (bytes for every current module).
type workFunc func(iters int) float64

type round struct {
	iters int
	start chan struct{}
}

// workerResult is what one worker did in one round.
type workerResult struct {
	work    float64
	elapsed time.Duration
	// cpu is the worker thread's CPU time in the round; 0 where the
	// platform has no per-thread CPU clock.
	cpu time.Duration
}

// newThreadPool starts w.Ran workers, worker i pinned to w.CPUs[i] when
// the placement has CPUs; newWork runs on each worker's thread, after the
// pin, and returns its workload. A pin the kernel refuses leaves that
// worker unpinned: the run goes on and w loses its CPU set and says why in
// the returned notes, which end with where the workers ran. The caller
// must call stop.
func newThreadPool(w *Workers, newWork func() workFunc) (*threadPool, []string) {
	n := w.Ran
	p := &threadPool{rounds: make([]chan round, n), results: make(chan workerResult, n)}
	ready := make(chan error)
	for i := range p.rounds {
		p.rounds[i] = make(chan round)
		cpu := -1
		if len(w.CPUs) == n {
			cpu = w.CPUs[i]
		}
		p.running.Go(func() { p.worker(p.rounds[i], cpu, newWork, ready) })
	}
	var refused error
	for range p.rounds {
		if err := <-ready; err != nil {
			refused = err
		}
	}
	if refused != nil {
		w.CPUs, w.Shared = nil, 0
		return p, []string{fmt.Sprintf("workers not all pinned (%v): no CPU set reported", refused), w.note()}
	}
	return p, []string{w.note()}
}

// worker runs on its own OS thread. A pinned worker never unlocks it, so
// the thread exits with the worker instead of carrying its CPU mask back
// into the Go scheduler.
func (p *threadPool) worker(rounds <-chan round, cpu int, newWork func() workFunc, ready chan<- error) {
	var pinErr error
	if cpu >= 0 {
		pinErr = affinity.Pin(cpu)
	} else {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	work := newWork()
	ready <- pinErr
	for r := range rounds {
		<-r.start
		start := time.Now()
		cpu0, _ := threadCPUTime()
		done := work(r.iters)
		cpu1, _ := threadCPUTime()
		p.results <- workerResult{work: done, elapsed: time.Since(start), cpu: cpu1 - cpu0}
	}
}

// run hands every worker the round, releases them together (the barrier),
// and returns each worker's result and the wall time until the last ended.
func (p *threadPool) run(iters int) ([]workerResult, time.Duration) {
	r := round{iters: iters, start: make(chan struct{})}
	for _, c := range p.rounds {
		c <- r // unbuffered: returns once the worker holds the round
	}
	begin := time.Now()
	close(r.start)
	res := make([]workerResult, len(p.rounds))
	for i := range res {
		res[i] = <-p.results
	}
	return res, time.Since(begin)
}

// stop ends the workers and waits for them to return, so their buffers are
// garbage when the metric's Run returns: a caller that collects them then
// (a burn-in between phases) must not find them still referenced, or the
// collector sizes its next heap goal to them.
func (p *threadPool) stop() {
	for _, c := range p.rounds {
		close(c)
	}
	p.running.Wait()
}

// ensureProcs raises GOMAXPROCS to at least n and returns the undo.
func ensureProcs(n int) func() {
	if prev := runtime.GOMAXPROCS(0); prev < n {
		runtime.GOMAXPROCS(n)
		return func() { runtime.GOMAXPROCS(prev) }
	}
	return func() {}
}

// poolShares collects, per round, the workers' mean CPU share (CPU time
// over the round's wall time), so a parallel row can name contention as
// the single-thread rows do: the calling thread only waits on the pool.
type poolShares []float64

// add records one round.
func (s *poolShares) add(res []workerResult, wall time.Duration) {
	if wall <= 0 || len(res) == 0 {
		return
	}
	var sum float64
	for _, r := range res {
		sum += min(1, float64(r.cpu)/float64(wall))
	}
	*s = append(*s, sum/float64(len(res)))
}

// of returns the shares of the sampled windows: the last len(sampled.Rates)
// rounds (the warm-up's rounds come first), or nil without a CPU clock.
func (s poolShares) of(sampled Sampled) []float64 {
	if _, ok := threadCPUTime(); !ok || len(s) < len(sampled.Rates) {
		return nil
	}
	return s[len(s)-len(sampled.Rates):]
}
