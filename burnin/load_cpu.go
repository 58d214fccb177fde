package burnin

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/reports"
)

// cpuPhase keeps every CPU busy with the CPU metrics' kernels (BLAKE2-256
// and sr25519 verification), each worker on its own OS thread checking
// every digest and verification, until the phase ends.
func (r *runner) cpuPhase(ctx context.Context) (string, error) {
	n := r.threads()
	var bytes atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range n {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b, err := bench.NewBurn(ctx)
			if err != nil {
				errs <- err
				return
			}
			for ctx.Err() == nil {
				done, err := b.Round(16)
				if err != nil {
					r.addError(reports.VerifyError{Time: time.Now().UTC(), Kind: "cpu", Test: "kernel result",
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
	return fmt.Sprintf("%d threads, BLAKE2-256 and sr25519 verify, %.1f GiB processed, every result checked", n, float64(bytes.Load())/(1<<30)), nil
}

func (r *runner) threads() int {
	if r.cfg.Threads > 0 {
		return r.cfg.Threads
	}
	return runtime.NumCPU()
}
