package blake2

import (
	"encoding/binary"
	"math/bits"
)

// sigma is the message schedule: rounds 10 and 11 repeat rounds 0 and 1.
var sigma = [12][16]uint8{
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
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
	{14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
}

// hashBlocksGeneric is the portable compression function (RFC 7693 section
// 3.2), with G written out so the compiler keeps the words in registers.
func hashBlocksGeneric(h *[8]uint64, c *[2]uint64, flag uint64, blocks []byte) {
	var m [16]uint64
	c0, c1 := c[0], c[1]
	for len(blocks) >= BlockSize {
		c0 += BlockSize
		if c0 < BlockSize {
			c1++
		}
		for i := range m {
			m[i] = binary.LittleEndian.Uint64(blocks[8*i:])
		}
		v0, v1, v2, v3, v4, v5, v6, v7 := h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
		v8, v9, v10, v11, v12, v13, v14, v15 := iv[0], iv[1], iv[2], iv[3], iv[4], iv[5], iv[6], iv[7]
		v12 ^= c0
		v13 ^= c1
		v14 ^= flag
		for r := range sigma {
			s := &sigma[r]
			v0 += m[s[0]] + v4
			v12 = bits.RotateLeft64(v12^v0, -32)
			v8 += v12
			v4 = bits.RotateLeft64(v4^v8, -24)
			v0 += m[s[1]] + v4
			v12 = bits.RotateLeft64(v12^v0, -16)
			v8 += v12
			v4 = bits.RotateLeft64(v4^v8, -63)
			v1 += m[s[2]] + v5
			v13 = bits.RotateLeft64(v13^v1, -32)
			v9 += v13
			v5 = bits.RotateLeft64(v5^v9, -24)
			v1 += m[s[3]] + v5
			v13 = bits.RotateLeft64(v13^v1, -16)
			v9 += v13
			v5 = bits.RotateLeft64(v5^v9, -63)
			v2 += m[s[4]] + v6
			v14 = bits.RotateLeft64(v14^v2, -32)
			v10 += v14
			v6 = bits.RotateLeft64(v6^v10, -24)
			v2 += m[s[5]] + v6
			v14 = bits.RotateLeft64(v14^v2, -16)
			v10 += v14
			v6 = bits.RotateLeft64(v6^v10, -63)
			v3 += m[s[6]] + v7
			v15 = bits.RotateLeft64(v15^v3, -32)
			v11 += v15
			v7 = bits.RotateLeft64(v7^v11, -24)
			v3 += m[s[7]] + v7
			v15 = bits.RotateLeft64(v15^v3, -16)
			v11 += v15
			v7 = bits.RotateLeft64(v7^v11, -63)
			v0 += m[s[8]] + v5
			v15 = bits.RotateLeft64(v15^v0, -32)
			v10 += v15
			v5 = bits.RotateLeft64(v5^v10, -24)
			v0 += m[s[9]] + v5
			v15 = bits.RotateLeft64(v15^v0, -16)
			v10 += v15
			v5 = bits.RotateLeft64(v5^v10, -63)
			v1 += m[s[10]] + v6
			v12 = bits.RotateLeft64(v12^v1, -32)
			v11 += v12
			v6 = bits.RotateLeft64(v6^v11, -24)
			v1 += m[s[11]] + v6
			v12 = bits.RotateLeft64(v12^v1, -16)
			v11 += v12
			v6 = bits.RotateLeft64(v6^v11, -63)
			v2 += m[s[12]] + v7
			v13 = bits.RotateLeft64(v13^v2, -32)
			v8 += v13
			v7 = bits.RotateLeft64(v7^v8, -24)
			v2 += m[s[13]] + v7
			v13 = bits.RotateLeft64(v13^v2, -16)
			v8 += v13
			v7 = bits.RotateLeft64(v7^v8, -63)
			v3 += m[s[14]] + v4
			v14 = bits.RotateLeft64(v14^v3, -32)
			v9 += v14
			v4 = bits.RotateLeft64(v4^v9, -24)
			v3 += m[s[15]] + v4
			v14 = bits.RotateLeft64(v14^v3, -16)
			v9 += v14
			v4 = bits.RotateLeft64(v4^v9, -63)
		}
		h[0] ^= v0 ^ v8
		h[1] ^= v1 ^ v9
		h[2] ^= v2 ^ v10
		h[3] ^= v3 ^ v11
		h[4] ^= v4 ^ v12
		h[5] ^= v5 ^ v13
		h[6] ^= v6 ^ v14
		h[7] ^= v7 ^ v15
		blocks = blocks[BlockSize:]
	}
	c[0], c[1] = c0, c1
}
