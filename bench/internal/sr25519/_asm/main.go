// Command _asm generates vector_amd64.s: 4-way vectorised curve25519 field
// and Edwards point arithmetic with AVX2, the strategy of curve25519-dalek's
// AVX2 backend (backend/vector/avx2 in curve25519-dalek 4.1.3, which
// schnorrkel 0.11.4 — what Substrate calls for sr25519 — runs on x86-64 with
// AVX2). The code is ours; the facts used are dalek's documented ones:
//
//   - a field element in radix 2^25.5: ten limbs, even limbs 26 bits, odd
//     limbs 25 bits; four elements (A, B, C, D) packed as dalek's
//     FieldElement2625x4: five vectors of eight 32-bit lanes, vector k
//     holding (a_2k, b_2k, a_2k+1, b_2k+1, c_2k, d_2k, c_2k+1, d_2k+1);
//     lane shuffles are dalek's Shuffle index vectors (VPERMD), lane
//     selections its Lanes masks (VPBLENDD);
//   - products unpack each vector into two of 64-bit lanes (limb 2k and
//     2k+1 of the four elements, VPUNPCKLDQ/VPUNPCKHDQ against zero), so one
//     VPMULUDQ multiplies the same limb of four elements, and repack after
//     the carry chain (VPSHUFD, VPBLENDD);
//   - multiplication precomputes 19·y_j and 2·x_i (odd i) and sums the 100
//     products per lane (Bernstein's ref10 schoolbook in radix 2^25.5),
//     squaring sums 55;
//   - the wide carry chain runs two halves (from limb 0 and from limb 4) side
//     by side, folds the carry out of limb 9 back as 19·c;
//   - points are (X, Y, Z, T) in the four lanes; doubling is one 4-way
//     squaring of (X, Y, Z, X+Y) and one 4-way multiplication, addition of a
//     cached point (121666·(Y−X), 121666·(Y+X), 2·121666·Z, −2·121665·T) is
//     two 4-way multiplications (Hisil–Wong–Carter–Dawson, "Twisted Edwards
//     curves revisited", 2008, sections 3.1 and 3.3, in dalek's lane
//     arrangement; d = −121665/121666 makes the cached point 121666 times
//     (Y−X, Y+X, 2Z, 2dT));
//   - lazy negation subtracts from 2p limb-wise; negation of a wide product
//     subtracts from 2^37·p limb-wise before the carry chain.
//
// In memory a packed element is 40 uint32 (160 bytes); the unpacked scratch
// form of the products is ten vectors of four 64-bit lanes, limb i of lane j
// at byte 32·i + 8·j.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// fe is a 4-way field element unpacked in memory (product scratch).
type fe struct{ m Mem }

func (f fe) limb(i int) Mem { return f.m.Offset(32 * i) }

// scratch returns n 32-byte stack slots, 32-byte aligned so that no vector
// load or store splits a cache line.
func scratch(n int) Mem {
	m := AllocLocal(32*n + 32)
	r := GP64()
	LEAQ(m, r)
	ADDQ(U8(31), r)
	ANDQ(I8(-32), r)
	return Mem{Base: r}
}

// locals carves n field elements out of one aligned scratch area, plus
// extra slots after them.
func locals(n, extra int) ([]fe, Mem) {
	sc := scratch(10*n + extra)
	fes := make([]fe, n)
	for i := range fes {
		fes[i] = fe{sc.Offset(320 * i)}
	}
	return fes, sc.Offset(320 * n)
}

// Constants, four equal 64-bit lanes each unless noted.
var (
	c19, mask26, mask25     Mem
	p37Low, p37Even, p37Odd Mem
	cachedScale             Mem // (121666, 121666, 2·121666, 2·121665)
)

func splat(name string, v uint64) Mem {
	m := GLOBL(name, RODATA|NOPTR)
	for j := 0; j < 4; j++ {
		DATA(8*j, U64(v))
	}
	return m
}

func constants() {
	c19 = splat("c19", 19)
	mask26 = splat("mask26", 1<<26-1)
	mask25 = splat("mask25", 1<<25-1)
	// Limbs of 2^37·p: big enough to subtract any wide product from, small
	// enough to leave room for the carries.
	p37Low = splat("p37Low", (1<<26-19)<<37)
	p37Even = splat("p37Even", (1<<26-1)<<37)
	p37Odd = splat("p37Odd", (1<<25-1)<<37)
	cachedScale = GLOBL("cachedScale", RODATA|NOPTR)
	for j, v := range []uint64{121666, 121666, 2 * 121666, 2 * 121665} {
		DATA(8*j, U64(v))
	}
}

