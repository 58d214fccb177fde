package main

// The AVX2 compression function follows the strategy of blake2b_simd's
// AVX2 path (what Substrate's sp_crypto_hashing::blake2_256 runs on x86-64
// CPUs with AVX2): the 4×4 state is four ymm rows a, b, c, d; one round is
// a column step and a diagonal step, each two half-G's on all four columns
// at once; between them the rows a, c and d are rotated across lanes
// (VPERMQ) while b stays put; the 128-byte block is loaded once as eight
// broadcast 128-bit pairs and each half-G's four message words are gathered
// from them with at most three in-lane shuffles. Rotations by 32, 24 and 16
// are byte shuffles (VPSHUFD, VPSHUFB), by 63 a shift, an add and an or.
//
// The message gathering below is derived from SIGMA by gatherPair, not
// transcribed per round.

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// avx2Regs: rows, message pairs, two temporaries, two rotation masks.
var (
	rowA, rowB, rowC, rowD = reg.Y0, reg.Y1, reg.Y2, reg.Y3
	msgPairs               = [8]reg.VecPhysical{reg.Y4, reg.Y5, reg.Y6, reg.Y7, reg.Y8, reg.Y9, reg.Y10, reg.Y11}
	tmp0, tmp1             = reg.Y12, reg.Y13
	rot24Mask, rot16Mask   = reg.Y14, reg.Y15
)

// gatherPair leaves message words wa, wb in the low and high qword of each
// 128-bit lane, in dst, and returns the register holding them (a message
// pair register itself when they are already in place).
func gatherPair(wa, wb int, dst reg.VecPhysical) reg.VecPhysical {
	a, b := msgPairs[wa/2], msgPairs[wb/2]
	ha, hb := wa%2, wb%2
	switch {
	case a == b && ha == 0:
		return a
	case a == b:
		VPSHUFD(U8(0x4e), a, dst) // swap the two qwords
	case ha == 0 && hb == 0:
		VPUNPCKLQDQ(b, a, dst)
	case ha == 1 && hb == 1:
		VPUNPCKHQDQ(b, a, dst)
	case ha == 1 && hb == 0:
		VPALIGNR(U8(8), a, b, dst) // high of a, low of b
	default:
		VPBLENDD(U8(0xcc), b, a, dst) // low of a, high of b
	}
	return dst
}

// gatherMessage builds [m[w0], m[w1], m[w2], m[w3]] in tmp0.
func gatherMessage(w [4]int) reg.VecPhysical {
	lo := gatherPair(w[0], w[1], tmp0)
	hi := gatherPair(w[2], w[3], tmp1)
	VPBLENDD(U8(0xf0), hi, lo, tmp0)
	return tmp0
}

// halfG is one half of G on all four lanes: rd and rb are the rotations of
// d and b (32/24 in the first half, 16/63 in the second).
func halfG(m reg.VecPhysical, rd, rb int) {
	VPADDQ(m, rowA, rowA)
	VPADDQ(rowB, rowA, rowA)
	VPXOR(rowA, rowD, rowD)
	rotate(rowD, rd)
	VPADDQ(rowD, rowC, rowC)
	VPXOR(rowC, rowB, rowB)
	rotate(rowB, rb)
}

func rotate(r reg.VecPhysical, n int) {
	switch n {
	case 32:
		VPSHUFD(U8(0xb1), r, r)
	case 24:
		VPSHUFB(rot24Mask, r, r)
	case 16:
		VPSHUFB(rot16Mask, r, r)
	case 63:
		VPSRLQ(U8(63), r, tmp1)
		VPADDQ(r, r, r)
		VPOR(tmp1, r, r)
	default:
		panic(fmt.Sprintf("no rotation by %d", n))
	}
}

// laneG maps, for the diagonal step, lane j (which holds b = v[4+j]) to the
// G it computes: v4 is in G7, v5 in G4, v6 in G5, v7 in G6.
func laneG(diagonal bool, lane int) int {
	if !diagonal {
		return lane
	}
	return 4 + (lane+3)%4
}

// byteRotation is the VPSHUFB selector for one qword at lane offset q that
// rotates it right by k bytes.
func byteRotation(q, k int) uint64 {
	var m uint64
	for j := 0; j < 8; j++ {
		m |= uint64(q+(j+k)%8) << (8 * j)
	}
	return m
}

