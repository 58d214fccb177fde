package qualify

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/internal/scratch"
)

// MinFreeBytes is the least free space the disk benchmarks need in --dir:
// two 64 MiB scratch files, with room to spare so a run never fills a disk.
const MinFreeBytes = 512 << 20

// ErrBadDir marks a --dir that cannot be used; the run must not start.
var ErrBadDir = errors.New("unusable --dir")

// CheckDir makes sure dir exists, is a directory, can take a scratch file
// (proved by creating and removing one) and has MinFreeBytes free.
func CheckDir(dir string, reg *scratch.Registry) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%w %s: %w", ErrBadDir, dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("%w %s: not a directory", ErrBadDir, dir)
	}
	f, err := reg.Create(dir, "probe")
	if err != nil {
		return fmt.Errorf("%w %s: not writable: %w", ErrBadDir, dir, errors.Unwrap(err))
	}
	f.Close()
	if err := reg.Remove(f.Name()); err != nil {
		return fmt.Errorf("%w %s: %w", ErrBadDir, dir, err)
	}
	free, err := FreeBytes(dir)
	if err != nil {
		return fmt.Errorf("%w %s: %w", ErrBadDir, dir, err)
	}
	if free < MinFreeBytes {
		return fmt.Errorf("%w %s: %d MiB free, the disk benchmarks need at least %d MiB", ErrBadDir, dir, free>>20, MinFreeBytes>>20)
	}
	return nil
}

// FreeBytes is the space available to an unprivileged writer in dir's
// filesystem.
func FreeBytes(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}
