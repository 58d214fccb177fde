package bench

import (
	"crypto/rand"
	"errors"
	"fmt"
	"syscall"
)

// diskFileSize is Substrate's scratch file size for both write benchmarks.
const diskFileSize = 64 << 20

// randomData returns incompressible bytes, so a compressing filesystem or
// drive cannot shortcut the writes.
func randomData(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
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
