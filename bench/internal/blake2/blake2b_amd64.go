//go:build amd64 && gc && !purego

package blake2

// ScalarAsm is the generated scalar amd64 compression function
// (blake2b_amd64.s, from _asm/main.go).
var ScalarAsm = fromBlocks("scalar-asm", hashBlocksScalar)

func archImpls() []Impl { return []Impl{ScalarAsm} }
