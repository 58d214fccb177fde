package bench

import (
	crand "crypto/rand"
	"errors"
	"fmt"
	"math/rand/v2"
	"syscall"
)

// diskFileSize is Substrate's scratch file size for both write benchmarks.
const diskFileSize = 64 << 20

// randomData returns incompressible bytes, so a compressing filesystem or
// drive cannot shortcut the writes. They come from ChaCha8 under a fresh
// seed: as incompressible as the kernel's generator for this purpose and
// ten times faster (64 MiB in 38 ms against 380 ms from crypto/rand on a
// Zen 5 guest), which both Substrate disk rows paid before their first
// write. sc-sysinfo also fills its buffer from a non-cryptographic
// generator (PCG64).
func randomData(n int) ([]byte, error) {
	var seed [32]byte
	if _, err := crand.Read(seed[:]); err != nil {
		return nil, fmt.Errorf("random seed: %w", err)
	}
	b := make([]byte, n)
	if _, err := rand.NewChaCha8(seed).Read(b); err != nil {
		return nil, fmt.Errorf("random data: %w", err)
	}
	return b, nil
}

// diskErr turns a filesystem's refusal of an operation (fsync on some FUSE
// or network filesystems, for example) into a not-measured reason; other
// errors pass through.
func diskErr(err error) error {
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w: %w", ErrNotMeasured, err)
	}
	return err
}
