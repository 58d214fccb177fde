package bench

import "testing"

// Kernel benchmarks for `make bench`: one per module's inner loop, in the
// units the modules report (b.SetBytes gives MB/s).

func BenchmarkBlake2b256(b *testing.B) {
	buf := newBlake2Input()
	op := blake2Op(buf)
	b.SetBytes(int64(len(buf)))
	b.ResetTimer()
	if _, _, err := op(b.N); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkSR25519Verify(b *testing.B) {
	pub, cases, err := newSRCases(64)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(srMessageLen)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := verifyAll(pub, cases[i%len(cases):i%len(cases)+1]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMemCopy64MiB(b *testing.B) {
	src, dst := prefaulted(copySize), prefaulted(copySize)
	b.SetBytes(copySize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		copy(dst, src)
	}
}
