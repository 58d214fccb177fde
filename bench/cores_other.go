//go:build !linux

package bench

import "errors"

// physicalCores has no portable source outside Linux; callers fall back to
// the logical CPU count and say so.
func physicalCores(root string) (int, error) {
	return 0, errors.New("cpu topology: only read on Linux")
}
