package sr25519

import (
	"crypto/rand"
	"testing"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"
)

var testCtx = []byte("substrate")

// stockVerify is go-schnorrkel's verdict on encoded inputs: decoding errors
// count as a failed verification.
func stockVerify(pub [32]byte, sig [64]byte, ctx, msg []byte) bool {
	pk, err := schnorrkel.NewPublicKey(pub)
	if err != nil {
		return false
	}
	var s schnorrkel.Signature
	if err := s.Decode(sig); err != nil {
		return false
	}
	ok, err := pk.Verify(&s, schnorrkel.NewSigningContext(ctx, msg))
	return err == nil && ok
}

type signed struct {
	pub [32]byte
	sig [64]byte
	msg []byte
}

func newSigned(t testing.TB, msgLen int) signed {
	t.Helper()
	sk, pk, err := schnorrkel.GenerateKeypair()
	if err != nil {
		t.Fatal(err)
	}
	msg := make([]byte, msgLen)
	rand.Read(msg)
	sig, err := sk.Sign(schnorrkel.NewSigningContext(testCtx, msg))
	if err != nil {
		t.Fatal(err)
	}
	return signed{pub: pk.Encode(), sig: sig.Encode(), msg: msg}
}

func TestVerifyMatchesGoSchnorrkel(t *testing.T) {
	s := newSigned(t, 32)
	other := newSigned(t, 32)
	flip := func(b [64]byte, i int, bit byte) [64]byte { b[i] ^= bit; return b }
	tests := []struct {
		name string
		pub  [32]byte
		sig  [64]byte
		ctx  []byte
		msg  []byte
		want bool
	}{
		{"valid", s.pub, s.sig, testCtx, s.msg, true},
		{"corrupted R", s.pub, flip(s.sig, 3, 0x10), testCtx, s.msg, false},
		{"corrupted s", s.pub, flip(s.sig, 40, 0x01), testCtx, s.msg, false},
		{"marker bit cleared", s.pub, flip(s.sig, 63, 0x80), testCtx, s.msg, false},
		{"wrong key", other.pub, s.sig, testCtx, s.msg, false},
		{"wrong context", s.pub, s.sig, []byte("polkadot"), s.msg, false},
		{"wrong message", s.pub, s.sig, testCtx, other.msg, false},
		{"identity key", [32]byte{}, s.sig, testCtx, s.msg, false},
		{"non-canonical key", [32]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, s.sig, testCtx, s.msg, false},
	}
	for _, b := range backends() {
		for _, tt := range tests {
			t.Run(b.name+"/"+tt.name, func(t *testing.T) {
				got := verifyEncoded(tt.pub, tt.sig, tt.ctx, tt.msg, b.vector)
				stock := stockVerify(tt.pub, tt.sig, tt.ctx, tt.msg)
				if got != stock {
					t.Fatalf("hwqual %v, go-schnorrkel %v", got, stock)
				}
				if got != tt.want {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
	}
}

// TestVerifyManyKeysBothBackends checks many fresh keys and messages, and a
// corruption of each, on every backend: the verdicts match go-schnorrkel.
func TestVerifyManyKeysBothBackends(t *testing.T) {
	n := 64
	if testing.Short() {
		n = 8
	}
	for i := range n {
		s := newSigned(t, i)
		bad := s.sig
		bad[i%32] ^= 1 << (i % 8)
		for _, b := range backends() {
			for _, sig := range [][64]byte{s.sig, bad} {
				got := verifyEncoded(s.pub, sig, testCtx, s.msg, b.vector)
				if want := stockVerify(s.pub, sig, testCtx, s.msg); got != want {
					t.Fatalf("%s, case %d: hwqual %v, go-schnorrkel %v", b.name, i, got, want)
				}
			}
		}
	}
}

func TestVerifyEmptyMessage(t *testing.T) {
	s := newSigned(t, 0)
	for _, b := range backends() {
		if !verifyEncoded(s.pub, s.sig, testCtx, s.msg, b.vector) || !stockVerify(s.pub, s.sig, testCtx, s.msg) {
			t.Fatalf("%s: signature over the empty message does not verify", b.name)
		}
	}
}

// FuzzVerify compares the verdict of every backend with go-schnorrkel's on
// arbitrary keys, signatures, contexts and messages; seeds include valid
// signatures, whose single-bit corruptions the fuzzer explores.
func FuzzVerify(f *testing.F) {
	for _, n := range []int{0, 32, 200} {
		s := newSigned(f, n)
		f.Add(s.pub[:], s.sig[:], testCtx, s.msg)
	}
	f.Add(make([]byte, 32), make([]byte, 64), []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, pub, sig, ctx, msg []byte) {
		// Short or long inputs are zero-padded or cut, so every input
		// exercises the decoders instead of being skipped.
		var p [32]byte
		var s [64]byte
		copy(p[:], pub)
		copy(s[:], sig)
		want := stockVerify(p, s, ctx, msg)
		for _, b := range backends() {
			if got := verifyEncoded(p, s, ctx, msg, b.vector); got != want {
				t.Fatalf("%s: pub %x sig %x ctx %q msg %x: hwqual %v, go-schnorrkel %v", b.name, pub, sig, ctx, msg, got, want)
			}
		}
	})
}
