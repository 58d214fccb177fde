package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/testtools/need"
)

// nvmeVM returns the path of the repository's NVMe VM harness
// (test/nvmevm/run) after asking it whether this machine has everything a
// guest needs. If not, the test is skipped naming the Debian packages to
// install, or failed under CI, whose .ci/run installs them.
func nvmeVM(t *testing.T) string {
	t.Helper()
	run, err := filepath.Abs(filepath.Join("..", "..", "test", "nvmevm", "run"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(run, "--check").CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return run
	case errors.As(err, &exit) && exit.ExitCode() == 3:
		pkgs := strings.Fields(strings.TrimPrefix(strings.TrimSpace(string(out)), "missing:"))
		need.Missing(t, "the NVMe VM test", strings.Join(pkgs, ", "), pkgs...)
	default:
		t.Fatalf("%s --check: %v\n%s", run, err, out)
	}
	return ""
}
