//go:build !linux

package affinity

import (
	"errors"
	"runtime"
)

var errUnsupported = errors.New("CPU affinity is only set on Linux")

// Pin locks the goroutine to its thread; the CPU is not set outside Linux.
func Pin(cpu int) error {
	runtime.LockOSThread()
	return errUnsupported
}

// Allowed is unknown outside Linux.
func Allowed() ([]int, error) { return nil, errUnsupported }
