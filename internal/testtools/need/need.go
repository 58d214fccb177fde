// Package need lets a test say which outside tool it runs and which Debian
// package provides it. Without the tool the test is skipped with the
// install command, so a machine with only Go still passes `make test`;
// with the environment variable CI set (.ci/run installs every package)
// the same absence fails the test instead of hiding it.
package need

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Tool returns the path of the executable name, found in PATH. When it is
// missing the test is skipped (or failed under CI) with a message naming
// what needed it and the Debian package pkg to install.
func Tool(t testing.TB, what, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, what, name, pkg)
	}
	return path
}

// Missing skips the test, or fails it under CI, because what needs tool,
// which the Debian packages pkgs provide. It does not return.
func Missing(t testing.TB, what, tool string, pkgs ...string) {
	t.Helper()
	install := "apt-get install " + strings.Join(pkgs, " ")
	if os.Getenv("CI") != "" {
		t.Fatalf("%s needs %s, missing in CI: .ci/run must %s", what, tool, install)
	}
	t.Skipf("skip: %s needs %s (%s)", what, tool, install)
}
