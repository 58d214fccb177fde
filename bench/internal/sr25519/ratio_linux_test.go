//go:build linux

package sr25519

import (
	"crypto/rand"
	"runtime"
	"testing"
	"time"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"
	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/internal/stats"
)

// BenchmarkRatioToGoSchnorrkel measures what the SR25519-Verify row is
// judged by: hwqual's verify with key and signature decoded per call
// (Substrate's method, the metric) against stock go-schnorrkel with both
// pre-decoded (the reference, × 1.21 for Rust's AVX2 backend). The two
// alternate in rounds of 64 verifications on one locked thread, timed by
// the thread's CPU clock, so a loaded machine slows both alike; it reports
// the median per-round ratio and each side's median µs per verify. Like
// Substrate's benchmark, it cycles through distinct messages and signatures
// (one key), so branch predictors cannot learn one verify's path.
//
//	go test -run X -bench RatioToGoSchnorrkel -benchtime 40x ./bench/internal/sr25519
func BenchmarkRatioToGoSchnorrkel(b *testing.B) {
	for _, backend := range backends() {
		b.Run("backend="+backend.name, func(b *testing.B) {
			defer backend.use()()
			benchmarkRatio(b)
		})
	}
}

func benchmarkRatio(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const distinct = 256
	sk, pk, err := schnorrkel.GenerateKeypair()
	if err != nil {
		b.Fatal(err)
	}
	pub := pk.Encode()
	msgs := make([][]byte, distinct)
	encoded := make([][64]byte, distinct)
	sigs := make([]*schnorrkel.Signature, distinct)
	for i := range msgs {
		msgs[i] = make([]byte, 32)
		rand.Read(msgs[i])
		if sigs[i], err = sk.Sign(schnorrkel.NewSigningContext(testCtx, msgs[i])); err != nil {
			b.Fatal(err)
		}
		encoded[i] = sigs[i].Encode()
	}
	cpu := func() time.Duration {
		var ts unix.Timespec
		if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ts.Nano())
	}
	const perRound = 64
	next := 0
	round := func(f func(i int) bool) time.Duration {
		start := cpu()
		for k := range perRound {
			if !f((next + k) % distinct) {
				b.Fatal("did not verify")
			}
		}
		return (cpu() - start) / perRound
	}
	ours := func(i int) bool { return Verify(pub, encoded[i], testCtx, msgs[i]) }
	stock := func(i int) bool {
		ok, err := pk.Verify(sigs[i], schnorrkel.NewSigningContext(testCtx, msgs[i]))
		return ok && err == nil
	}
	var ratios, tOurs, tStock []float64
	for b.Loop() {
		o, r := round(ours), round(stock)
		next = (next + perRound) % distinct
		ratios = append(ratios, float64(r)/float64(o))
		tOurs = append(tOurs, float64(o.Nanoseconds())/1e3)
		tStock = append(tStock, float64(r.Nanoseconds())/1e3)
	}
	b.ReportMetric(stats.Median(ratios), "x-goschnorrkel")
	// The spread of the per-round ratios (ratios is sorted now).
	b.ReportMetric(ratios[len(ratios)/10], "x-goschnorrkel-p10")
	b.ReportMetric(ratios[len(ratios)*9/10], "x-goschnorrkel-p90")
	b.ReportMetric(stats.Median(ratios)/1.21, "x-reference")
	b.ReportMetric(stats.Median(tOurs), "us-hwqual")
	b.ReportMetric(stats.Median(tStock), "us-goschnorrkel")
}

// threadCPU returns the calling thread's CPU time.
func threadCPU(tb testing.TB) time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ts.Nano())
}

// reportCPUPerOp locks the benchmark's goroutine to its thread and starts
// the thread CPU clock; the returned function reports the CPU time per
// iteration as cpu-ns/op and unlocks.
func reportCPUPerOp(b *testing.B) func() {
	runtime.LockOSThread()
	start := threadCPU(b)
	return func() {
		defer runtime.UnlockOSThread()
		if b.N > 0 {
			b.ReportMetric(float64(threadCPU(b)-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
