package sr25519

import (
	"crypto/rand"
	"math/big"
	mrand "math/rand/v2"
	"testing"

	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

func requireVector(t testing.TB) {
	t.Helper()
	if !vectorSupported {
		t.Skip("the vector backend needs amd64 with AVX2")
	}
}

var bigP = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))

// laneBig is lane j of v as an integer (not reduced mod p).
func laneBig(v *fe4, j int) *big.Int {
	n := new(big.Int)
	for i, off := range limbOffset {
		n.Add(n, new(big.Int).Lsh(new(big.Int).SetUint64(v.get(i, j)), off))
	}
	return n
}

// randomFe4 returns limbs below 2^(26+b) (even) and 2^(25+b) (odd), half
// of the draws at the bound itself, so the tests reach the extremes the
// assembly's bounds allow.
func randomFe4(r *mrand.Rand, b float64) *fe4 {
	var v fe4
	for i := range 10 {
		limit := uint64(float64(uint64(1)<<(26-i%2)) * pow2(b))
		for j := range 4 {
			if r.IntN(2) == 0 {
				v.set(i, j, limit-1)
			} else {
				v.set(i, j, r.Uint64N(limit))
			}
		}
	}
	return &v
}

func pow2(b float64) float64 {
	f := 1.0
	for ; b >= 1; b-- {
		f *= 2
	}
	// 2^b for the fraction, to a few digits: enough for a bound.
	return f * map[float64]float64{0: 1, 0.5: 1.4142, 0.75: 1.6817}[b]
}

// checkReduced fails unless every output limb is below the carry chain's
// documented bound (2^26 even, 2^25 odd, plus a small carry on limbs 1, 5).
func checkReduced(t *testing.T, v *fe4) {
	t.Helper()
	for i := range 10 {
		limit := uint64(1)<<(26-i%2) + 1<<18
		for j := range 4 {
			if v.get(i, j) >= limit {
				t.Fatalf("limb %d lane %d = %#x not reduced", i, j, v.get(i, j))
			}
		}
	}
}

func TestVecMulMatchesBig(t *testing.T) {
	requireVector(t)
	r := mrand.New(mrand.NewPCG(1, 2))
	for n := range 2000 {
		x, y := randomFe4(r, 2.5), randomFe4(r, 1.75)
		if n == 0 {
			x, y = new(fe4), new(fe4)
		}
		var out fe4
		vecMul(&out, x, y)
		checkReduced(t, &out)
		for j := range 4 {
			want := new(big.Int).Mul(laneBig(x, j), laneBig(y, j))
			want.Mod(want, bigP)
			got := new(big.Int).Mod(laneBig(&out, j), bigP)
			if got.Cmp(want) != 0 {
				t.Fatalf("lane %d: x %v y %v: got %v, want %v", j, x, y, got, want)
			}
		}
	}
}

func TestVecSquareNegDMatchesBig(t *testing.T) {
	requireVector(t)
	r := mrand.New(mrand.NewPCG(3, 4))
	for range 2000 {
		x := randomFe4(r, 1.5)
		var out fe4
		vecSquareNegD(&out, x)
		checkReduced(t, &out)
		for j := range 4 {
			want := new(big.Int).Mul(laneBig(x, j), laneBig(x, j))
			if j == 3 {
				want.Neg(want)
			}
			want.Mod(want, bigP)
			got := new(big.Int).Mod(laneBig(&out, j), bigP)
			if got.Cmp(want) != 0 {
				t.Fatalf("lane %d: got %v, want %v", j, got, want)
			}
		}
	}
}

func TestFe4LaneRoundTrip(t *testing.T) {
	r := mrand.New(mrand.NewPCG(5, 6))
	for range 500 {
		var b [64]byte
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		e, err := new(field.Element).SetWideBytes(b[:])
		if err != nil {
			t.Fatal(err)
		}
		var v fe4
		v.setLane(2, e)
		if v.lane(2).Equal(e) != 1 {
			t.Fatal("lane round trip changed the element")
		}
		// Unreduced limbs near 2^32 still convert to their value mod p.
		w := randomFe4(r, 2.5)
		want := new(big.Int).Mod(laneBig(w, 1), bigP)
		got := new(big.Int).SetBytes(reverse(w.lane(1).Bytes()))
		if got.Cmp(want) != 0 {
			t.Fatalf("lane of wide limbs: got %v, want %v", got, want)
		}
	}
}

func reverse(b []byte) []byte {
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return b
}

