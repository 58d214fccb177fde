// Package blake2 is hwqual's BLAKE2b (RFC 7693) in several implementations
// of the same function: generated amd64 assembly following blake2b_simd's
// AVX2 path, a generated scalar amd64 compression function, a pure-Go one
// and golang.org/x/crypto/blake2b.
//
// Two questions use them. Substrate returns the implementation Substrate's
// own blake2b_simd dispatches to on this CPU (AVX2, else SSE4.1, else
// portable); the BLAKE2-256 score runs on it, so the score predicts what
// Substrate measures here. Calibrate races every implementation and picks
// the fastest, which the score reports beside as capability: which one wins
// depends on the CPU (on Zen 5 scalar code beats every SIMD path).
package blake2

import (
	"encoding/binary"
	"errors"

	"golang.org/x/crypto/blake2b"
)

//go:generate sh -c "cd _asm && go run . -out ../blake2b_amd64.s -stubs ../blake2b_amd64_stub.go -pkg blake2"

// BlockSize is BLAKE2b's block size in bytes.
const BlockSize = 128

// iv is BLAKE2b's initialisation vector (RFC 7693 section 2.6).
var iv = [8]uint64{
	0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
	0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
}

// compressor names a compression function. Each compresses
// len(blocks)/BlockSize whole blocks into h, adding BlockSize to the 128-bit
// byte counter c before each block and XORing flag into v14 (^0 for the
// final block, 0 otherwise). Calls go through a switch, not a func value, so
// the state stays on the stack: an indirect call would make it escape and
// allocate on every digest.
type compressor int

const (
	compressGeneric compressor = iota
	compressScalar
	compressAVX2
)

// Impl is one implementation of BLAKE2b.
type Impl struct {
	// Name identifies the implementation in reports: "scalar-asm",
	// "purego" or "xcrypto".
	Name string
	// Sum256 returns the unkeyed BLAKE2b-256 digest of data.
	Sum256 func(data []byte) [32]byte
	// Sum returns the size-byte digest of data keyed with key (at most 64
	// bytes each); size and key lengths are checked by the caller.
	Sum func(size int, key, data []byte) []byte
}

// errSize reports a digest size or key length BLAKE2b does not define.
var errSize = errors.New("blake2b: digest size must be 1..64 and key length 0..64 bytes")

// SumChecked returns the BLAKE2b digest of data with impl, after checking
// that BLAKE2b defines the digest size and key length.
func (impl Impl) SumChecked(size int, key, data []byte) ([]byte, error) {
	if size < 1 || size > 64 || len(key) > 64 {
		return nil, errSize
	}
	return impl.Sum(size, key, data), nil
}

// XCrypto is golang.org/x/crypto/blake2b with its own CPU dispatch (AVX2,
// AVX or SSE4 assembly on amd64, generic Go elsewhere or with -tags purego).
var XCrypto = Impl{
	Name:   "xcrypto",
	Sum256: blake2b.Sum256,
	Sum: func(size int, key, data []byte) []byte {
		h, err := blake2b.New(size, key)
		if err != nil {
			panic(err) // size and key are checked by SumChecked
		}
		h.Write(data)
		return h.Sum(nil)
	},
}

// PureGo is hwqual's portable compression function; it is the fallback on
// every architecture without an assembly kernel.
var PureGo = fromBlocks("purego", compressGeneric)

// Substrate returns the implementation Substrate's BLAKE2-256 runs on this
// CPU: sp_crypto_hashing::blake2_256 calls blake2b_simd, which dispatches at
// run time to its AVX2 path, else SSE4.1, else portable code. Its speed, not
// the fastest kernel's, is what a Substrate-named score must predict.
func Substrate() Impl { return substrateImpl() }

// Impls lists every implementation built for this architecture, fastest
// candidates first.
func Impls() []Impl { return append(archImpls(), PureGo, XCrypto) }

// fromBlocks builds an Impl around a compression function.
func fromBlocks(name string, f compressor) Impl {
	return Impl{
		Name: name,
		Sum256: func(data []byte) [32]byte {
			var out [32]byte
			sum(f, out[:], nil, data)
			return out
		},
		Sum: func(size int, key, data []byte) []byte {
			out := make([]byte, size)
			sum(f, out, key, data)
			return out
		},
	}
}

// sum writes the len(out)-byte digest of data, keyed with key, into out.
func sum(f compressor, out, key, data []byte) {
	h := iv
	h[0] ^= uint64(len(out)) | uint64(len(key))<<8 | 1<<16 | 1<<24
	var c [2]uint64
	var block [BlockSize]byte
	if len(key) > 0 {
		copy(block[:], key)
		if len(data) == 0 {
			f.hashBlocks(&h, &c, ^uint64(0), block[:])
			finish(&h, out)
			return
		}
		f.hashBlocks(&h, &c, 0, block[:])
	}
	// Every whole block but the last goes through the fast path; the last
	// block, full or partial, carries the final flag.
	whole := (len(data) - 1) / BlockSize * BlockSize
	if len(data) == 0 {
		whole = 0
	}
	if whole > 0 {
		f.hashBlocks(&h, &c, 0, data[:whole])
	}
	tail := data[whole:]
	block = [BlockSize]byte{}
	copy(block[:], tail)
	// The counter counts message bytes, not padding: take back what the
	// compression function will add for the zero-padded remainder.
	pad := uint64(BlockSize - len(tail))
	if c[0] < pad {
		c[1]--
	}
	c[0] -= pad
	f.hashBlocks(&h, &c, ^uint64(0), block[:])
	finish(&h, out)
}

// finish writes the little-endian state words into out, truncated.
func finish(h *[8]uint64, out []byte) {
	var buf [64]byte
	for i, v := range h {
		binary.LittleEndian.PutUint64(buf[8*i:], v)
	}
	copy(out, buf[:])
}
