package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/hwqual/hwqual/bench/internal/glibccopy"
	"github.com/hwqual/hwqual/bench/internal/kernelrace"
	"github.com/hwqual/hwqual/internal/units"
)

// copySize is Substrate's: 64 MiB, well past any L3 cache of the CPUs
// operators run (a 7950X3D has 128 MiB on one CCD, a documented caveat).
const copySize = 64 << 20

// mallocOffset is where glibc's malloc puts a 64 MiB buffer within its
// page: such requests are served by mmap with a 16-byte chunk header in
// front. Substrate's buffers (Rust Vec, i.e. malloc) therefore start 16
// bytes into a page, which decides how glibc's copy loop meets alignment.
const mallocOffset = 16

// Copy capability race budget: 3 interleaved rounds of about 20 ms for the
// faithful copy and Go's memmove, about 0.12 s per run (the median round
// decides, as in the BLAKE2 race).
const (
	copyRaceRounds = 3
	copyRaceSlice  = 20 * time.Millisecond
)

// glibcPlan is glibc's memcpy plan for this CPU, detected once.
var glibcPlan = sync.OnceValue(glibccopy.Detect)

// memCopy measures single-thread memory copy bandwidth the way Substrate
// does: memcpy of 64 MiB between prefaulted buffers, memcpy being glibc's.
type memCopy struct{}

func (memCopy) Info() Info {
	return Info{
		Name:     "Copy",
		Category: "Memory",
		Kind:     units.BytesPerSecond,
		Method:   "64 MiB copy between prefaulted buffers on one thread with the loop glibc's memcpy takes on this CPU (its ifunc's variant: 64-byte AVX-512 or 32-byte AVX2 vectors; thresholds as glibc's loader computed them here, else from CPUID); Go's runtime memmove is reported as capability",
	}
}

func (memCopy) Run(ctx context.Context, cfg Config) (Result, error) {
	src, dst := mallocLike(copySize), mallocLike(copySize)
	plan := glibcPlan()
	capability, err := copyCapability(ctx, plan, dst, src)
	if err != nil {
		return Result{}, err
	}
	var path glibccopy.Path
	sampled, err := Measure(ctx, cfg.Plan, EstimatorWholeWindow, Pass(copySize, func() error {
		path = plan.Copy(dst, src)
		return nil
	}))
	res := sampled.Result(units.BytesPerSecond)
	res.Notes = append([]string{fmt.Sprintf("kernel glibc memcpy strategy: %s (%s)", path, plan)}, res.Notes...)
	res.addCapability(capability, units.BytesPerSecond)
	return res, err
}

// copyCapability races the faithful copy against Go's memmove on the same
// buffers, on a pinned thread with the garbage collector off.
func copyCapability(ctx context.Context, plan glibccopy.Plan, dst, src []byte) (Capability, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	rates, err := kernelrace.Run(ctx, copyRaceRounds, copyRaceSlice, calibrationClock(), []kernelrace.Candidate{
		{Name: "glibc", Bytes: copySize, Run: func() { plan.Copy(dst, src) }},
		{Name: "memmove", Bytes: copySize, Run: func() { copy(dst, src) }},
	})
	if err != nil {
		return Capability{}, err
	}
	return Capability{
		Kernel:   "Go runtime memmove",
		Rate:     rates["memmove"],
		Ratio:    rates["glibc"] / rates["memmove"],
		Faithful: "Substrate's memcpy (glibc's strategy)",
		What:     "copy",
	}, nil
}

// mallocLike returns a prefaulted n-byte buffer placed in its page as
// glibc's malloc places one of this size.
func mallocLike(n int) []byte {
	return prefaulted(n + mallocOffset)[mallocOffset:]
}

// prefaulted returns a buffer whose every page has been written, so page
// faults are not timed as memory bandwidth.
func prefaulted(n int) []byte {
	b := make([]byte, n)
	page := os.Getpagesize()
	for i := 0; i < n; i += page {
		b[i] = 1
	}
	return b
}