// testPoints returns random points, the identity, and points with a
// torsion component (ristretto-decoded keys may carry one).
func testPoints(t *testing.T, n int) []*edwards25519.Point {
	t.Helper()
	// (0, −1), the point of order 2.
	order2, err := new(edwards25519.Point).SetBytes([]byte{0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	if err != nil {
		t.Fatal(err)
	}
	pts := []*edwards25519.Point{edwards25519.NewIdentityPoint(), edwards25519.NewGeneratorPoint(), order2}
	for range n {
		s := randomScalar(t)
		p := new(edwards25519.Point).ScalarBaseMult(s)
		pts = append(pts, p, new(edwards25519.Point).Add(p, order2))
	}
	return pts
}

func randomScalar(t testing.TB) *edwards25519.Scalar {
	var b [64]byte
	rand.Read(b[:])
	s, err := edwards25519.NewScalar().SetUniformBytes(b[:])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func toFe4(p *edwards25519.Point) *fe4 { return newFe4(p.ExtendedCoordinates()) }

// fromFe4 checks that v's lanes are a valid point (on the curve, T = XY/Z)
// and returns it.
func fromFe4(t *testing.T, v *fe4) *edwards25519.Point {
	t.Helper()
	p, err := new(edwards25519.Point).SetExtendedCoordinates(v.lane(0), v.lane(1), v.lane(2), v.lane(3))
	if err != nil {
		t.Fatalf("vector result is not a valid point: %v", err)
	}
	return p
}

func TestVecPointOpsMatchEdwards25519(t *testing.T) {
	requireVector(t)
	pts := testPoints(t, 20)
	for i, p := range pts {
		q := pts[(i*7+3)%len(pts)]
		var out, cq fe4
		checkReduced(t, toFe4(p))
		vecDouble(&out, toFe4(p))
		checkReduced(t, &out)
		if got, want := fromFe4(t, &out), new(edwards25519.Point).Add(p, p); got.Equal(want) != 1 {
			t.Fatalf("point %d: double differs", i)
		}
		vecToCached(&cq, toFe4(q))
		vecAddCached(&out, toFe4(p), &cq)
		checkReduced(t, &out)
		if got, want := fromFe4(t, &out), new(edwards25519.Point).Add(p, q); got.Equal(want) != 1 {
			t.Fatalf("points %d: add differs", i)
		}
		vecSubCached(&out, toFe4(p), &cq)
		checkReduced(t, &out)
		if got, want := fromFe4(t, &out), new(edwards25519.Point).Subtract(p, q); got.Equal(want) != 1 {
			t.Fatalf("points %d: subtract differs", i)
		}
	}
}

func TestNonAdjacentForm(t *testing.T) {
	for range 200 {
		s := randomScalar(t)
		b := [32]byte(s.Bytes())
		want := new(big.Int).SetBytes(reverse(s.Bytes()))
		for _, w := range []uint{5, 8} {
			naf := nonAdjacentForm(&b, w)
			sum := new(big.Int)
			for i := 255; i >= 0; i-- {
				sum.Lsh(sum, 1)
				sum.Add(sum, big.NewInt(int64(naf[i])))
				if d := int(naf[i]); d != 0 && (d%2 == 0 || d >= 1<<(w-1) || d <= -(1<<(w-1))) {
					t.Fatalf("width %d: digit %d at %d", w, d, i)
				}
			}
			if sum.Cmp(want) != 0 {
				t.Fatalf("width %d: NAF sums to %v, want %v", w, sum, want)
			}
		}
	}
}

func TestVecDoubleScalarMultMatchesEdwards25519(t *testing.T) {
	requireVector(t)
	pts := testPoints(t, 10)
	zero := edwards25519.NewScalar()
	for i, p := range pts {
		for _, sc := range [][2]*edwards25519.Scalar{
			{randomScalar(t), randomScalar(t)},
			{zero, randomScalar(t)},
			{randomScalar(t), zero},
			{zero, zero},
		} {
			a, b := sc[0], sc[1]
			x, y, z, tt := vecDoubleScalarMult(a, p, b)
			got, err := new(edwards25519.Point).SetExtendedCoordinates(x, y, z, tt)
			if err != nil {
				t.Fatalf("point %d: invalid result: %v", i, err)
			}
			want := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(a, p, b)
			if got.Equal(want) != 1 {
				t.Fatalf("point %d: a·A + b·B differs", i)
			}
			if encodeRistrettoCoords(x, y, z, tt) != encodeRistretto(want) {
				t.Fatalf("point %d: ristretto encodings differ", i)
			}
		}
	}
}

// backend is one curve arithmetic backend Verify can run on.
type backend struct {
	name   string
	vector bool
}

// use makes Verify run on b and returns the function restoring the
// previous choice.
func (b backend) use() (restore func()) {
	old := useVector
	useVector = b.vector
	return func() { useVector = old }
}

// backends lists the backends this CPU can run: serial always, vector
// with AVX2. The differential tests and the fuzzer check each.
func backends() []backend {
	bs := []backend{{"serial", false}}
	if vectorSupported {
		bs = append(bs, backend{"avx2", true})
	}
	return bs
}

// FuzzVecDoubleScalarMult compares the vector a·A + b·B with
// filippo.io/edwards25519's on arbitrary scalars and points (A = c·B, plus
// the point of order 2 when torsion is set).
func FuzzVecDoubleScalarMult(f *testing.F) {
	f.Add(make([]byte, 64), make([]byte, 64), make([]byte, 64), false)
	f.Add(bytes64(0xff), bytes64(0x01), bytes64(0x80), true)
	f.Fuzz(func(t *testing.T, ab, bb, cb []byte, torsion bool) {
		requireVector(t)
		a, b, c := wideScalar(ab), wideScalar(bb), wideScalar(cb)
		A := new(edwards25519.Point).ScalarBaseMult(c)
		if torsion {
			A.Add(A, testPoints(t, 0)[2])
		}
		x, y, z, tt := vecDoubleScalarMult(a, A, b)
		got, err := new(edwards25519.Point).SetExtendedCoordinates(x, y, z, tt)
		if err != nil {
			t.Fatalf("invalid result: %v", err)
		}
		if want := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(a, A, b); got.Equal(want) != 1 {
			t.Fatalf("a %x b %x c %x torsion %v: results differ", ab, bb, cb, torsion)
		}
	})
}

func bytes64(v byte) []byte {
	b := make([]byte, 64)
	for i := range b {
		b[i] = v
	}
	return b
}

// wideScalar reduces up to 64 bytes (zero-padded) modulo the group order.
func wideScalar(in []byte) *edwards25519.Scalar {
	var b [64]byte
	copy(b[:], in)
	s, err := edwards25519.NewScalar().SetUniformBytes(b[:])
	if err != nil {
		panic(err) // b is 64 bytes
	}
	return s
}
