// Package buildinfo carries the version stamped into the binary at build
// time with -ldflags "-X github.com/hwqual/hwqual/internal/buildinfo.Version=...".
package buildinfo

import "runtime/debug"

// Version is set by the linker; empty in a plain `go build`.
var Version string

// String returns the stamped version, else the module version Go recorded
// (go install ...@v1.2.3), else "dev".
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
