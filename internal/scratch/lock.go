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

// Swept is what taking over a stale lock removed: the scratch files a run
// left when it died without cleaning up (kill -9, OOM, power loss).
type Swept struct {
	// PID held the stale lock; 0 when no lock was taken over.
	PID   int
	Files int
	Bytes int64
}

// Lock takes dir's run lock: a ".hwqual-lock" file created with O_EXCL
// holding this process's PID. A lock whose PID is no longer running is
// stale (its run was killed) and is replaced. The lock is registered, so
// RemoveAll releases it on every exit path; unlock releases it earlier.
func (r *Registry) Lock(dir string) (unlock func() error, err error) {
	unlock, _, err = r.LockSweep(dir)
	return unlock, err
}

// LockSweep is Lock that, when it takes over a stale lock, then removes
// the dead run's ".hwqual-*" scratch files from dir and says what it
// freed. It sweeps only after winning the lock, so no live run's files are
// touched: every run that writes scratch files holds the lock first.
func (r *Registry) LockSweep(dir string) (unlock func() error, swept Swept, err error) {
	path := filepath.Join(dir, LockName)
	stalePID := 0
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
				return nil, swept, fmt.Errorf("write lock %s: %w", path, werr)
			}
			unlock = func() error { return r.Remove(path) }
			if stalePID != 0 {
				swept, err = r.sweep(dir)
				swept.PID = stalePID
				if err != nil {
					unlock()
					return nil, swept, err
				}
			}
			return unlock, swept, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, swept, fmt.Errorf("create lock %s: %w", path, err)
		}
		pid, alive := holder(path)
		if alive {
			return nil, swept, &LockedError{Path: path, PID: pid}
		}
		stalePID = max(pid, 1)
		// Stale: the holder died without cleaning up (SIGKILL, power
		// loss). Remove it and try once more; a racing run that wins
		// the O_EXCL create makes this one report it as the holder.
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, swept, fmt.Errorf("remove stale lock %s: %w", path, err)
		}
	}
	pid, _ := holder(path)
	return nil, swept, &LockedError{Path: path, PID: pid}
}

// outputPrefix starts the temporary files reports are written through
// (cmd/hwqual output.go); they are not scratch files and are left alone.
const outputPrefix = Prefix + "out-"

// CheckpointName is the burn-in checkpoint: a report a killed run leaves
// on purpose so `hwqual burnin --resume` can continue it. It is not
// scratch, and a sweep never removes it.
const CheckpointName = Prefix + "burnin.json"

// sweep removes the ".hwqual-*" scratch files a dead run left in dir:
// regular files only, never the lock, never a report being written, and
// never a file this registry created.
func (r *Registry) sweep(dir string) (Swept, error) {
	var s Swept
	entries, err := os.ReadDir(dir)
	if err != nil {
		return s, fmt.Errorf("list %s for a dead run's scratch files: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, Prefix) || name == LockName || name == CheckpointName || strings.HasPrefix(name, outputPrefix) || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, name)
		r.mu.Lock()
		_, ours := r.paths[p]
		r.mu.Unlock()
		if ours {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // already gone
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return s, fmt.Errorf("remove a dead run's scratch file: %w", err)
		}
		s.Files++
		s.Bytes += info.Size()
	}
	return s, nil
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