func p37(i int) Mem {
	switch {
	case i == 0:
		return p37Low
	case i%2 == 1:
		return p37Odd
	}
	return p37Even
}

// laneD selects 64-bit lane D (two dwords) for VPBLENDD on wide limbs.
const laneD = 0xc0

// wide is ten accumulators of 64-bit lanes, one per limb.
type wide [10]reg.VecVirtual

// mulWide returns the unreduced product x·y. Bounds as dalek's: x limbs
// below 2^(26+2.5), y limbs below 2^(26+1.75) so that 19·y fits 32 bits.
// y19 is scratch for 19·y.
func mulWide(x, y, y19 fe) wide {
	Comment("19·y_j for j = 1..9")
	k := YMM()
	VMOVDQU(c19, k)
	for j := 1; j < 10; j++ {
		t := YMM()
		VPMULUDQ(y.limb(j), k, t)
		VMOVDQU(t, y19.limb(j))
	}
	var z wide
	for i := 0; i < 10; i++ {
		Commentf("x_%d times y", i)
		xi := YMM()
		VMOVDQU(x.limb(i), xi)
		var xi2 reg.VecVirtual
		if i%2 == 1 {
			xi2 = YMM()
			VPADDQ(xi, xi, xi2)
		}
		for j := 0; j < 10; j++ {
			left := xi
			if i%2 == 1 && j%2 == 1 {
				left = xi2 // both odd: the weights add up to one more bit
			}
			right := y.limb(j)
			k := i + j
			if k >= 10 {
				right = y19.limb(j) // 2^255 ≡ 19
				k -= 10
			}
			if i == 0 {
				z[k] = YMM()
				VPMULUDQ(right, left, z[k])
				continue
			}
			t := YMM()
			VPMULUDQ(right, left, t)
			VPADDQ(t, z[k], z[k])
		}
	}
	return z
}

// squareWide returns the unreduced square of x, whose limbs must be below
// 2^(26+1.5). Each product x_i·x_j (i ≤ j) appears once with its factor
// (2 for i ≠ j, 2 more if both are odd, 19 past limb 9), split as
// {1,2,4}·x_i times {1,19}·x_j. sc holds 25 scratch limbs.
func squareWide(x fe, sc Mem) wide {
	x2 := fe{sc}
	x4 := fe{sc.Offset(320)}
	x19 := fe{sc.Offset(640 - 5*32)} // only limbs 5..9 are used
	Comment("2·x, 4·x, and 19·x_j for j = 5..9")
	k := YMM()
	VMOVDQU(c19, k)
	for i := 0; i < 10; i++ {
		v, t := YMM(), YMM()
		VMOVDQU(x.limb(i), v)
		VPADDQ(v, v, t)
		VMOVDQU(t, x2.limb(i))
		VPADDQ(t, t, t)
		VMOVDQU(t, x4.limb(i))
		if i >= 5 {
			VPMULUDQ(v, k, t)
			VMOVDQU(t, x19.limb(i))
		}
	}
	var z wide
	var init [10]bool
	for i := 0; i < 10; i++ {
		Commentf("x_%d times x_%d..x_9", i, i)
		var lefts [3]reg.VecVirtual // x_i, 2·x_i, 4·x_i, loaded on first use
		srcs := [3]fe{x, x2, x4}
		for j := i; j < 10; j++ {
			f := 1
			if i != j {
				f *= 2
			}
			if i%2 == 1 && j%2 == 1 {
				f *= 2
			}
			sel := map[int]int{1: 0, 2: 1, 4: 2}[f]
			if lefts[sel] == nil {
				lefts[sel] = YMM()
				VMOVDQU(srcs[sel].limb(i), lefts[sel])
			}
			right := x.limb(j)
			k := i + j
			if k >= 10 {
				right = x19.limb(j)
				k -= 10
			}
			if !init[k] {
				init[k] = true
				z[k] = YMM()
				VPMULUDQ(right, lefts[sel], z[k])
				continue
			}
			t := YMM()
			VPMULUDQ(right, lefts[sel], t)
			VPADDQ(t, z[k], z[k])
		}
	}
	return z
}

