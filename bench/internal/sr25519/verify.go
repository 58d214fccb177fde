// Package sr25519 verifies schnorrkel (sr25519) signatures the way Substrate
// does, with the same verdict as github.com/ChainSafe/go-schnorrkel v1.1.0 on
// every input, but faster: the curve arithmetic runs on filippo.io/edwards25519
// (amd64 assembly field arithmetic), the merlin transcript is a lean
// allocation-free STROBE, and R is compared by encoding R' once — the way Rust
// schnorrkel does — instead of decoding R and re-encoding both R and the key.
package sr25519

import (
	"errors"

	"filippo.io/edwards25519"
)

// Sizes of encoded keys and signatures.
const (
	PublicKeySize = 32
	SignatureSize = 64
)

// PublicKey is a decoded sr25519 public key.
type PublicKey struct {
	enc [PublicKeySize]byte
	// neg is -A, ready for R' = k·(-A) + s·B.
	neg edwards25519.Point
}

// Errors for inputs that cannot verify.
var (
	ErrIdentityKey = errors.New("sr25519: public key is the identity")
	ErrNotMarked   = errors.New("sr25519: signature not marked as schnorrkel")
	ErrScalar      = errors.New("sr25519: signature scalar is not canonical")
)

// NewPublicKey decodes a ristretto255-encoded public key.
func NewPublicKey(b [PublicKeySize]byte) (*PublicKey, error) {
	pk := &PublicKey{enc: b}
	var a edwards25519.Point
	if err := decodeRistretto(&a, &b); err != nil {
		return nil, err
	}
	if b == [PublicKeySize]byte{} {
		// The only canonical encoding of the identity class.
		return nil, ErrIdentityKey
	}
	pk.neg.Negate(&a)
	return pk, nil
}

// Signature is a decoded schnorrkel signature: R stays encoded, because
// verification compares encodings.
type Signature struct {
	r [32]byte
	s edwards25519.Scalar
}

// DecodeSignature checks the schnorrkel marker bit and the scalar.
func DecodeSignature(b [SignatureSize]byte) (*Signature, error) {
	if b[63]&0x80 == 0 {
		return nil, ErrNotMarked
	}
	sig := &Signature{r: [32]byte(b[:32])}
	sb := [32]byte(b[32:])
	sb[31] &= 0x7f
	if _, err := sig.s.SetCanonicalBytes(sb[:]); err != nil {
		return nil, ErrScalar
	}
	return sig, nil
}

// Verify reports whether sig signs msg under the signing context ctx.
func (pk *PublicKey) Verify(sig *Signature, ctx, msg []byte) bool {
	return pk.verify(sig, ctx, msg, useVector)
}

// verify is Verify on the vector backend (vector) or the serial one.
func (pk *PublicKey) verify(sig *Signature, ctx, msg []byte, vector bool) bool {
	t := newTranscript("SigningContext")
	t.appendMessage("", ctx)
	t.appendMessage("sign-bytes", msg)
	t.appendMessage("proto-name", []byte("Schnorr-sig"))
	t.appendMessage("sign:pk", pk.enc[:])
	t.appendMessage("sign:R", sig.r[:])
	var kb [64]byte
	t.challengeBytes("sign:c", kb[:])
	var k edwards25519.Scalar
	if _, err := k.SetUniformBytes(kb[:]); err != nil {
		panic(err) // kb is 64 bytes
	}
	if vector {
		x, y, z, t := vecDoubleScalarMult(&k, &pk.neg, &sig.s)
		return encodeRistrettoCoords(x, y, z, t) == sig.r
	}
	var rp edwards25519.Point
	rp.VarTimeDoubleScalarBaseMult(&k, &pk.neg, &sig.s)
	return encodeRistretto(&rp) == sig.r
}

// useVector selects the AVX2 vector backend for k·(−A) + s·B when the CPU
// has AVX2; the serial backend (filippo.io/edwards25519) runs elsewhere.
// Tests check both on the same machine.
var useVector = vectorSupported

// Backend names the curve arithmetic Verify runs on this CPU.
func Backend() string {
	if useVector {
		return "avx2 (4-way, as curve25519-dalek)"
	}
	return "serial (filippo.io/edwards25519)"
}

// Verify decodes an encoded public key and signature and verifies, as
// Substrate's sr25519_verify does for every call.
func Verify(pub [PublicKeySize]byte, sig [SignatureSize]byte, ctx, msg []byte) bool {
	return verifyEncoded(pub, sig, ctx, msg, useVector)
}

func verifyEncoded(pub [PublicKeySize]byte, sig [SignatureSize]byte, ctx, msg []byte, vector bool) bool {
	pk, err := NewPublicKey(pub)
	if err != nil {
		return false
	}
	s, err := DecodeSignature(sig)
	if err != nil {
		return false
	}
	return pk.verify(s, ctx, msg, vector)
}
