package burnin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// memoryPhase allocates the memory under test, runs memtester's patterns
// over it for the first half of the phase and stressapptest-style
// copy/invert/check threads for the second, then releases it to the OS so
// the other phases run without it.
func (r *runner) memoryPhase(ctx context.Context) (string, error) {
	words := int(r.cfg.MemoryBytes / 8)
	if words < 2*CopyPageBytes/8*4 {
		words = 2 * CopyPageBytes / 8 * 4 // at least 8 pages
	}
	region, lock, free, err := testRegion(words)
	if err != nil {
		return "", fmt.Errorf("memory load: %w", err)
	}
	defer free()
	r.recordLock(lock)
	report := func(m Mismatch) {
		r.addError(model.VerifyError{Time: time.Now().UTC(), Kind: "memory", Test: m.Test, Where: m.Where, Offset: m.Offset,
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
	c.CPUs, _ = r.placement(r.threads())
	c.Run(ctx, r.threads()*2, report)
	locked := "locked in RAM"
	if !lock.Locked {
		locked = "NOT locked in RAM"
	}
	return fmt.Sprintf("%d MiB, %s; memtester: %s; copy/invert/check: %d threads, %d page operations",
		int64(len(region))*8>>20, locked, summarizeSteps(done), max(3, r.threads()*2), c.Ops()), nil
}

// memLock is whether the memory under test was locked in RAM (mlock),
// and the sentence the report carries about it.
type memLock struct {
	Locked bool
	Note   string
}

// recordLock puts the lock state in the report: memory_locked is false
// when any memory phase ran unlocked, and the reason is a note, once.
func (r *runner) recordLock(lock memLock) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rep.MemoryLocked == nil || !lock.Locked {
		r.rep.MemoryLocked = &lock.Locked
	}
	if !slices.Contains(r.rep.Notes, lock.Note) {
		r.rep.Notes = append(r.rep.Notes, lock.Note)
	}
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
