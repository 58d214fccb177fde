package sr25519

import (
	"testing"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"
)

// BenchmarkSR25519Verify compares verification with key and signature decoded once
// (impl=hwqual, impl=schnorrkel: stock go-schnorrkel v1.1.0) and with both
// decoded per call, Substrate's method (decode=each).
func BenchmarkSR25519Verify(b *testing.B) {
	s := newSigned(b, 32)
	b.Run("impl=hwqual", func(b *testing.B) {
		pk, sig := s.decoded(b)
		b.SetBytes(int64(len(s.msg)))
		for b.Loop() {
			if !pk.Verify(sig, testCtx, s.msg) {
				b.Fatal("did not verify")
			}
		}
	})
	b.Run("impl=schnorrkel", func(b *testing.B) {
		pk, err := schnorrkel.NewPublicKey(s.pub)
		if err != nil {
			b.Fatal(err)
		}
		var sig schnorrkel.Signature
		if err := sig.Decode(s.sig); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(s.msg)))
		for b.Loop() {
			if ok, _ := pk.Verify(&sig, schnorrkel.NewSigningContext(testCtx, s.msg)); !ok {
				b.Fatal("did not verify")
			}
		}
	})
	b.Run("impl=hwqual/decode=each", func(b *testing.B) {
		b.SetBytes(int64(len(s.msg)))
		for b.Loop() {
			if !Verify(s.pub, s.sig, testCtx, s.msg) {
				b.Fatal("did not verify")
			}
		}
	})
	b.Run("impl=schnorrkel/decode=each", func(b *testing.B) {
		b.SetBytes(int64(len(s.msg)))
		for b.Loop() {
			if !stockVerify(s.pub, s.sig, testCtx, s.msg) {
				b.Fatal("did not verify")
			}
		}
	})
}

// decoded returns the key and signature decoded by hwqual's decoders.
func (s signed) decoded(tb testing.TB) (*PublicKey, *Signature) {
	tb.Helper()
	pk, err := NewPublicKey(s.pub)
	if err != nil {
		tb.Fatal(err)
	}
	sig, err := DecodeSignature(s.sig)
	if err != nil {
		tb.Fatal(err)
	}
	return pk, sig
}
