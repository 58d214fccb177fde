package burnin

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hwqual/hwqual/internal/units"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/affinity"
	"github.com/hwqual/hwqual/reports/model"
)

// cpuPhase keeps every CPU busy with the CPU metrics' kernels (BLAKE2-256
// and sr25519 verification), each worker on its own OS thread checking
// every digest and verification, until the phase ends.
func (r *runner) cpuPhase(ctx context.Context) (string, error) {
	n := r.threads()
	cpus, where := r.placement(n)
	var bytes atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range n {
		wg.Go(func() {
			pinWorker(cpus, w)
			b, err := bench.NewBurn(ctx)
			if err != nil {
				errs <- err
				return
			}
			for ctx.Err() == nil {
				done, err := b.Round(16)
				if err != nil {
					r.addError(model.VerifyError{Time: time.Now().UTC(), Kind: "cpu", Test: "kernel result",
						Where: fmt.Sprintf("worker %d", w), Expected: "correct result", Found: "wrong result", Detail: err.Error()})
					continue
				}
				bytes.Add(int64(done))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if ctx.Err() == nil {
			return "", fmt.Errorf("cpu load: %w", err)
		}
	}
	return fmt.Sprintf("%d threads %s, BLAKE2-256 and sr25519 verify, %s processed, every result checked", n, where, units.GiB(float64(bytes.Load()))), nil
}

// placement is where n load workers run: one per physical core, SMT
// siblings only once every core has one (internal/affinity), recorded in
// the report. It says how, for the phase's work line; nil CPUs leave the
// workers unpinned.
func (r *runner) placement(n int) ([]int, string) {
	topo, notes := affinity.Usable("/")
	p := topo.Place(n)
	if len(p.CPUs) < n {
		return nil, "not pinned (" + strings.Join(append(notes, fmt.Sprintf("%d CPUs to pin %d workers to", len(p.CPUs), n)), "; ") + ")"
	}
	r.mu.Lock()
	r.rep.CPUs = p.CPUs
	r.mu.Unlock()
	where := "pinned to CPUs " + affinity.FormatList(p.CPUs)
	if p.Shared > 0 {
		where += fmt.Sprintf(" (%d on SMT siblings)", p.Shared)
	}
	return p.CPUs, where
}

// pinWorker holds worker w's goroutine on its CPU, or, unpinned, on one
// OS thread for its life. A refused pin leaves it unpinned: the load
// still runs, and the CPU set recorded is what was asked.
func pinWorker(cpus []int, w int) {
	if len(cpus) == 0 {
		runtime.LockOSThread() // released when the goroutine exits
		return
	}
	_ = affinity.Pin(cpus[w%len(cpus)])
}

func (r *runner) threads() int {
	if r.cfg.Threads > 0 {
		return r.cfg.Threads
	}
	return runtime.NumCPU()
}
