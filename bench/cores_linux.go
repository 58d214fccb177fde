//go:build linux

package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// physicalCores counts the distinct cores of the online CPUs under root's
// /sys: logical CPUs sharing a thread_siblings_list are SMT siblings of one
// core. It returns an error when the topology cannot be read.
func physicalCores(root string) (int, error) {
	base := filepath.Join(root, "sys/devices/system/cpu")
	paths, err := filepath.Glob(filepath.Join(base, "cpu[0-9]*/topology/thread_siblings_list"))
	if err != nil {
		return 0, fmt.Errorf("cpu topology: %w", err)
	}
	if len(paths) == 0 {
		return 0, fmt.Errorf("cpu topology: no %s", filepath.Join(base, "cpu*/topology/thread_siblings_list"))
	}
	cores := map[string]bool{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return 0, fmt.Errorf("cpu topology: %w", err)
		}
		cores[strings.TrimSpace(string(b))] = true
	}
	return len(cores), nil
}
