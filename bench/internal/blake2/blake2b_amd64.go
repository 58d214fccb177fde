//go:build amd64 && gc && !purego

package blake2

import "golang.org/x/sys/cpu"

// ScalarAsm is the generated scalar amd64 compression function
// (blake2b_amd64.s, from _asm/main.go).
var ScalarAsm = fromBlocks("scalar-asm", compressScalar)

// AVX2 is the generated AVX2 compression function following blake2b_simd's
// AVX2 path (blake2b_amd64.s, from _asm/avx2.go). Only on CPUs with AVX2.
var AVX2 = fromBlocks("avx2", compressAVX2)

func archImpls() []Impl {
	if cpu.X86.HasAVX2 {
		return []Impl{ScalarAsm, AVX2}
	}
	return []Impl{ScalarAsm}
}

// substrateImpl follows blake2b_simd's runtime dispatch: its AVX2 path,
// else its SSE4.1 path — here x/crypto's, which on such a CPU runs its AVX
// or SSE4 assembly, the same two-xmm-registers-per-row strategy — else
// portable code.
func substrateImpl() Impl {
	switch {
	case cpu.X86.HasAVX2:
		return AVX2
	case cpu.X86.HasSSE41:
		return XCrypto
	}
	return PureGo
}

func (f compressor) hashBlocks(h *[8]uint64, c *[2]uint64, flag uint64, blocks []byte) {
	switch f {
	case compressScalar:
		hashBlocksScalar(h, c, flag, blocks)
	case compressAVX2:
		hashBlocksAVX2(h, c, flag, blocks)
	default:
		hashBlocksGeneric(h, c, flag, blocks)
	}
}
