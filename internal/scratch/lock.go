package scratch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// LockName is the lock file that keeps two runs off one directory.
const LockName = Prefix + "lock"

// LockedError is returned by Lock when a live process holds the lock.
type LockedError struct {
	Path string
	PID  int
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("another hwqual (PID %d) is running against this directory (lock %s)", e.PID, e.Path)
}

// Lock takes dir's run lock: a ".hwqual-lock" file created with O_EXCL
// holding this process's PID. A lock whose PID is no longer running is
// stale (its run was killed) and is replaced. The lock is registered, so
// RemoveAll releases it on every exit path; unlock releases it earlier.
func (r *Registry) Lock(dir string) (unlock func() error, err error) {
	path := filepath.Join(dir, LockName)
	for attempt := 0; attempt < 2; attempt++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			r.mu.Lock()
			r.paths[path] = struct{}{}
			r.mu.Unlock()
			_, werr := fmt.Fprintf(f, "%d\n", os.Getpid())
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				r.Remove(path)
				return nil, fmt.Errorf("write lock %s: %w", path, werr)
			}
			return func() error { return r.Remove(path) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("create lock %s: %w", path, err)
		}
		pid, alive := holder(path)
		if alive {
			return nil, &LockedError{Path: path, PID: pid}
		}
		// Stale: the holder died without cleaning up (SIGKILL, power
		// loss). Remove it and try once more; a racing run that wins
		// the O_EXCL create makes this one report it as the holder.
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("remove stale lock %s: %w", path, err)
		}
	}
	pid, _ := holder(path)
	return nil, &LockedError{Path: path, PID: pid}
}

// holder reads a lock's PID and reports whether that process is alive. A
// lock still being written (empty) counts as alive.
func holder(path string) (pid int, alive bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		return 0, true
	}
	pid, err = strconv.Atoi(text)
	if err != nil || pid <= 0 {
		return 0, false
	}
	err = syscall.Kill(pid, 0)
	return pid, err == nil || errors.Is(err, syscall.EPERM)
}
