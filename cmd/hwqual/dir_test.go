package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/scratch"
)

// mountOrSkip mounts fstype on a fresh directory for the test; without
// the privilege to mount (not root) the test is skipped, saying so.
func mountOrSkip(t *testing.T, fstype, data string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount(fstype, dir, fstype, 0, data); err != nil {
		t.Skipf("cannot mount %s here (%v): run as root to test a --dir in RAM", fstype, err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// TestRAMDirIsNamedAtEverySize: a --dir on tmpfs or ramfs is refused as
// RAM before any free-space check, whether it is smaller than the disk
// benchmarks need (256 MiB) or far larger (64 GiB, tmpfs allocates
// lazily), and nothing is written to it.
func TestRAMDirIsNamedAtEverySize(t *testing.T) {
	prof := profileFile(t, "Read Latency p99", "Seq Write")
	for _, m := range []struct{ fstype, data, name string }{
		{"tmpfs", "size=256m", "tmpfs"},
		{"tmpfs", "size=64g", "tmpfs"},
		{"ramfs", "", "ramfs"},
	} {
		t.Run(m.fstype+" "+m.data, func(t *testing.T) {
			dir := mountOrSkip(t, m.fstype, m.data)
			r := hwqual(t, "--profile", prof, "--dir", dir)
			want := dir + " is " + m.name + " (RAM), not a disk: "
			if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); r.code != 2 || len(lines) != 1 || !strings.Contains(lines[0], want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line with %q", r.code, r.stderr, want)
			}
			if strings.Contains(r.stderr, "free") {
				t.Errorf("a free-space message came before the RAM one: %q", r.stderr)
			}
			assertEmpty(t, dir)
		})
	}
}

// TestLowFreeSpaceExitsTwo: on a real disk filesystem too small to keep
// the floor free (a 1 GiB ext4 image; the floor is at least 2 GiB) the run
// is refused before anything is written, with the numbers.
func TestLowFreeSpaceExitsTwo(t *testing.T) {
	if _, err := exec.LookPath("mkfs.ext4"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("mkfs.ext4 missing: install e2fsprogs")
		}
		t.Skip("mkfs.ext4 missing: install e2fsprogs to run this test")
	}
	img := filepath.Join(t.TempDir(), "small.ext4")
	if out, err := exec.Command("mkfs.ext4", "-q", "-F", img, "1G").CombinedOutput(); err != nil {
		t.Fatalf("mkfs.ext4: %v: %s", err, out)
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-o", "loop", img, dir).CombinedOutput(); err != nil {
		t.Skipf("cannot loop-mount an ext4 image here (%v: %s): run as root with loop devices", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	os.Remove(filepath.Join(dir, "lost+found"))
	r := hwqual(t, "--profile", profileFile(t, "Seq Write"), "--dir", dir)
	if r.code != 2 || !strings.Contains(r.stderr, "not enough free space") || !strings.Contains(r.stderr, "keep 2.0 GiB free") {
		t.Fatalf("small dir: %+v", r)
	}
	assertEmpty(t, dir)
}

// TestKill9LeavesNothingAfterNextRun: a run killed with SIGKILL during Seq
// Write cannot clean up; the next run in the same --dir takes over its
// stale lock, removes its scratch files, says how much it freed, and
// leaves no .hwqual-* file behind.
func TestKill9LeavesNothingAfterNextRun(t *testing.T) {
	dir := t.TempDir()
	prof := profileFile(t, "Seq Write")
	victim := exec.Command(binary, "--profile", prof, "--dir", dir, "--duration", "60s")
	if err := victim.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	var seq []string
	for time.Now().Before(deadline) {
		seq, _ = filepath.Glob(filepath.Join(dir, ".hwqual-seq-write-*"))
		if len(seq) > 0 {
			if st, err := os.Stat(seq[0]); err == nil && st.Size() > 0 {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	victim.Process.Kill()
	victim.Wait()
	if len(seq) == 0 {
		t.Fatal("the run never reached Seq Write")
	}
	if left := leftovers(t, dir); len(left) < 2 {
		t.Fatalf("after kill -9 only %v is left; the test needs the lock and the Seq Write file", left)
	}

	r := hwqual(t, append([]string{"--profile", prof, "--dir", dir}, quick...)...)
	if r.code != 0 {
		t.Fatalf("next run: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "took over the lock of a dead run (PID ") || !strings.Contains(r.stderr, "scratch files, freeing ") {
		t.Errorf("next run did not say what it removed: %q", r.stderr)
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestTwoRunsStartedTogether: two hwqual runs started at the same instant
// on one directory that holds a killed run's lock and scratch file. One
// runs (and sweeps the dead run's file); the other exits 2 naming the
// holder's PID; a third started mid-run is refused the same way; the
// running one's scratch files survive both, and it finishes leaving
// nothing behind.
func TestTwoRunsStartedTogether(t *testing.T) {
	dir := t.TempDir()
	prof := profileFile(t, "Seq Write")
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, scratch.LockName), []byte(fmt.Sprintf("%d\n", dead.Process.Pid)), 0o600)
	deadFile := filepath.Join(dir, ".hwqual-seq-write-0badc0ffee00")
	os.WriteFile(deadFile, make([]byte, 1<<20), 0o600)

	args := []string{"--profile", prof, "--dir", dir, "--duration", "3s", "--samples", "2"}
	type run struct {
		cmd            *exec.Cmd
		stdout, stderr bytes.Buffer
		done           chan struct{}
	}
	start := func() *run {
		r := &run{cmd: exec.Command(binary, args...), done: make(chan struct{})}
		r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
		if err := r.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { r.cmd.Wait(); close(r.done) }()
		t.Cleanup(func() { r.cmd.Process.Kill(); <-r.done })
		return r
	}
	a, b := start(), start()
	var winner, loser *run
	select {
	case <-a.done:
		winner, loser = b, a
	case <-b.done:
		winner, loser = a, b
	case <-time.After(30 * time.Second):
		t.Fatal("neither run was refused")
	}
	refusal := fmt.Sprintf("another hwqual (PID %d) is running against this directory", winner.cmd.Process.Pid)
	if code := loser.cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(loser.stderr.String(), refusal) {
		t.Fatalf("loser: exit %d, stderr %q; want exit 2 naming %q", code, loser.stderr.String(), refusal)
	}

	// The winner's Seq Write file, as it is while the winner runs.
	var live string
	var liveInfo os.FileInfo
	for deadline := time.Now().Add(20 * time.Second); liveInfo == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, p := range leftovers(t, dir) {
			if strings.Contains(p, "seq-write") && p != deadFile {
				if st, err := os.Stat(p); err == nil {
					live, liveInfo = p, st
				}
			}
		}
	}
	if liveInfo == nil {
		t.Fatalf("the winner never wrote its Seq Write file; left %v", leftovers(t, dir))
	}
	third := start()
	<-third.done
	if code := third.cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(third.stderr.String(), refusal) {
		t.Errorf("run started mid-run: exit %d, stderr %q; want exit 2 naming %q", code, third.stderr.String(), refusal)
	}
	if st, err := os.Stat(live); err != nil || !os.SameFile(st, liveInfo) {
		t.Errorf("the running run's scratch file %s did not survive the refused runs: %v", live, err)
	}
	if _, err := os.Stat(deadFile); !os.IsNotExist(err) {
		t.Errorf("the killed run's file was not swept: %v", err)
	}
	select {
	case <-winner.done:
	case <-time.After(60 * time.Second):
		t.Fatal("the winner did not finish")
	}
	if code := winner.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("winner: exit %d: %s", code, winner.stderr.String())
	}
	if !strings.Contains(winner.stderr.String(), "took over the lock of a dead run") {
		t.Errorf("winner did not say it swept the dead run: %q", winner.stderr.String())
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
