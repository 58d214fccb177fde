//go:build !amd64 || !gc || purego

package blake2

// archImpls is empty where no assembly kernel is built: the pure-Go path and
// x/crypto compete on their own.
func archImpls() []Impl { return nil }

// substrateImpl is blake2b_simd's portable path where its x86 paths do not
// apply.
func substrateImpl() Impl { return PureGo }

func (f compressor) hashBlocks(h *[8]uint64, c *[2]uint64, flag uint64, blocks []byte) {
	hashBlocksGeneric(h, c, flag, blocks)
}
