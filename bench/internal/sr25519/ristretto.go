package sr25519

import (
	"errors"

	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

// Ristretto255 encoding and decoding (RFC 9496 section 4.3) on
// filippo.io/edwards25519's field arithmetic, which has amd64 assembly for
// multiplication and squaring.

var errEncoding = errors.New("invalid ristretto255 encoding")

var (
	feOne = new(field.Element).One()
	// feD is the curve constant d.
	feD = mustElement([32]byte{0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52})
	// feSqrtM1 is the non-negative square root of -1.
	feSqrtM1 = mustElement([32]byte{0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f, 0xad, 0x06, 0x18, 0x43, 0x2f, 0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b})
	// feInvSqrtAMinusD is 1/sqrt(a-d) with a = -1.
	feInvSqrtAMinusD = mustElement([32]byte{0xea, 0x40, 0x5d, 0x80, 0xaa, 0xfd, 0xc8, 0x99, 0xbe, 0x72, 0x41, 0x5a, 0x17, 0x16, 0x2f, 0x9d, 0x40, 0xd8, 0x01, 0xfe, 0x91, 0x7b, 0xc2, 0x16, 0xa2, 0xfc, 0xaf, 0xcf, 0x05, 0x89, 0x6c, 0x78})
)

func mustElement(b [32]byte) *field.Element {
	e, err := new(field.Element).SetBytes(b[:])
	if err != nil {
		panic(err)
	}
	return e
}

// decodeRistretto sets p to the point encoded by in, rejecting every
// non-canonical encoding as RFC 9496 requires.
func decodeRistretto(p *edwards25519.Point, in *[32]byte) error {
	var s field.Element
	if _, err := s.SetBytes(in[:]); err != nil {
		return errEncoding
	}
	if [32]byte(s.Bytes()) != *in || s.IsNegative() == 1 {
		return errEncoding
	}
	var ss, u1, u2, u2Sqr, v, tmp, invSqrt, denX, denY, x, y, t field.Element
	ss.Square(&s)
	u1.Subtract(feOne, &ss)
	u2.Add(feOne, &ss)
	u2Sqr.Square(&u2)
	v.Square(&u1)
	v.Multiply(&v, feD)
	v.Negate(&v)
	v.Subtract(&v, &u2Sqr)
	tmp.Multiply(&v, &u2Sqr)
	_, wasSquare := invSqrt.SqrtRatio(feOne, &tmp)
	denX.Multiply(&invSqrt, &u2)
	denY.Multiply(&invSqrt, &denX)
	denY.Multiply(&denY, &v)
	x.Multiply(&s, &denX)
	x.Add(&x, &x)
	x.Absolute(&x)
	y.Multiply(&u1, &denY)
	t.Multiply(&x, &y)
	if wasSquare == 0 || t.IsNegative() == 1 || y.Equal(new(field.Element)) == 1 {
		return errEncoding
	}
	if _, err := p.SetExtendedCoordinates(&x, &y, feOne, &t); err != nil {
		return errEncoding
	}
	return nil
}

// encodeRistretto returns the canonical encoding of p's ristretto255 class.
func encodeRistretto(p *edwards25519.Point) [32]byte {
	return encodeRistrettoCoords(p.ExtendedCoordinates())
}

// encodeRistrettoCoords encodes the point with extended coordinates
// (x0, y0, z0, t0), which must be a valid point.
func encodeRistrettoCoords(x0, y0, z0, t0 *field.Element) [32]byte {
	var u1, u2, tmp, invSqrt, den1, den2, zInv, ix0, iy0, enchanted, x, y, denInv, s field.Element
	u1.Add(z0, y0)
	tmp.Subtract(z0, y0)
	u1.Multiply(&u1, &tmp)
	u2.Multiply(x0, y0)
	tmp.Square(&u2)
	tmp.Multiply(&tmp, &u1)
	invSqrt.SqrtRatio(feOne, &tmp)
	den1.Multiply(&invSqrt, &u1)
	den2.Multiply(&invSqrt, &u2)
	zInv.Multiply(&den1, &den2)
	zInv.Multiply(&zInv, t0)
	ix0.Multiply(x0, feSqrtM1)
	iy0.Multiply(y0, feSqrtM1)
	enchanted.Multiply(&den1, feInvSqrtAMinusD)
	tmp.Multiply(t0, &zInv)
	rotate := tmp.IsNegative()
	x.Select(&iy0, x0, rotate)
	y.Select(&ix0, y0, rotate)
	denInv.Select(&enchanted, &den2, rotate)
	tmp.Multiply(&x, &zInv)
	var negY field.Element
	negY.Negate(&y)
	y.Select(&negY, &y, tmp.IsNegative())
	s.Subtract(z0, &y)
	s.Multiply(&denInv, &s)
	s.Absolute(&s)
	return [32]byte(s.Bytes())
}
