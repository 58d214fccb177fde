package blake2

import (
	"bytes"
	"testing"
)

// BenchmarkBlake2b times BLAKE2b-256 of Substrate's 32 KiB input with every
// implementation; compare impl=scalar-asm or impl=purego with impl=xcrypto.
func BenchmarkBlake2b(b *testing.B) {
	buf := bytes.Repeat([]byte{0x66}, 32<<10)
	for _, impl := range Impls() {
		b.Run("impl="+impl.Name, func(b *testing.B) {
			b.SetBytes(int64(len(buf)))
			var sink [32]byte
			for b.Loop() {
				sink = impl.Sum256(buf)
			}
			_ = sink
		})
	}
}
