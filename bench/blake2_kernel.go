package bench

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hwqual/hwqual/bench/internal/blake2"
	"github.com/hwqual/hwqual/internal/units"
)

// Calibration budget: 5 interleaved rounds of 15 ms per implementation,
// about 0.25 s in all, once per process.
const (
	calibrationRounds = 5
	calibrationSlice  = 15 * time.Millisecond
)

// blake2Kernel is the BLAKE2b implementation both BLAKE2 metrics measure,
// chosen once per process by racing every implementation on Substrate's
// input. Caching it keeps the parallel metric on the same kernel as the
// single-core one.
var blake2Kernel struct {
	sync.Mutex
	cal *blake2.Calibration
}

// chooseBlake2 returns the calibrated kernel, calibrating on first use on a
// pinned thread with the garbage collector off, like any timed loop.
func chooseBlake2(ctx context.Context) (blake2.Calibration, error) {
	blake2Kernel.Lock()
	defer blake2Kernel.Unlock()
	if blake2Kernel.cal != nil {
		return *blake2Kernel.cal, nil
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	cal, err := blake2.Calibrate(ctx, blake2.Impls(), newBlake2Input(), calibrationRounds, calibrationSlice, calibrationClock())
	if err != nil {
		return cal, fmt.Errorf("blake2 calibration: %w", err)
	}
	blake2Kernel.cal = &cal
	return cal, nil
}

// calibrationClock is the thread's CPU clock where there is one, so time
// slices lost to other processes do not pick the kernel.
func calibrationClock() blake2.Clock {
	if _, ok := threadCPUTime(); !ok {
		return blake2.WallClock()
	}
	return func() time.Duration {
		t, _ := threadCPUTime()
		return t
	}
}

// kernelReport describes the calibration for a result: which implementation
// won, and x/crypto's rate as the reference a reader compares the score with.
func kernelReport(cal blake2.Calibration) ([]string, map[string]float64) {
	names := make([]string, 0, len(cal.Rates))
	for name := range cal.Rates {
		names = append(names, name)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s %s", name, units.Format(cal.Rates[name], units.BytesPerSecond))
	}
	note := fmt.Sprintf("kernel %s, fastest at start-up calibration (CPU-time rates: %s)", cal.Best.Name, strings.Join(parts, ", "))
	return []string{note}, map[string]float64{"xcrypto_bytes_per_second": cal.Rates[blake2.XCrypto.Name]}
}
