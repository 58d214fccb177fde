package sr25519

import (
	"testing"

	"filippo.io/edwards25519"
)

// BenchmarkVerifyParts splits one verification into its steps, so the
// per-verify cost breakdown in docs/kernels.md can be re-measured. Besides
// ns/op (wall time) each part reports cpu-ns/op, the thread CPU time per
// operation (Linux), which a loaded machine distorts far less.
func BenchmarkVerifyParts(b *testing.B) {
	s := newSigned(b, 32)
	pk, sig := s.decoded(b)
	var kb [64]byte
	var k edwards25519.Scalar
	var rp edwards25519.Point
	b.Run("part=decode-key", func(b *testing.B) {
		defer reportCPUPerOp(b)()
		for b.Loop() {
			if _, err := NewPublicKey(s.pub); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("part=decode-signature", func(b *testing.B) {
		defer reportCPUPerOp(b)()
		for b.Loop() {
			if _, err := DecodeSignature(s.sig); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("part=transcript", func(b *testing.B) {
		defer reportCPUPerOp(b)()
		for b.Loop() {
			t := newTranscript("SigningContext")
			t.appendMessage("", testCtx)
			t.appendMessage("sign-bytes", s.msg)
			t.appendMessage("proto-name", []byte("Schnorr-sig"))
			t.appendMessage("sign:pk", pk.enc[:])
			t.appendMessage("sign:R", sig.r[:])
			t.challengeBytes("sign:c", kb[:])
			k.SetUniformBytes(kb[:])
		}
	})
	b.Run("part=double-scalar-mult/backend=serial", func(b *testing.B) {
		defer reportCPUPerOp(b)()
		for b.Loop() {
			rp.VarTimeDoubleScalarBaseMult(&k, &pk.neg, &sig.s)
		}
	})
	if vectorSupported {
		b.Run("part=double-scalar-mult/backend=avx2", func(b *testing.B) {
			defer reportCPUPerOp(b)()
			for b.Loop() {
				vecDoubleScalarMult(&k, &pk.neg, &sig.s)
			}
		})
		var v, c fe4
		b.Run("part=vector-double", func(b *testing.B) {
			defer reportCPUPerOp(b)()
			for b.Loop() {
				vecDouble(&v, &identity4)
			}
		})
		b.Run("part=vector-add", func(b *testing.B) {
			defer reportCPUPerOp(b)()
			for b.Loop() {
				vecAddCached(&v, &identity4, &c)
			}
		})
	}
	b.Run("part=encode-R", func(b *testing.B) {
		defer reportCPUPerOp(b)()
		for b.Loop() {
			encodeRistretto(&rp)
		}
	})
}