// negateD replaces lane D of the wide value by 2^37·p − z.
func negateD(z wide) {
	Comment("negate lane D: 2^37·p − z")
	for i := range z {
		t := YMM()
		VMOVDQU(p37(i), t)
		VPSUBQ(z[i], t, t)
		VPBLENDD(U8(laneD), t, z[i], z[i])
	}
}

// reduce carries a wide value into limbs below 2^26 (even) and 2^25
// (odd), except limb 1 below 2^25 + 2^18 and limb 5 below 2^25 + 2^14.
func reduce(z wide) {
	Comment("carry chain: two halves side by side, then 19·c from limb 9")
	carry := func(i int) {
		t := YMM()
		shift, mask := U8(26), mask26
		if i%2 == 1 {
			shift, mask = U8(25), mask25
		}
		VPSRLQ(shift, z[i], t)
		VPADDQ(t, z[i+1], z[i+1])
		VPAND(mask, z[i], z[i])
	}
	for _, p := range [][2]int{{0, 4}, {1, 5}, {2, 6}, {3, 7}, {4, 8}} {
		carry(p[0])
		carry(p[1])
	}
	c, t := YMM(), YMM()
	VPSRLQ(U8(25), z[9], c)
	VPAND(mask25, z[9], z[9])
	// 19·c = c + 2c + 16c; c < 2^39, so 64-bit shifts, not VPMULUDQ.
	VPSLLQ(U8(4), c, t)
	VPADDQ(t, z[0], z[0])
	VPSLLQ(U8(1), c, t)
	VPADDQ(t, z[0], z[0])
	VPADDQ(c, z[0], z[0])
	carry(0)
}

// pk is a 4-way element packed as curve25519-dalek's FieldElement2625x4:
// five vectors, vector k holding the 32-bit limbs
// (a_2k, b_2k, a_2k+1, b_2k+1, c_2k, d_2k, c_2k+1, d_2k+1).
type pk struct{ m Mem }

func (f pk) vec(k int) Mem { return f.m.Offset(32 * k) }

func pparam(name string) pk { return pk{Mem{Base: Load(Param(name), GP64())}} }

// 32-bit lane masks for VPBLENDD, as dalek's A_LANES … D_LANES.
const (
	pA = 0x05
	pB = 0x0a
	pC = 0x50
	pD = 0xa0
)

var (
	twoPLo, twoPHi Mem
	shuf           = map[string]Mem{}
)

func lanes8(name string, v [8]uint32) Mem {
	m := GLOBL(name, RODATA|NOPTR)
	for j, x := range v {
		DATA(4*j, U32(x))
	}
	return m
}

func packedConstants() {
	// Limbs of 2p = 2^256 − 38 in radix 2^25.5, in dalek's packing
	// (P_TIMES_2_LO for vector 0, P_TIMES_2_HI for the others).
	twoPLo = lanes8("twoPLo", [8]uint32{1<<27 - 38, 1<<27 - 38, 1<<26 - 2, 1<<26 - 2, 1<<27 - 38, 1<<27 - 38, 1<<26 - 2, 1<<26 - 2})
	twoPHi = lanes8("twoPHi", [8]uint32{1<<27 - 2, 1<<27 - 2, 1<<26 - 2, 1<<26 - 2, 1<<27 - 2, 1<<27 - 2, 1<<26 - 2, 1<<26 - 2})
	// A slice, not a map: the generated file must be the same on every run
	// (make lint regenerates it and fails on any difference).
	for _, c := range []struct {
		name string
		idx  [8]uint32
	}{
		{"AAAA", [8]uint32{0, 0, 2, 2, 0, 0, 2, 2}},
		{"BBBB", [8]uint32{1, 1, 3, 3, 1, 1, 3, 3}},
		{"CACA", [8]uint32{4, 0, 6, 2, 4, 0, 6, 2}},
		{"DBBD", [8]uint32{5, 1, 7, 3, 1, 5, 3, 7}},
		{"ADDA", [8]uint32{0, 5, 2, 7, 5, 0, 7, 2}},
		{"CBCB", [8]uint32{4, 1, 6, 3, 4, 1, 6, 3}},
		{"ABAB", [8]uint32{0, 1, 2, 3, 0, 1, 2, 3}},
		{"BADC", [8]uint32{1, 0, 3, 2, 5, 4, 7, 6}},
		{"BACD", [8]uint32{1, 0, 3, 2, 4, 5, 6, 7}},
		{"ABDC", [8]uint32{0, 1, 2, 3, 5, 4, 7, 6}},
	} {
		shuf[c.name] = lanes8("shuf"+c.name, c.idx)
	}
}

