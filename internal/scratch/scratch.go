// Package scratch creates the only files hwqual writes: hidden ".hwqual-*"
// files inside the directory the operator chose. Every file is registered
// so that it can be removed on every exit path, including signals.
package scratch

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Prefix starts the name of every file hwqual creates.
const Prefix = ".hwqual-"

// Registry remembers scratch files until they are removed.
type Registry struct {
	mu    sync.Mutex
	paths map[string]struct{}
	// locks are the run locks held (lock.go), released after the files.
	locks map[string]*os.File
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{paths: map[string]struct{}{}, locks: map[string]*os.File{}}
}

// Reserve registers and returns a fresh path ".hwqual-<name>-<random>" in
// dir. The caller must create it with O_EXCL so an existing file is never
// reused or overwritten.
func (r *Registry) Reserve(dir, name string) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("scratch name: %w", err)
	}
	path := filepath.Join(dir, Prefix+name+"-"+hex.EncodeToString(b[:]))
	r.mu.Lock()
	r.paths[path] = struct{}{}
	r.mu.Unlock()
	return path, nil
}

// Create creates and registers a new scratch file for reading and writing.
func (r *Registry) Create(dir, name string) (*os.File, error) {
	path, err := r.Reserve(dir, name)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		r.forget(path)
		return nil, fmt.Errorf("create scratch file: %w", err)
	}
	return f, nil
}

// Remove deletes a registered file; a file already gone is not an error.
func (r *Registry) Remove(path string) error {
	err := os.Remove(path)
	r.forget(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove scratch file: %w", err)
	}
	return nil
}

// RemoveAll deletes every registered file, then releases the run locks:
// a run that takes the lock next finds no file of this one left. It is
// safe to call from a signal handler's goroutine while modules are still
// running.
func (r *Registry) RemoveAll() error {
	r.mu.Lock()
	paths := make([]string, 0, len(r.paths))
	for p := range r.paths {
		paths = append(paths, p)
	}
	locks := make([]string, 0, len(r.locks))
	for p := range r.locks {
		locks = append(locks, p)
	}
	r.mu.Unlock()
	var errs []error
	for _, p := range paths {
		errs = append(errs, r.Remove(p))
	}
	for _, p := range locks {
		errs = append(errs, r.unlock(p))
	}
	return errors.Join(errs...)
}

func (r *Registry) forget(path string) {
	r.mu.Lock()
	delete(r.paths, path)
	r.mu.Unlock()
}
