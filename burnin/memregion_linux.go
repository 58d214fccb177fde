//go:build linux

package burnin

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/internal/sysfs"
)

// testRegion maps the memory under test outside the Go heap (so the
// collector never scans or moves it, and munmap returns it to the kernel
// at once) and locks it in RAM with mlock: locked pages are not swapped
// out or reclaimed while a pattern sits in them. Where RLIMIT_MEMLOCK (or
// a missing CAP_IPC_LOCK) refuses the lock, the region is used unlocked
// and lock says why, for the report: a burn-in that ran for hours should
// not be thrown away for it, but the operator must know the kernel was
// free to page the memory out.
func testRegion(words int) (region []uint64, lock memLock, free func(), err error) {
	size := words * 8
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, memLock{}, nil, fmt.Errorf("map %d MiB for the memory test: %w", size>>20, err)
	}
	free = func() { _ = unix.Munmap(mem) } // munmap also unlocks
	region = unsafe.Slice((*uint64)(unsafe.Pointer(&mem[0])), words)
	if err := unix.Mlock(mem); err != nil {
		return region, memLock{Note: lockRefused(size, err)}, free, nil
	}
	lock = memLock{Locked: true, Note: fmt.Sprintf("memory under test locked in RAM (mlock, %d MiB)", size>>20)}
	if v := sysfs.Text("/proc/sys/vm/compact_unevictable_allowed"); v == "1" {
		lock.Note += "; the kernel may still migrate locked pages during compaction (vm.compact_unevictable_allowed=1), the data stays in RAM"
	}
	return region, lock, free, nil
}

// lockRefused says why mlock failed and what would let it succeed.
func lockRefused(size int, err error) string {
	limit := "unknown"
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_MEMLOCK, &rl) == nil {
		limit = formatLimit(rl.Cur)
	}
	why := err.Error()
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.ENOMEM) || errors.Is(err, unix.EAGAIN) {
		why = fmt.Sprintf("RLIMIT_MEMLOCK is %s and the process lacks CAP_IPC_LOCK (%v)", limit, err)
	}
	return fmt.Sprintf("memory under test NOT locked in RAM: mlock of %d MiB refused: %s; the kernel may swap it out while it is tested. Run as root, or raise the limit (ulimit -l unlimited; LimitMEMLOCK=infinity in a systemd unit; --ulimit memlock=-1 for a container)",
		size>>20, why)
}

func formatLimit(v uint64) string {
	if v == unix.RLIM_INFINITY {
		return "unlimited"
	}
	return fmt.Sprintf("%d KiB", v>>10)
}

// lockedKiB is the process's locked memory as the kernel counts it
// (VmLck in /proc/self/status), for tests that look from outside.
func lockedKiB() (int, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmLck:"); ok {
			var kib int
			_, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kib)
			return kib, err
		}
	}
	return 0, errors.New("no VmLck in /proc/self/status")
}
