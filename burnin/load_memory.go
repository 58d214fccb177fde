package burnin

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hwqual/hwqual/reports"
)

// memoryPhase allocates the memory under test, runs memtester's patterns
// over it for the first half of the phase and stressapptest-style
// copy/invert/check threads for the second, then releases it to the OS so
// the other phases run without it.
func (r *runner) memoryPhase(ctx context.Context) string {
	words := int(r.cfg.MemoryBytes / 8)
	if words < 2*CopyPageBytes/8*4 {
		words = 2 * CopyPageBytes / 8 * 4 // at least 8 pages
	}
	region := make([]uint64, words)
	defer func() {
		region = nil
		debug.FreeOSMemory()
	}()
	report := func(m Mismatch) {
		r.addError(reports.VerifyError{Time: time.Now().UTC(), Kind: "memory", Test: m.Test, Where: m.Where, Offset: m.Offset,
			Expected: fmt.Sprintf("%#016x", m.Expected), Found: fmt.Sprintf("%#016x", m.Found),
			Detail: fmt.Sprintf("%d bits differ", flippedBits(m.Expected, m.Found))})
	}
	deadline, ok := ctx.Deadline()
	half := ctx
	if ok {
		var cancel context.CancelFunc
		half, cancel = context.WithDeadline(ctx, time.Now().Add(time.Until(deadline)/2))
		defer cancel()
	}
	t := NewMemTester(region)
	// Continue the pattern cycle where the last phase stopped.
	t.pat, t.sub = r.memPat, r.memSub
	t.afterFill = r.memAfterFill
	done := t.Run(half, report, func(n int) {
		r.mu.Lock()
		r.rep.ErrorCount += n
		r.mu.Unlock()
	})
	r.memPat, r.memSub = t.pat, t.sub
	t.region = nil
	c := NewCopyChecker(region, CopyPageBytes/8)
	c.Run(ctx, r.threads()*2, report)
	return fmt.Sprintf("%d MiB; memtester: %s; copy/invert/check: %d threads, %d page operations",
		int64(len(region))*8>>20, summarizeSteps(done), max(3, r.threads()*2), c.Ops())
}

// summarizeSteps shortens the sub-iterations run to "pattern first-last".
func summarizeSteps(steps []string) string {
	if len(steps) == 0 {
		return "no complete pass"
	}
	var out []string
	var cur, first, last string
	flush := func() {
		if cur != "" {
			out = append(out, fmt.Sprintf("%s %s–%s", cur, first, last))
		}
	}
	for _, s := range steps {
		i := strings.LastIndexByte(s, ' ')
		name, n := s[:i], s[i+1:]
		if name != cur {
			flush()
			cur, first = name, n
		}
		last = n
	}
	flush()
	return strings.Join(out, ", ")
}
