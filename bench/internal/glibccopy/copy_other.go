//go:build !amd64 || !gc || purego

package glibccopy

// Detect returns an empty plan: glibc's x86-64 strategy does not apply.
func Detect() Plan { return Plan{Vendor: "other", Variant: VariantNone, Source: "none (not x86-64)"} }

// Copy is Go's copy() where glibc's x86-64 loops do not apply.
func (p Plan) Copy(dst, src []byte) Path {
	copy(dst, src[:len(dst)])
	return PathGo
}