func twoPPacked(k int) Mem {
	if k == 0 {
		return twoPLo
	}
	return twoPHi
}

// Packed operations work one vector k at a time: every dalek shuffle,
// blend and add stays inside vector k, so five independent passes do what
// dalek's five-register expressions do.

func shuffle(v reg.VecVirtual, name string) reg.VecVirtual {
	idx, o := YMM(), YMM()
	VMOVDQU(shuf[name], idx)
	VPERMD(v, idx, o)
	return o
}

// blend takes the lanes in mask from b, the others from a.
func blend(a, b reg.VecVirtual, mask uint8) reg.VecVirtual {
	o := YMM()
	VPBLENDD(U8(mask), b, a, o)
	return o
}

func add(a, b reg.VecVirtual) reg.VecVirtual {
	o := YMM()
	VPADDD(b, a, o)
	return o
}

// negLazy is 2p − v limb-wise.
func negLazy(v reg.VecVirtual, k int) reg.VecVirtual {
	o := YMM()
	VMOVDQU(twoPPacked(k), o)
	VPSUBD(v, o, o)
	return o
}

// diffSum is dalek's (B−A, B+A, D−C, D+C).
func diffSum(v reg.VecVirtual, k int) reg.VecVirtual {
	return add(shuffle(v, "BADC"), blend(v, negLazy(v, k), pA|pC))
}

// unpack writes a packed element as ten 64-bit-lane limbs.
func unpack(src pk, dst fe) {
	zero := YMM()
	VPXOR(zero, zero, zero)
	for k := 0; k < 5; k++ {
		v, lo, hi := YMM(), YMM(), YMM()
		VMOVDQU(src.vec(k), v)
		VPUNPCKLDQ(zero, v, lo)
		VPUNPCKHDQ(zero, v, hi)
		VMOVDQU(lo, dst.limb(2*k))
		VMOVDQU(hi, dst.limb(2*k+1))
	}
}

// repack packs reduced wide limbs (each below 2^32) into five vectors.
func repack(z wide, out pk) {
	for k := 0; k < 5; k++ {
		x, y, o := YMM(), YMM(), YMM()
		VPSHUFD(U8(0b11_01_10_00), z[2*k], x)
		VPSHUFD(U8(0b10_00_11_01), z[2*k+1], y)
		VPBLENDD(U8(0b11001100), y, x, o)
		VMOVDQU(o, out.vec(k))
	}
}

// pmul is dalek's FieldElement2625x4 multiplication: unpack both, 100
// products, reduce, repack.
func pmul(out, x, y pk, wx, wy, y19 fe) {
	unpack(x, wx)
	unpack(y, wy)
	z := mulWide(wx, wy, y19)
	reduce(z)
	repack(z, out)
}

func squareNegD(out, x pk, wx fe, sc Mem) {
	unpack(x, wx)
	z := squareWide(wx, sc)
	negateD(z)
	reduce(z)
	repack(z, out)
}

// plocals carves n packed elements out of an aligned scratch area.
func plocals(n int) []pk {
	sc := scratch(5 * n)
	p := make([]pk, n)
	for i := range p {
		p[i] = pk{sc.Offset(160 * i)}
	}
	return p
}

func vecMul() {
	TEXT("vecMul", 0, "func(out, x, y *[40]uint32)")
	Pragma("noescape")
	Doc("vecMul sets out to x·y lane by lane, reduced. x limbs below 2^28.5, y limbs below 2^27.75.")
	out, x, y := pparam("out"), pparam("x"), pparam("y")
	l, _ := locals(3, 0)
	pmul(out, x, y, l[0], l[1], l[2])
	VZEROUPPER()
	RET()
}

func vecSquareNegD() {
	TEXT("vecSquareNegD", 0, "func(out, x *[40]uint32)")
	Pragma("noescape")
	Doc("vecSquareNegD sets out to (A², B², C², −D²) for x = (A, B, C, D), reduced. x limbs below 2^27.5.")
	out, x := pparam("out"), pparam("x")
	l, sc := locals(1, 25)
	squareNegD(out, x, l[0], sc)
	VZEROUPPER()
	RET()
}

