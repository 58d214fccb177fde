package bench

import (
	"runtime"
	"sync"
	"time"
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
}

// newThreadPool starts n workers; newWork runs on each worker's thread and
// returns its workload. The caller must call stop.
func newThreadPool(n int, newWork func() workFunc) *threadPool {
	p := &threadPool{rounds: make([]chan round, n), results: make(chan workerResult, n)}
	ready := make(chan struct{})
	for i := range p.rounds {
		p.rounds[i] = make(chan round)
		p.running.Go(func() { p.worker(p.rounds[i], newWork, ready) })
	}
	for range p.rounds {
		<-ready
	}
	return p
}

func (p *threadPool) worker(rounds <-chan round, newWork func() workFunc, ready chan<- struct{}) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	work := newWork()
	ready <- struct{}{}
	for r := range rounds {
		<-r.start
		start := time.Now()
		done := work(r.iters)
		p.results <- workerResult{work: done, elapsed: time.Since(start)}
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
