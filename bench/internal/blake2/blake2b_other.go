//go:build !amd64 || !gc || purego

package blake2

// archImpls is empty where no assembly kernel is built: the pure-Go path and
// x/crypto compete on their own.
func archImpls() []Impl { return nil }
