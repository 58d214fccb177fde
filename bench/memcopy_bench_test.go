package bench

import (
	"testing"
)

// BenchmarkCopy times the Copy metric's kernel, Go's copy() (runtime
// memmove) of 64 MiB between prefaulted buffers, next to a plain byte loop
// as the floor any memcpy must beat.
func BenchmarkCopy(b *testing.B) {
	src, dst := prefaulted(copySize), prefaulted(copySize)
	b.Run("impl=memmove", func(b *testing.B) {
		b.SetBytes(copySize)
		for b.Loop() {
			copy(dst, src)
		}
	})
	b.Run("impl=loop", func(b *testing.B) {
		b.SetBytes(copySize)
		for b.Loop() {
			for i := range src {
				dst[i] = src[i]
			}
		}
	})
}
