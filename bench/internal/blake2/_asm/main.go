// Command _asm generates blake2b_amd64.s: two BLAKE2b compression functions
// in Go assembly, blake2b_simd's AVX2 strategy (avx2.go; what Substrate's
// BLAKE2-256 runs on AVX2 CPUs) and the scalar one below. Scalar code is
// what OpenSSL's and blake2b_simd's portable paths compile to, and on
// several cores it beats the SIMD paths.
//
// The 16 working words v0..v15 need 16 registers and amd64 gives Go assembly
// 14 (SP is the stack, BP the frame pointer), so two words at a time live in
// stack slots. Before each G the generator makes its four words resident,
// evicting the resident word whose next use lies furthest ahead (Belady's
// rule), which keeps the spill traffic to a few loads and stores per round.
// The message block is copied to the stack first so G reads its words through
// SP and needs no pointer register.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

var iv = [8]uint64{
	0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
	0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
}

var sigma = [12][16]int{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
	{14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
	{11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
	{7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
	{9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
	{2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
	{12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
	{13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
	{6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
	{10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
	{14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
}

// gWords are the (a, b, c, d) words of the eight G calls of one round.
var gWords = [8][4]int{
	{0, 4, 8, 12}, {1, 5, 9, 13}, {2, 6, 10, 14}, {3, 7, 11, 15},
	{0, 5, 10, 15}, {1, 6, 11, 12}, {2, 7, 8, 13}, {3, 4, 9, 14},
}

var gprs = []reg.Register{
	reg.RAX, reg.RBX, reg.RCX, reg.RDX, reg.RSI, reg.RDI, reg.R8,
	reg.R9, reg.R10, reg.R11, reg.R12, reg.R13, reg.R14, reg.R15,
}

// state tracks where each working word is: a register or its stack slot.
type state struct {
	where [16]reg.Register // nil: in its slot
	slots Mem              // 16 × 8 bytes, one slot per word
	// uses lists, per G call in program order, the words it touches; the
	// eviction rule looks ahead in it.
	uses [][4]int
	pos  int
}

func (s *state) slot(w int) Mem { return s.slots.Offset(8 * w) }

// nextUse is the index of the next G call at or after from that uses w.
func (s *state) nextUse(w, from int) int {
	for i := from; i < len(s.uses); i++ {
		for _, u := range s.uses[i] {
			if u == w {
				return i
			}
		}
	}
	return len(s.uses) + 1
}

// resident makes the words of the current G call live in registers.
func (s *state) resident(words [4]int) {
	for _, w := range words {
		if s.where[w] != nil {
			continue
		}
		victim, far := -1, -1
		for v := range s.where {
			if s.where[v] == nil || in(v, words) {
				continue
			}
			if n := s.nextUse(v, s.pos); n > far {
				victim, far = v, n
			}
		}
		r := s.where[victim]
		MOVQ(r, s.slot(victim))
		MOVQ(s.slot(w), r)
		s.where[victim], s.where[w] = nil, r
	}
}

func in(w int, ws [4]int) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

func main() {
	ConstraintExpr("amd64,gc,!purego")

	TEXT("hashBlocksScalar", NOSPLIT, "func(h *[8]uint64, c *[2]uint64, flag uint64, blocks []byte)")
	Doc("hashBlocksScalar compresses len(blocks)/128 blocks into h, adding 128 to",
		"the counter c before each block and using flag as the last-block flag.")

	Pragma("noescape")

	msg := AllocLocal(128)
	slots := AllocLocal(128)
	ctr := AllocLocal(16)
	ptr := AllocLocal(8)
	left := AllocLocal(8)

	Comment("Counters, block pointer and blocks left live on the stack.")
	c := Load(Param("c"), reg.RAX)
	MOVQ(Mem{Base: c}, reg.RBX)
	MOVQ(reg.RBX, ctr)
	MOVQ(Mem{Base: c, Disp: 8}, reg.RBX)
	MOVQ(reg.RBX, ctr.Offset(8))
	Load(Param("blocks").Base(), reg.RBX)
	MOVQ(reg.RBX, ptr)
	Load(Param("blocks").Len(), reg.RCX)
	SHRQ(U8(7), reg.RCX)
	MOVQ(reg.RCX, left)
	CMPQ(reg.RCX, U8(0))
	JEQ(LabelRef("done"))

	Label("loop")
	Comment("Copy the block to the stack and advance the counter.")
	MOVQ(ptr, reg.RSI)
	for i := 0; i < 8; i++ {
		x := reg.X0
		if i%2 == 1 {
			x = reg.X1
		}
		MOVOU(Mem{Base: reg.RSI, Disp: 16 * i}, x)
		MOVOU(x, msg.Offset(16*i))
	}
	ADDQ(U32(128), reg.RSI)
	MOVQ(reg.RSI, ptr)
	MOVQ(ctr, reg.RAX)
	MOVQ(ctr.Offset(8), reg.RBX)
	ADDQ(U32(128), reg.RAX)
	ADCQ(U8(0), reg.RBX)
	MOVQ(reg.RAX, ctr)
	MOVQ(reg.RBX, ctr.Offset(8))

	s := &state{slots: slots}
	for r := 0; r < 12; r++ {
		for _, g := range gWords {
			s.uses = append(s.uses, g)
		}
	}

	Comment("v14 = IV6 ^ flag and v15 = IV7 start in their stack slots.")
	Load(Param("flag"), reg.RAX)
	MOVQ(U64(iv[6]), reg.RBX)
	XORQ(reg.RBX, reg.RAX)
	MOVQ(reg.RAX, s.slot(14))
	MOVQ(U64(iv[7]), reg.RAX)
	MOVQ(reg.RAX, s.slot(15))
	Comment("v0..v7 = h; v8..v13 = IV0..IV5 with the counter folded into v12, v13.")
	h := Load(Param("h"), gprs[13])
	for i := 0; i < 8; i++ {
		MOVQ(Mem{Base: h, Disp: 8 * i}, gprs[i])
	}
	for i := 8; i < 14; i++ {
		MOVQ(U64(iv[i-8]), gprs[i])
		s.where[i] = gprs[i]
	}
	XORQ(ctr, gprs[12])
	XORQ(ctr.Offset(8), gprs[13])
	for i := 0; i < 8; i++ {
		s.where[i] = gprs[i]
	}
	for r := 0; r < 12; r++ {
		Commentf("Round %d.", r)
		for gi, g := range gWords {
			s.resident(g)
			s.pos++
			a, b, cc, d := s.where[g[0]], s.where[g[1]], s.where[g[2]], s.where[g[3]]
			m0 := msg.Offset(8 * sigma[r][2*gi])
			m1 := msg.Offset(8 * sigma[r][2*gi+1])
			// G is two half-steps that differ only in message word and
			// rotation counts.
			half := func(m Mem, rd, rb uint8) {
				ADDQ(m, a)
				ADDQ(b, a)
				XORQ(a, d)
				RORQ(U8(rd), d)
				ADDQ(d, cc)
				XORQ(cc, b)
				RORQ(U8(rb), b)
			}
			half(m0, 32, 24)
			half(m1, 16, 63)
		}
	}

	Comment("Spill everything so h[i] ^= v[i] ^ v[i+8] can read the slots.")
	for w := range s.where {
		if s.where[w] != nil {
			MOVQ(s.where[w], s.slot(w))
		}
	}
	h = Load(Param("h"), reg.RDI)
	for i := 0; i < 8; i++ {
		MOVQ(s.slot(i), reg.RAX)
		XORQ(s.slot(i+8), reg.RAX)
		XORQ(reg.RAX, Mem{Base: h, Disp: 8 * i})
	}

	DECQ(left)
	JNE(LabelRef("loop"))

	Label("done")
	c = Load(Param("c"), reg.RAX)
	MOVQ(ctr, reg.RBX)
	MOVQ(reg.RBX, Mem{Base: c})
	MOVQ(ctr.Offset(8), reg.RBX)
	MOVQ(reg.RBX, Mem{Base: c, Disp: 8})
	RET()

	avx2()
	Generate()
}
