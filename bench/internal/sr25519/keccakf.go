package sr25519

import "math/bits"

// Keccak-f[1600], the permutation under SHA-3 and under merlin's STROBE
// duplex, written from FIPS 202 ("SHA-3 Standard: Permutation-Based Hash
// and Extendable-Output Functions", NIST, August 2015), section 3.2. The
// standard library does not export the bare permutation, and STROBE needs
// it bare.
//
// The state is FIPS 202's 5×5 array of 64-bit lanes, lane A[x, y] at
// a[x+5y]; byte i of the 200-byte state string is byte i%8 (little-endian)
// of lane i/8, as section 3.1.2 lays the bits out.

// roundConstants are ι's RC[ir] for the 24 rounds, the output of
// FIPS 202 Algorithm 6 (rc(t), Algorithm 5, placed at bit positions
// 2^j − 1). TestRoundConstants recomputes them from that algorithm.
var roundConstants = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
	0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
	0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

// keccakF1600 applies the 24 rounds Rnd = ι∘χ∘π∘ρ∘θ to the state in place
// (FIPS 202 Algorithm 7 with w = 64, nr = 24). Each round reads one state
// and writes the other, because π moves every lane: the caller's and tmp
// take turns, and after an even number of rounds the result is the caller's.
func keccakF1600(a *[25]uint64) {
	var tmp [25]uint64
	in, out := a, &tmp
	for _, rc := range roundConstants {
		// θ (Algorithm 1): each lane takes the parity of the column to its
		// left and of the column to its right rotated by one (d0…d4).
		c0 := in[0] ^ in[5] ^ in[10] ^ in[15] ^ in[20]
		c1 := in[1] ^ in[6] ^ in[11] ^ in[16] ^ in[21]
		c2 := in[2] ^ in[7] ^ in[12] ^ in[17] ^ in[22]
		c3 := in[3] ^ in[8] ^ in[13] ^ in[18] ^ in[23]
		c4 := in[4] ^ in[9] ^ in[14] ^ in[19] ^ in[24]
		d0 := c4 ^ bits.RotateLeft64(c1, 1)
		d1 := c0 ^ bits.RotateLeft64(c2, 1)
		d2 := c1 ^ bits.RotateLeft64(c3, 1)
		d3 := c2 ^ bits.RotateLeft64(c4, 1)
		d4 := c3 ^ bits.RotateLeft64(c0, 1)

		// Then row by row of the result: θ's sum, ρ (Algorithm 2: A[x, y]
		// rotated by its offset, Table 2 mod 64) and π (Algorithm 3: A[x, y]
		// goes to B[y, 2x+3y mod 5]) give the row's five lanes b0…b4 = B[0…4, y];
		// χ (Algorithm 4) sets A[x, y] = B[x, y] ⊕ (¬B[x+1, y] ∧ B[x+2, y]).

		// y = 0
		b0 := in[0] ^ d0
		b1 := bits.RotateLeft64(in[6]^d1, 44)
		b2 := bits.RotateLeft64(in[12]^d2, 43)
		b3 := bits.RotateLeft64(in[18]^d3, 21)
		b4 := bits.RotateLeft64(in[24]^d4, 14)
		out[0] = b0 ^ (^b1 & b2)
		out[1] = b1 ^ (^b2 & b3)
		out[2] = b2 ^ (^b3 & b4)
		out[3] = b3 ^ (^b4 & b0)
		out[4] = b4 ^ (^b0 & b1)

		// y = 1
		b0 = bits.RotateLeft64(in[3]^d3, 28)
		b1 = bits.RotateLeft64(in[9]^d4, 20)
		b2 = bits.RotateLeft64(in[10]^d0, 3)
		b3 = bits.RotateLeft64(in[16]^d1, 45)
		b4 = bits.RotateLeft64(in[22]^d2, 61)
		out[5] = b0 ^ (^b1 & b2)
		out[6] = b1 ^ (^b2 & b3)
		out[7] = b2 ^ (^b3 & b4)
		out[8] = b3 ^ (^b4 & b0)
		out[9] = b4 ^ (^b0 & b1)

		// y = 2
		b0 = bits.RotateLeft64(in[1]^d1, 1)
		b1 = bits.RotateLeft64(in[7]^d2, 6)
		b2 = bits.RotateLeft64(in[13]^d3, 25)
		b3 = bits.RotateLeft64(in[19]^d4, 8)
		b4 = bits.RotateLeft64(in[20]^d0, 18)
		out[10] = b0 ^ (^b1 & b2)
		out[11] = b1 ^ (^b2 & b3)
		out[12] = b2 ^ (^b3 & b4)
		out[13] = b3 ^ (^b4 & b0)
		out[14] = b4 ^ (^b0 & b1)

		// y = 3
		b0 = bits.RotateLeft64(in[4]^d4, 27)
		b1 = bits.RotateLeft64(in[5]^d0, 36)
		b2 = bits.RotateLeft64(in[11]^d1, 10)
		b3 = bits.RotateLeft64(in[17]^d2, 15)
		b4 = bits.RotateLeft64(in[23]^d3, 56)
		out[15] = b0 ^ (^b1 & b2)
		out[16] = b1 ^ (^b2 & b3)
		out[17] = b2 ^ (^b3 & b4)
		out[18] = b3 ^ (^b4 & b0)
		out[19] = b4 ^ (^b0 & b1)

		// y = 4
		b0 = bits.RotateLeft64(in[2]^d2, 62)
		b1 = bits.RotateLeft64(in[8]^d3, 55)
		b2 = bits.RotateLeft64(in[14]^d4, 39)
		b3 = bits.RotateLeft64(in[15]^d0, 41)
		b4 = bits.RotateLeft64(in[21]^d1, 2)
		out[20] = b0 ^ (^b1 & b2)
		out[21] = b1 ^ (^b2 & b3)
		out[22] = b2 ^ (^b3 & b4)
		out[23] = b3 ^ (^b4 & b0)
		out[24] = b4 ^ (^b0 & b1)

		// ι (Algorithm 6): the round constant into lane A[0, 0].
		out[0] ^= rc
		in, out = out, in
	}
}
