// Command _asm generates vector_amd64.s: 4-way vectorised curve25519 field
// and Edwards point arithmetic with AVX2, the strategy of curve25519-dalek's
// AVX2 backend (backend/vector/avx2 in curve25519-dalek 4.1.3, which
// schnorrkel 0.11.4 — what Substrate calls for sr25519 — runs on x86-64 with
// AVX2). The code is ours; the facts used are dalek's documented ones:
//
//   - a field element in radix 2^25.5: ten limbs, even limbs 26 bits, odd
//     limbs 25 bits; four elements side by side, one per 64-bit lane, so one
//     VPMULUDQ multiplies the same limb of four elements;
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
// A 4-way element is 40 uint64 in memory, limb-major: limb i of lane j at
// byte 32·i + 8·j.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// fe is a 4-way field element in memory.
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

func param(name string) fe { return fe{Mem{Base: Load(Param(name), GP64())}} }

// Constants, four equal 64-bit lanes each unless noted.
var (
	c19, mask26, mask25      Mem
	twoP0, twoPEven, twoPOdd Mem
	p37Low, p37Even, p37Odd  Mem
	cachedScale              Mem // (121666, 121666, 2·121666, 2·121665)
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
	// Limbs of 2p = 2^256 − 38 in radix 2^25.5.
	twoP0 = splat("twoP0", 1<<27-38)
	twoPEven = splat("twoPEven", 1<<27-2)
	twoPOdd = splat("twoPOdd", 1<<26-2)
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

func twoP(i int) Mem {
	switch {
	case i == 0:
		return twoP0
	case i%2 == 1:
		return twoPOdd
	}
	return twoPEven
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

// perm is the VPERMQ immediate that puts source lanes (a, b, c, d) into
// destination lanes (A, B, C, D).
func perm(a, b, c, d int) U8 { return U8(a | b<<2 | c<<4 | d<<6) }

// Lane masks for VPBLENDD (two dwords per 64-bit lane).
const (
	laneA = 0x03
	laneB = 0x0c
	laneC = 0x30
	laneD = 0xc0
)

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

func store(z wide, out fe) {
	for i := range z {
		VMOVDQU(z[i], out.limb(i))
	}
}

// diffSumXY writes (Y−X, Y+X, Z, T) of p = (X, Y, Z, T) into dst, Y−X as
// Y + (2p − X).
func diffSumXY(p, dst fe, zero reg.VecVirtual) {
	Comment("(Y−X, Y+X, Z, T)")
	for i := 0; i < 10; i++ {
		v, sw, n := YMM(), YMM(), YMM()
		VMOVDQU(p.limb(i), v)
		VPERMQ(perm(1, 0, 2, 3), v, sw) // (Y, X, Z, T)
		VMOVDQU(twoP(i), n)
		VPSUBQ(v, n, n)                       // 2p − lanes
		VPBLENDD(U8(laneA), n, v, n)          // (2p−X, Y, Z, T)
		VPBLENDD(U8(laneC|laneD), zero, n, n) // (2p−X, Y, 0, 0)
		VPADDQ(n, sw, sw)
		VMOVDQU(sw, dst.limb(i))
	}
}

func zeroReg() reg.VecVirtual {
	z := YMM()
	VPXOR(z, z, z)
	return z
}

func vecMul() {
	TEXT("vecMul", 0, "func(out, x, y *[40]uint64)")
	Pragma("noescape")
	Doc("vecMul sets out to x·y lane by lane, reduced. x limbs below 2^28.5, y limbs below 2^27.75.")
	out, x, y := param("out"), param("x"), param("y")
	l, _ := locals(1, 0)
	y19 := l[0]
	z := mulWide(x, y, y19)
	reduce(z)
	store(z, out)
	VZEROUPPER()
	RET()
}

func vecSquareNegD() {
	TEXT("vecSquareNegD", 0, "func(out, x *[40]uint64)")
	Pragma("noescape")
	Doc("vecSquareNegD sets out to (A², B², C², −D²) for x = (A, B, C, D), reduced. x limbs below 2^27.5.")
	out, x := param("out"), param("x")
	_, sc := locals(0, 25)
	z := squareWide(x, sc)
	negateD(z)
	reduce(z)
	store(z, out)
	VZEROUPPER()
	RET()
}

func vecDouble() {
	TEXT("vecDouble", 0, "func(out, p *[40]uint64)")
	Pragma("noescape")
	Doc("vecDouble sets out to 2·p for p = (X, Y, Z, T) with reduced limbs.")
	out, p := param("out"), param("p")
	l, sc := locals(4, 25)
	in, s, t0, t1 := l[0], l[1], l[2], l[3]
	zero := zeroReg()
	Comment("(X, Y, Z, X+Y)")
	for i := 0; i < 10; i++ {
		u, w := YMM(), YMM()
		VPERMQ(perm(0, 1, 2, 0), p.limb(i), u)
		VPERMQ(perm(0, 0, 0, 1), p.limb(i), w)
		VPBLENDD(U8(laneD), w, zero, w)
		VPADDQ(w, u, u)
		VMOVDQU(u, in.limb(i))
	}
	Comment("(S1, S2, S3, −S4) = (X², Y², Z², −(X+Y)²)")
	z := squareWide(in, sc)
	negateD(z)
	reduce(z)
	store(z, s)
	Comment("(S5, S6, S8, S9) = (S1+S2, S1−S2, S1−S2+2·S3, S1+S2−S4)")
	for i := 0; i < 10; i++ {
		a, b, nb, sv, d := YMM(), YMM(), YMM(), YMM(), YMM()
		VPERMQ(perm(0, 0, 0, 0), s.limb(i), a)
		VPERMQ(perm(1, 1, 1, 1), s.limb(i), b)
		VMOVDQU(twoP(i), nb)
		VPSUBQ(b, nb, nb)
		VPBLENDD(U8(laneB|laneC), nb, b, b) // (S2, −S2, −S2, S2)
		VPADDQ(b, a, a)
		VMOVDQU(s.limb(i), sv)
		VPADDQ(sv, sv, d)
		VPBLENDD(U8(laneD), sv, d, d)         // (2·S1, 2·S2, 2·S3, −S4)
		VPBLENDD(U8(laneA|laneB), zero, d, d) // (0, 0, 2·S3, −S4)
		VPADDQ(d, a, a)
		u, w := YMM(), YMM()
		VPERMQ(perm(2, 0, 2, 0), a, u) // (S8, S5, S8, S5)
		VMOVDQU(u, t0.limb(i))
		VPERMQ(perm(3, 1, 1, 3), a, w) // (S9, S6, S6, S9)
		VMOVDQU(w, t1.limb(i))
	}
	Comment("(X3, Y3, Z3, T3) = (S8·S9, S5·S6, S8·S6, S5·S9)")
	z = mulWide(t0, t1, s)
	reduce(z)
	store(z, out)
	VZEROUPPER()
	RET()
}

func vecAdd(name string, negate bool) {
	TEXT(name, 0, "func(out, p, q *[40]uint64)")
	Pragma("noescape")
	if negate {
		Doc(name + " sets out to p − Q for an extended point p and a cached point q of Q.")
	} else {
		Doc(name + " sets out to p + Q for an extended point p and a cached point q of Q.")
	}
	out, p, q := param("out"), param("p"), param("q")
	l, _ := locals(5, 0)
	tmp, s, t0, t1, y19 := l[0], l[1], l[2], l[3], l[4]
	zero := zeroReg()
	diffSumXY(p, tmp, zero)
	if negate {
		Comment("cached −Q: swap lanes A and B, negate lane D")
		neg := t0
		for i := 0; i < 10; i++ {
			w, n := YMM(), YMM()
			VPERMQ(perm(1, 0, 2, 3), q.limb(i), w)
			VMOVDQU(twoP(i), n)
			VPSUBQ(w, n, n)
			VPBLENDD(U8(laneD), n, w, w)
			VMOVDQU(w, neg.limb(i))
		}
		q = neg
	}
	Comment("(S8, S9, S10, S11) = (Y1−X1, Y1+X1, Z1, T1) · q")
	z := mulWide(tmp, q, y19)
	reduce(z)
	store(z, s)
	Comment("(S12, S13, S14, S15) = (S9−S8, S9+S8, S10−S11, S10+S11)")
	for i := 0; i < 10; i++ {
		u, sw, n := YMM(), YMM(), YMM()
		VPERMQ(perm(0, 1, 3, 2), s.limb(i), u)  // (S8, S9, S11, S10)
		VPERMQ(perm(1, 0, 2, 3), s.limb(i), sw) // (S9, S8, S10, S11)
		VMOVDQU(twoP(i), n)
		VPSUBQ(u, n, n)
		VPBLENDD(U8(laneA|laneC), n, u, u) // (−S8, S9, −S11, S10)
		VPADDQ(u, sw, sw)
		a, b := YMM(), YMM()
		VPERMQ(perm(0, 3, 3, 0), sw, a) // (S12, S15, S15, S12)
		VMOVDQU(a, t0.limb(i))
		VPERMQ(perm(2, 1, 2, 1), sw, b) // (S14, S13, S14, S13)
		VMOVDQU(b, t1.limb(i))
	}
	Comment("(X3, Y3, Z3, T3) = (S12·S14, S15·S13, S15·S14, S12·S13)")
	z = mulWide(t0, t1, y19)
	reduce(z)
	store(z, out)
	VZEROUPPER()
	RET()
}

func vecToCached() {
	TEXT("vecToCached", 0, "func(out, p *[40]uint64)")
	Pragma("noescape")
	Doc("vecToCached sets out to the cached form (121666·(Y−X), 121666·(Y+X), 2·121666·Z, −2·121665·T) of p.")
	out, p := param("out"), param("p")
	l, _ := locals(1, 0)
	tmp := l[0]
	zero := zeroReg()
	diffSumXY(p, tmp, zero)
	var z wide
	k := YMM()
	VMOVDQU(cachedScale, k)
	for i := range z {
		z[i] = YMM()
		VPMULUDQ(tmp.limb(i), k, z[i])
	}
	negateD(z)
	reduce(z)
	store(z, out)
	VZEROUPPER()
	RET()
}

func main() {
	ConstraintExpr("amd64,gc,!purego")
	constants()
	vecMul()
	vecSquareNegD()
	vecDouble()
	vecAdd("vecAddCached", false)
	vecAdd("vecSubCached", true)
	vecToCached()
	Generate()
}
