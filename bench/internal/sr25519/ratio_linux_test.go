//go:build linux

package sr25519

import (
	"runtime"
	"slices"
	"testing"
	"time"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"
	"golang.org/x/sys/unix"
)

// BenchmarkRatioToGoSchnorrkel measures what the SR25519-Verify row is
// judged by: hwqual's verify with key and signature decoded per call
// (Substrate's method, the metric) against stock go-schnorrkel with both
// pre-decoded (the reference, × 1.21 for Rust's AVX2 backend). The two
// alternate in rounds of 64 verifications on one locked thread, timed by
// the thread's CPU clock, so a loaded machine slows both alike; it reports
// the median per-round ratio and each side's median µs per verify.
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
	s := newSigned(b, 32)
	pk, err := schnorrkel.NewPublicKey(s.pub)
	if err != nil {
		b.Fatal(err)
	}
	var sig schnorrkel.Signature
	if err := sig.Decode(s.sig); err != nil {
		b.Fatal(err)
	}
	cpu := func() time.Duration {
		var ts unix.Timespec
		if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ts.Nano())
	}
	const perRound = 64
	round := func(f func() bool) time.Duration {
		start := cpu()
		for range perRound {
			if !f() {
				b.Fatal("did not verify")
			}
		}
		return (cpu() - start) / perRound
	}
	ours := func() bool { return Verify(s.pub, s.sig, testCtx, s.msg) }
	stock := func() bool {
		ok, err := pk.Verify(&sig, schnorrkel.NewSigningContext(testCtx, s.msg))
		return ok && err == nil
	}
	var ratios, tOurs, tStock []float64
	for b.Loop() {
		o, r := round(ours), round(stock)
		ratios = append(ratios, float64(r)/float64(o))
		tOurs = append(tOurs, float64(o.Nanoseconds())/1e3)
		tStock = append(tStock, float64(r.Nanoseconds())/1e3)
	}
	median := func(v []float64) float64 { slices.Sort(v); return v[len(v)/2] }
	b.ReportMetric(median(ratios), "x-goschnorrkel")
	b.ReportMetric(median(ratios)/1.21, "x-reference")
	b.ReportMetric(median(tOurs), "us-hwqual")
	b.ReportMetric(median(tStock), "us-goschnorrkel")
}
