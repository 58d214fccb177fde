package scratch

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

func TestLockExcludesSecondRun(t *testing.T) {
	dir := t.TempDir()
	a, b := New(), New()
	unlock, err := a.Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Lock(dir)
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() {
		t.Fatalf("second lock: err %v, want LockedError naming PID %d", err, os.Getpid())
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	unlock2, err := b.Lock(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	if err := b.RemoveAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockName)); !os.IsNotExist(err) {
		t.Errorf("RemoveAll left the lock: %v", err)
	}
	_ = unlock2
}

func TestStaleLockIsCleared(t *testing.T) {
	dir := t.TempDir()
	// A PID that existed and is gone: a finished child's.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	for _, content := range []string{strconv.Itoa(cmd.Process.Pid) + "\n", "not-a-pid\n"} {
		if err := os.WriteFile(filepath.Join(dir, LockName), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		r := New()
		unlock, err := r.Lock(dir)
		if err != nil {
			t.Fatalf("stale lock %q not cleared: %v", content, err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, LockName))
		if string(data) != strconv.Itoa(os.Getpid())+"\n" {
			t.Errorf("lock holds %q, want this PID", data)
		}
		unlock()
	}
}
