//go:build amd64 && gc && !purego

package blake2

// ScalarAsm is the generated scalar amd64 compression function
// (blake2b_amd64.s, from _asm/main.go).
var ScalarAsm = fromBlocks("scalar-asm", compressScalar)

func archImpls() []Impl { return []Impl{ScalarAsm} }

func (f compressor) hashBlocks(h *[8]uint64, c *[2]uint64, flag uint64, blocks []byte) {
	if f == compressScalar {
		hashBlocksScalar(h, c, flag, blocks)
		return
	}
	hashBlocksGeneric(h, c, flag, blocks)
}
