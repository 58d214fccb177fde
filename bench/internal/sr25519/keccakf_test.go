package sr25519

import (
	"bytes"
	"crypto/sha3"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// TestKeccakF1600ZeroState checks the permutation of the all-zero state,
// and of its result, against the Keccak team's known answers
// (KeccakF-1600-IntermediateValues.txt, "Permutation" of the zero state,
// the same values as FIPS 202's example files), lane A[x, y] at x+5y.
func TestKeccakF1600ZeroState(t *testing.T) {
	want := [2][25]uint64{{
		0xF1258F7940E1DDE7, 0x84D5CCF933C0478A, 0xD598261EA65AA9EE, 0xBD1547306F80494D, 0x8B284E056253D057,
		0xFF97A42D7F8E6FD4, 0x90FEE5A0A44647C4, 0x8C5BDA0CD6192E76, 0xAD30A6F71B19059C, 0x30935AB7D08FFC64,
		0xEB5AA93F2317D635, 0xA9A6E6260D712103, 0x81A57C16DBCF555F, 0x43B831CD0347C826, 0x01F22F1A11A5569F,
		0x05E5635A21D9AE61, 0x64BEFEF28CC970F2, 0x613670957BC46611, 0xB87C5A554FD00ECB, 0x8C3EE88A1CCF32C8,
		0x940C7922AE3A2614, 0x1841F924A2C509E4, 0x16F53526E70465C2, 0x75F644E97F30A13B, 0xEAF1FF7B5CECA249,
	}, {
		0x2D5C954DF96ECB3C, 0x6A332CD07057B56D, 0x093D8D1270D76B6C, 0x8A20D9B25569D094, 0x4F9C4F99E5E7F156,
		0xF957B9A2DA65FB38, 0x85773DAE1275AF0D, 0xFAF4F247C3D810F7, 0x1F1B9EE6F79A8759, 0xE4FECC0FEE98B425,
		0x68CE61B6B9CE68A1, 0xDEEA66C4BA8F974F, 0x33C43D836EAFB1F5, 0xE00654042719DBD9, 0x7CF8A9F009831265,
		0xFD5449A6BF174743, 0x97DDAD33D8994B40, 0x48EAD5FC5D0BE774, 0xE3B8C8EE55B7B03C, 0x91A0226E649E42E9,
		0x900E3129E7BADD7B, 0x202A9EC5FAA3CCE8, 0x5B3402464E1C3DB6, 0x609F4E62A44C1059, 0x20D06CD26A8FBF5C,
	}}
	var a [25]uint64
	for i, w := range want {
		keccakF1600(&a)
		if a != w {
			t.Fatalf("permutation %d of the zero state:\n got %016x\nwant %016x", i+1, a, w)
		}
	}
}

// TestRoundConstants recomputes ι's constants with FIPS 202 Algorithm 6:
// bit 2^j − 1 of RC[ir] is rc(j + 7·ir), j = 0…6.
func TestRoundConstants(t *testing.T) {
	for ir, want := range roundConstants {
		var rc uint64
		for j := 0; j <= 6; j++ {
			rc |= rcBit(j+7*ir) << (1<<j - 1)
		}
		if rc != want {
			t.Errorf("RC[%d] = %#016x, table says %#016x", ir, rc, want)
		}
	}
}

// rcBit is FIPS 202 Algorithm 5, rc(t), with bit k of r holding R[k].
func rcBit(t int) uint64 {
	r := uint16(1) // R = 10000000
	for i := 1; i <= t%255; i++ {
		r <<= 1 // R = 0 || R
		if r&0x100 != 0 {
			r ^= 1 | 1<<4 | 1<<5 | 1<<6 // R[0], R[4], R[5], R[6] ⊕= R[8]
		}
		r &= 0xff // Trunc8
	}
	return uint64(r & 1)
}

// referenceKeccakF1600 is the permutation as FIPS 202 section 3.2 writes
// it, step by step on A[x][y], with ρ's offsets computed by Algorithm 2
// rather than taken from a table: slow, and easy to check by eye.
func referenceKeccakF1600(state *[25]uint64) {
	var a [5][5]uint64
	for x := 0; x < 5; x++ {
		for y := 0; y < 5; y++ {
			a[x][y] = state[x+5*y]
		}
	}
	for ir := 0; ir < 24; ir++ {
		// θ
		var c, d [5]uint64
		for x := 0; x < 5; x++ {
			c[x] = a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4]
		}
		for x := 0; x < 5; x++ {
			d[x] = c[(x+4)%5] ^ bits.RotateLeft64(c[(x+1)%5], 1)
		}
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				a[x][y] ^= d[x]
			}
		}
		// ρ: lane (x, y) for t = 0…23 rotates by (t+1)(t+2)/2.
		x, y := 1, 0
		for t := 0; t < 24; t++ {
			a[x][y] = bits.RotateLeft64(a[x][y], ((t+1)*(t+2)/2)%64)
			x, y = y, (2*x+3*y)%5
		}
		// π: A'[x, y] = A[(x + 3y) mod 5, x].
		var p [5][5]uint64
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				p[x][y] = a[(x+3*y)%5][x]
			}
		}
		// χ
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				a[x][y] = p[x][y] ^ (^p[(x+1)%5][y] & p[(x+2)%5][y])
			}
		}
		// ι
		var rc uint64
		for j := 0; j <= 6; j++ {
			rc |= rcBit(j+7*ir) << (1<<j - 1)
		}
		a[0][0] ^= rc
	}
	for x := 0; x < 5; x++ {
		for y := 0; y < 5; y++ {
			state[x+5*y] = a[x][y]
		}
	}
}