func vecDouble() {
	TEXT("vecDouble", 0, "func(out, p *[40]uint32)")
	Pragma("noescape")
	Doc("vecDouble sets out to 2·p for p = (X, Y, Z, T) with reduced limbs.")
	out, p := pparam("out"), pparam("p")
	l, sc := locals(3, 25)
	q := plocals(3)
	in, s, u1 := q[0], q[1], q[2]
	for k := 0; k < 5; k++ {
		v := YMM()
		VMOVDQU(p.vec(k), v)
		t0 := shuffle(v, "ABAB")
		t1 := shuffle(t0, "BADC")
		VMOVDQU(blend(v, add(t0, t1), pD), in.vec(k)) // (X, Y, Z, X+Y)
	}
	squareNegD(s, in, l[0], sc) // (S1, S2, S3, −S4)
	zero := YMM()
	VPXOR(zero, zero, zero)
	for k := 0; k < 5; k++ {
		v := YMM()
		VMOVDQU(s.vec(k), v)
		s1 := shuffle(v, "AAAA")
		s2 := shuffle(v, "BBBB")
		t := blend(zero, add(v, v), pC)
		t = blend(t, v, pD)
		t = add(t, s1)
		t = add(t, blend(zero, s2, pA|pD))
		t = add(t, blend(zero, negLazy(s2, k), pB|pC)) // (S5, S6, S8, S9)
		VMOVDQU(shuffle(t, "DBBD"), u1.vec(k))
		VMOVDQU(shuffle(t, "CACA"), in.vec(k))
	}
	pmul(out, in, u1, l[0], l[1], l[2])
	VZEROUPPER()
	RET()
}

func vecAdd(name string, negate bool) {
	TEXT(name, 0, "func(out, p, q *[40]uint32)")
	Pragma("noescape")
	if negate {
		Doc(name + " sets out to p − Q for an extended point p and a cached point q of Q.")
	} else {
		Doc(name + " sets out to p + Q for an extended point p and a cached point q of Q.")
	}
	out, p, q := pparam("out"), pparam("p"), pparam("q")
	l, _ := locals(3, 0)
	t := plocals(3)
	tmp, t0, t1 := t[0], t[1], t[2]
	for k := 0; k < 5; k++ {
		v := YMM()
		VMOVDQU(p.vec(k), v)
		VMOVDQU(blend(v, diffSum(v, k), pA|pB), tmp.vec(k)) // (Y−X, Y+X, Z, T)
	}
	if negate {
		for k := 0; k < 5; k++ {
			v := YMM()
			VMOVDQU(q.vec(k), v)
			sw := shuffle(v, "BACD")
			VMOVDQU(blend(sw, negLazy(sw, k), pD), t1.vec(k))
		}
		q = t1
	}
	pmul(t0, tmp, q, l[0], l[1], l[2])
	for k := 0; k < 5; k++ {
		v := YMM()
		VMOVDQU(t0.vec(k), v)
		d := diffSum(shuffle(v, "ABDC"), k)
		VMOVDQU(shuffle(d, "ADDA"), tmp.vec(k))
		VMOVDQU(shuffle(d, "CBCB"), t1.vec(k))
	}
	pmul(out, tmp, t1, l[0], l[1], l[2])
	VZEROUPPER()
	RET()
}

func vecToCached() {
	TEXT("vecToCached", 0, "func(out, p *[40]uint32)")
	Pragma("noescape")
	Doc("vecToCached sets out to the cached form (121666·(Y−X), 121666·(Y+X), 2·121666·Z, −2·121665·T) of p.")
	out, p := pparam("out"), pparam("p")
	l, _ := locals(1, 0)
	t := plocals(1)
	for k := 0; k < 5; k++ {
		v := YMM()
		VMOVDQU(p.vec(k), v)
		VMOVDQU(blend(v, diffSum(v, k), pA|pB), t[0].vec(k))
	}
	unpack(t[0], l[0])
	var z wide
	c := YMM()
	VMOVDQU(cachedScale, c)
	for i := range z {
		z[i] = YMM()
		VPMULUDQ(l[0].limb(i), c, z[i])
	}
	negateD(z)
	reduce(z)
	repack(z, out)
	VZEROUPPER()
	RET()
}

func main() {
	ConstraintExpr("amd64,gc,!purego")
	constants()
	packedConstants()
	vecMul()
	vecSquareNegD()
	vecDouble()
	vecAdd("vecAddCached", false)
	vecAdd("vecSubCached", true)
	vecToCached()
	Generate()
}
