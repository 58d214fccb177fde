//go:build amd64 && gc && !purego

package sr25519

import "golang.org/x/sys/cpu"

//go:generate sh -c "cd _asm && go run . -out ../vector_amd64.s"

// vectorSupported reports whether this CPU runs the AVX2 vector backend.
var vectorSupported = cpu.X86.HasAVX2

// The generated AVX2 routines of vector_amd64.s; see _asm/main.go for the
// limb bounds each one needs.

//go:noescape
func vecMul(out, x, y *fe4)

//go:noescape
func vecSquareNegD(out, x *fe4)

//go:noescape
func vecDouble(out, p *fe4)

//go:noescape
func vecAddCached(out, p, q *fe4)

//go:noescape
func vecSubCached(out, p, q *fe4)

//go:noescape
func vecToCached(out, p *fe4)
