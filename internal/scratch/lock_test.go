package scratch

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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

// TestStaleLockSweepsDeadRunsFiles: taking over a dead run's lock removes
// its scratch files (and says how much), but not reports being written,
// other files, or anything when the lock was not stale.
func TestStaleLockSweepsDeadRunsFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, n int) {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, n), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(".hwqual-seq-write-0123abcd", 3<<20)
	write(".hwqual-prefill-89abcdef", 1<<20)
	write(".hwqual-out-123", 10)
	write(CheckpointName, 7) // a killed burn-in's checkpoint, for --resume
	write("keep.txt", 5)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	write(LockName, 0)
	os.WriteFile(filepath.Join(dir, LockName), []byte(strconv.Itoa(dead.Process.Pid)+"\n"), 0o600)

	unlock, swept, err := New().LockSweep(dir)
	if err != nil {
		t.Fatal(err)
	}
	if swept.PID != dead.Process.Pid || swept.Files != 2 || swept.Bytes != 4<<20 {
		t.Errorf("swept %+v, want 2 files, 4 MiB from PID %d", swept, dead.Process.Pid)
	}
	unlock()
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != ".hwqual-burnin.json .hwqual-out-123 keep.txt" {
		t.Errorf("left %v", names)
	}
	// A fresh lock (no dead holder) sweeps nothing.
	write(".hwqual-other-run-file", 1)
	_, swept, err = New().LockSweep(dir)
	if err != nil || swept != (Swept{}) {
		t.Errorf("fresh lock swept %+v, %v", swept, err)
	}
}
