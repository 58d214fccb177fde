//go:build !linux

package sr25519

import "testing"

// reportCPUPerOp reports nothing where the thread CPU clock is not read.
func reportCPUPerOp(*testing.B) func() { return func() {} }
