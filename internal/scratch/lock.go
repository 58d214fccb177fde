package scratch

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// LockName is the lock file that keeps two runs off one directory.
const LockName = Prefix + "lock"

// LockedError is returned by Lock when another process holds the lock.
type LockedError struct {
	Path string
	// PID is the holder's, as it wrote it in the lock file; 0 when it
	// had not written it yet.
	PID int
}

func (e *LockedError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("another hwqual is running against this directory (lock %s)", e.Path)
	}
	return fmt.Sprintf("another hwqual (PID %d) is running against this directory (lock %s)", e.PID, e.Path)
}

// Swept is what taking over a dead run's lock removed: the scratch files
// a run left when it died without cleaning up (kill -9, OOM, power loss).
type Swept struct {
	// PID held the lock before it died; 0 when no dead run's lock was
	// found (or it named no PID).
	PID   int
	Files int
	Bytes int64
}

// Lock takes dir's run lock; see LockSweep.
func (r *Registry) Lock(dir string) (unlock func() error, err error) {
	unlock, _, err = r.LockSweep(dir)
	return unlock, err
}

// lockAttempts bounds the retries when the lock file is replaced between
// open and flock (a holder releasing it at that moment).
const lockAttempts = 10

// LockSweep takes dir's run lock: flock(2) LOCK_EX|LOCK_NB on
// ".hwqual-lock", kept open for the run. The kernel releases an flock when
// its holder dies however it dies, so there is no PID to guess and no
// stale lock to break: a run either holds the lock or gets a LockedError.
// The holder's PID is written into the file for that message only.
//
// A lock file that already holds a PID when the lock is won was left by a
// run that died (a live run removes it on exit), so LockSweep then removes
// that run's ".hwqual-*" scratch files from dir and says what it freed. It
// sweeps only while holding the lock, and every run that writes scratch
// files holds the lock first, so no live run's files are touched.
//
// The lock is registered: RemoveAll releases it after the scratch files
// are gone; unlock releases it earlier.
func (r *Registry) LockSweep(dir string) (unlock func() error, swept Swept, err error) {
	path := filepath.Join(dir, LockName)
	var f *os.File
	for attempt := 0; ; attempt++ {
		if f, err = lockFile(path); err == nil {
			break
		}
		if !errors.Is(err, errLockReplaced) || attempt == lockAttempts {
			return nil, swept, err
		}
	}
	prev, err := io.ReadAll(f)
	if err == nil {
		err = writePID(f)
	}
	if err != nil {
		release(path, f)
		return nil, swept, fmt.Errorf("lock %s: %w", path, err)
	}
	r.mu.Lock()
	r.locks[path] = f
	r.mu.Unlock()
	unlock = func() error { return r.unlock(path) }
	if text := strings.TrimSpace(string(prev)); text != "" {
		swept, err = r.sweep(dir)
		swept.PID, _ = strconv.Atoi(text)
		if err != nil {
			unlock()
			return nil, swept, err
		}
	}
	return unlock, swept, nil
}

// errLockReplaced: the file flock locked is no longer the one at the path.
var errLockReplaced = errors.New("lock file replaced while taking it")

// lockFile opens (creating it if needed) and flocks path. A holder
// releasing removes the file before it closes it, so a file this process
// opened just before that removal can be locked and yet be gone: the lock
// counts only when the locked file is still the one at path.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &LockedError{Path: path, PID: holderPID(path)}
		}
		return nil, fmt.Errorf("lock %s: flock: %w", path, err)
	}
	held, err1 := f.Stat()
	now, err2 := os.Stat(path)
	if err1 != nil || err2 != nil || !os.SameFile(held, now) {
		f.Close()
		return nil, errLockReplaced
	}
	return f, nil
}

// writePID replaces the lock file's content with this process's PID.
func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}

// holderPID reads the PID the lock's holder wrote. A holder that has just
// won the lock may not have written it yet (the file is empty or still
// names the dead run it replaces), so an answer that is not a live process
// is read again for up to 100 ms. The PID is for the message only.
func holderPID(path string) int {
	pid := 0
	for i := 0; i < 10; i++ {
		data, _ := os.ReadFile(path)
		pid, _ = strconv.Atoi(strings.TrimSpace(string(data)))
		if pid > 0 {
			if err := syscall.Kill(pid, 0); err == nil || errors.Is(err, syscall.EPERM) {
				return pid
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0
}

// release removes the lock file, then drops the flock by closing it: in
// that order, a run waiting on this file finds it replaced and retries.
func release(path string, f *os.File) error {
	err := os.Remove(path)
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("release lock %s: %w", path, err)
	}
	return nil
}

func (r *Registry) unlock(path string) error {
	r.mu.Lock()
	f, ok := r.locks[path]
	delete(r.locks, path)
	r.mu.Unlock()
	if !ok {
		return nil
	}
	return release(path, f)
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
