//go:build !amd64 || !gc || purego

package sr25519

// vectorSupported is false: the vector backend is amd64 assembly.
const vectorSupported = false

func vecMul(out, x, y *fe4)       { panic("sr25519: no vector backend") }
func vecSquareNegD(out, x *fe4)   { panic("sr25519: no vector backend") }
func vecDouble(out, p *fe4)       { panic("sr25519: no vector backend") }
func vecAddCached(out, p, q *fe4) { panic("sr25519: no vector backend") }
func vecSubCached(out, p, q *fe4) { panic("sr25519: no vector backend") }
func vecToCached(out, p *fe4)     { panic("sr25519: no vector backend") }
