//go:build linux

package affinity

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// Pin holds the calling goroutine's OS thread on cpu. It locks the
// goroutine to its thread first and never unlocks it: a goroutine that
// exits still locked takes its thread with it (runtime.LockOSThread), so
// no pinned thread returns to the Go scheduler to run someone else's code
// on one CPU.
func Pin(cpu int) error {
	runtime.LockOSThread()
	var set unix.CPUSet
	set.Set(cpu)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return fmt.Errorf("sched_setaffinity to CPU %d: %w", cpu, err)
	}
	return nil
}

// maxCPUs is what unix.CPUSet holds (CPU ids 0-1023).
const maxCPUs = 1024

// Allowed lists the CPUs the calling thread may run on
// (sched_getaffinity); from any thread hwqual has not pinned, that is the
// process's set, narrowed by a cgroup cpuset or taskset.
func Allowed() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("sched_getaffinity: %w", err)
	}
	var cpus []int
	for cpu := range maxCPUs {
		if set.IsSet(cpu) {
			cpus = append(cpus, cpu)
		}
	}
	return cpus, nil
}
