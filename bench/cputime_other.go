//go:build !linux

package bench

import "time"

// threadCPUTime is not read outside Linux; CPU shares are then not reported.
func threadCPUTime() (time.Duration, bool) { return 0, false }