// TestKeccakF1600MatchesReference compares the unrolled permutation with
// the step-by-step one on random states.
func TestKeccakF1600MatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		var a [25]uint64
		for j := range a {
			a[j] = rng.Uint64()
		}
		b := a
		keccakF1600(&a)
		referenceKeccakF1600(&b)
		if a != b {
			t.Fatalf("state %d: unrolled %016x\nreference %016x", i, a, b)
		}
	}
}

// sponge is FIPS 202's SPONGE[Keccak-p[1600, 24], pad10*1, r] (Algorithm
// 8) over whole bytes, with the domain suffix bits that precede the
// padding (SHA-3 "01", SHAKE "1111", section 6) given as suffix: the
// message bytes, then suffix with pad10*1's first 1 above it, then the
// final 1 in the rate's last bit.
func sponge(rate int, suffix byte, msg []byte, outLen int) []byte {
	var a [25]uint64
	xorIn := func(block []byte) {
		for i, b := range block {
			a[i/8] ^= uint64(b) << (8 * (i % 8))
		}
	}
	for len(msg) >= rate {
		xorIn(msg[:rate])
		keccakF1600(&a)
		msg = msg[rate:]
	}
	last := make([]byte, rate)
	copy(last, msg)
	last[len(msg)] ^= suffix
	last[rate-1] ^= 0x80
	xorIn(last)
	keccakF1600(&a)
	out := make([]byte, 0, outLen)
	for {
		for i := 0; i < rate && len(out) < outLen; i++ {
			out = append(out, byte(a[i/8]>>(8*(i%8))))
		}
		if len(out) == outLen {
			return out
		}
		keccakF1600(&a)
	}
}

func sha3Sum256(msg []byte) []byte { return sponge(136, 0x06, msg, 32) }
func shake128(msg []byte, n int) []byte {
	return sponge(168, 0x1f, msg, n)
}

// checkSponge compares the sponge on keccakF1600 with Go's crypto/sha3 SHA3-256
// and SHAKE128 for one message and output length.
func checkSponge(t *testing.T, msg []byte, outLen int) {
	t.Helper()
	want256 := sha3.Sum256(msg)
	if got := sha3Sum256(msg); !bytes.Equal(got, want256[:]) {
		t.Fatalf("SHA3-256 of %d bytes: %x, crypto/sha3 %x", len(msg), got, want256)
	}
	wantShake := sha3.SumSHAKE128(msg, outLen)
	if got := shake128(msg, outLen); !bytes.Equal(got, wantShake) {
		t.Fatalf("SHAKE128 of %d bytes, %d out: %x, crypto/sha3 %x", len(msg), outLen, got, wantShake)
	}
}

// TestSpongeMatchesSHA3 runs random messages of every length around the
// rate boundaries (and past two blocks) through both.
func TestSpongeMatchesSHA3(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 400; n++ {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(rng.Uint32())
		}
		checkSponge(t, msg, 1+rng.IntN(400))
	}
}

// FuzzKeccakSponge compares SHA3-256 and SHAKE128 built on keccakF1600
// with x/crypto on any input.
func FuzzKeccakSponge(f *testing.F) {
	f.Add([]byte(""), uint16(32))
	f.Add([]byte("abc"), uint16(168))
	f.Add(bytes.Repeat([]byte{0xa3}, 200), uint16(500))
	f.Fuzz(func(t *testing.T, msg []byte, outLen uint16) {
		checkSponge(t, msg, int(outLen%1024)+1)
	})
}

// FuzzKeccakF1600 compares the unrolled permutation with the reference on
// any state (200 bytes, zero-padded or cut).
func FuzzKeccakF1600(f *testing.F) {
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xff}, 200))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a [25]uint64
		for i := 0; i < len(data) && i < 200; i++ {
			a[i/8] |= uint64(data[i]) << (8 * (i % 8))
		}
		b := a
		keccakF1600(&a)
		referenceKeccakF1600(&b)
		if a != b {
			t.Fatalf("unrolled %016x\nreference %016x", a, b)
		}
	})
}

// BenchmarkKeccakF1600 is one permutation (STROBE runs one per 166 bytes
// of transcript).
func BenchmarkKeccakF1600(b *testing.B) {
	var a [25]uint64
	b.SetBytes(200)
	for b.Loop() {
		keccakF1600(&a)
	}
}