func avx2() {
	// Byte shuffles rotating each qword right by 3 and by 2 bytes; VPSHUFB
	// indexes within each 128-bit lane.
	rot24 := GLOBL("rot24", RODATA|NOPTR)
	for i := 0; i < 32; i += 8 {
		DATA(i, U64(byteRotation(i%16, 3)))
	}
	rot16 := GLOBL("rot16", RODATA|NOPTR)
	for i := 0; i < 32; i += 8 {
		DATA(i, U64(byteRotation(i%16, 2)))
	}
	ivData := GLOBL("ivAVX2", RODATA|NOPTR)
	for i, v := range iv {
		DATA(8*i, U64(v))
	}

	TEXT("hashBlocksAVX2", NOSPLIT, "func(h *[8]uint64, c *[2]uint64, flag uint64, blocks []byte)")
	Doc("hashBlocksAVX2 compresses len(blocks)/128 blocks into h like",
		"hashBlocksScalar, with blake2b_simd's AVX2 strategy. The CPU must have AVX2.")
	Pragma("noescape")

	h := Load(Param("h"), reg.RDI)
	c := Load(Param("c"), reg.RSI)
	flag := Load(Param("flag"), reg.R8)
	ptr := Load(Param("blocks").Base(), reg.RDX)
	n := Load(Param("blocks").Len(), reg.RCX)
	SHRQ(U8(7), n)
	JEQ(LabelRef("avx2done"))
	VMOVDQU(rot24, rot24Mask)
	VMOVDQU(rot16, rot16Mask)
	ctr0, ctr1 := reg.R9, reg.R10
	MOVQ(Mem{Base: c}, ctr0)
	MOVQ(Mem{Base: c, Disp: 8}, ctr1)

	Label("avx2loop")
	Comment("Counter += 128; d = IV[4:8] ^ (t0, t1, flag, 0).")
	ADDQ(U32(128), ctr0)
	ADCQ(U8(0), ctr1)
	VMOVQ(ctr0, tmp0.AsX())
	VPINSRQ(U8(1), ctr1, tmp0.AsX(), tmp0.AsX())
	VMOVQ(flag, tmp1.AsX())
	VINSERTI128(U8(1), tmp1.AsX(), tmp0, tmp0)
	VPXOR(ivData.Offset(32), tmp0, rowD)
	VMOVDQU(Mem{Base: h}, rowA)
	VMOVDQU(Mem{Base: h, Disp: 32}, rowB)
	VMOVDQU(ivData, rowC)
	Comment("The block as eight broadcast 128-bit pairs of message words.")
	for i, m := range msgPairs {
		VBROADCASTI128(Mem{Base: ptr, Disp: 16 * i}, m)
	}

	for r := 0; r < 12; r++ {
		Commentf("Round %d.", r)
		for _, diagonal := range []bool{false, true} {
			if diagonal {
				VPERMQ(U8(0x93), rowA, rowA)
				VPERMQ(U8(0x39), rowC, rowC)
				VPERMQ(U8(0x4e), rowD, rowD)
			}
			for half := 0; half < 2; half++ {
				var w [4]int
				for lane := range w {
					w[lane] = sigma[r][2*laneG(diagonal, lane)+half]
				}
				m := gatherMessage(w)
				if half == 0 {
					halfG(m, 32, 24)
				} else {
					halfG(m, 16, 63)
				}
			}
			if diagonal {
				VPERMQ(U8(0x39), rowA, rowA)
				VPERMQ(U8(0x93), rowC, rowC)
				VPERMQ(U8(0x4e), rowD, rowD)
			}
		}
	}

	Comment("h ^= a ^ c, b ^ d.")
	VPXOR(rowC, rowA, rowA)
	VPXOR(rowD, rowB, rowB)
	VPXOR(Mem{Base: h}, rowA, rowA)
	VPXOR(Mem{Base: h, Disp: 32}, rowB, rowB)
	VMOVDQU(rowA, Mem{Base: h})
	VMOVDQU(rowB, Mem{Base: h, Disp: 32})
	ADDQ(U32(128), ptr)
	DECQ(n)
	JNE(LabelRef("avx2loop"))

	MOVQ(ctr0, Mem{Base: c})
	MOVQ(ctr1, Mem{Base: c, Disp: 8})
	VZEROUPPER()
	Label("avx2done")
	RET()
}
