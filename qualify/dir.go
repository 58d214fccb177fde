package qualify

import (
	"errors"
	"fmt"
	"os"

	"github.com/hwqual/hwqual/internal/scratch"
)

// ErrBadDir marks a --dir that cannot be used; the run must not start.
var ErrBadDir = errors.New("unusable --dir")

// CheckDir makes sure dir exists, is a directory and can take a scratch
// file (proved by creating and removing one). Free space is PrepareDisk's
// one rule (Floor), judged after the directory is known not to be RAM.
func CheckDir(dir string, reg *scratch.Registry) error {
	if err := statDir(dir); err != nil {
		return fmt.Errorf("%w %s: %w", ErrBadDir, dir, err)
	}
	f, err := reg.Create(dir, "probe")
	if err != nil {
		return fmt.Errorf("%w %s: not writable: %w", ErrBadDir, dir, errors.Unwrap(err))
	}
	f.Close()
	if err := reg.Remove(f.Name()); err != nil {
		return fmt.Errorf("%w %s: %w", ErrBadDir, dir, err)
	}
	return nil
}

// statDir says why dir is not a usable directory, or nil.
func statDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return errors.New("not a directory")
	}
	return nil
}
