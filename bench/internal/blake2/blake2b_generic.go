package blake2

import (
	"encoding/binary"
	"math/bits"
)

// blake2bSigma is the message word permutation of RFC 7693 section 2.7:
// round r reads its sixteen message words in the order blake2bSigma[r%10].
var blake2bSigma = [10][16]uint8{
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
}

// blake2bRounds is BLAKE2b's round count (RFC 7693 section 2.1).
const blake2bRounds = 12

// mix is the G function of RFC 7693 section 3.1 on the four state words
// a, b, c, d with message words x and y; the rotation distances R1..R4 are
// 32, 24, 16 and 63 (section 2.1). It takes and returns the words by value,
// so the compiler inlines it and keeps the state in registers.
func mix(a, b, c, d, x, y uint64) (uint64, uint64, uint64, uint64) {
	a = a + b + x
	d = bits.RotateLeft64(d^a, -32)
	c = c + d
	b = bits.RotateLeft64(b^c, -24)
	a = a + b + y
	d = bits.RotateLeft64(d^a, -16)
	c = c + d
	b = bits.RotateLeft64(b^c, -63)
	return a, b, c, d
}

// hashBlocksGeneric is the portable compression function F of RFC 7693
// section 3.2, applied to each whole block in turn. Each round mixes the
// four columns of the 4x4 state, then its four diagonals.
func hashBlocksGeneric(h *[8]uint64, c *[2]uint64, flag uint64, blocks []byte) {
	var m [16]uint64
	// t, the 128-bit count of bytes hashed so far, as two words; kept in
	// locals, stored back once.
	t0, t1 := c[0], c[1]
	for ; len(blocks) >= BlockSize; blocks = blocks[BlockSize:] {
		t0 += BlockSize
		if t0 < BlockSize {
			t1++
		}
		for i := range m {
			m[i] = binary.LittleEndian.Uint64(blocks[i*8:])
		}
		// The local work vector: the chain value, then the IV with the
		// counter and the final-block flag folded in.
		w0, w1, w2, w3 := h[0], h[1], h[2], h[3]
		w4, w5, w6, w7 := h[4], h[5], h[6], h[7]
		w8, w9, w10, w11 := iv[0], iv[1], iv[2], iv[3]
		w12, w13, w14, w15 := iv[4]^t0, iv[5]^t1, iv[6]^flag, iv[7]
		for r := 0; r < blake2bRounds; r++ {
			s := &blake2bSigma[r%10]
			w0, w4, w8, w12 = mix(w0, w4, w8, w12, m[s[0]], m[s[1]])
			w1, w5, w9, w13 = mix(w1, w5, w9, w13, m[s[2]], m[s[3]])
			w2, w6, w10, w14 = mix(w2, w6, w10, w14, m[s[4]], m[s[5]])
			w3, w7, w11, w15 = mix(w3, w7, w11, w15, m[s[6]], m[s[7]])
			w0, w5, w10, w15 = mix(w0, w5, w10, w15, m[s[8]], m[s[9]])
			w1, w6, w11, w12 = mix(w1, w6, w11, w12, m[s[10]], m[s[11]])
			w2, w7, w8, w13 = mix(w2, w7, w8, w13, m[s[12]], m[s[13]])
			w3, w4, w9, w14 = mix(w3, w4, w9, w14, m[s[14]], m[s[15]])
		}
		h[0] ^= w0 ^ w8
		h[1] ^= w1 ^ w9
		h[2] ^= w2 ^ w10
		h[3] ^= w3 ^ w11
		h[4] ^= w4 ^ w12
		h[5] ^= w5 ^ w13
		h[6] ^= w6 ^ w14
		h[7] ^= w7 ^ w15
	}
	c[0], c[1] = t0, t1
}
