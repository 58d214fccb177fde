package scratch

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lockHelperEnv makes the test binary, re-executed, act as one run taking
// the lock on the directory it names (see TestMain).
const lockHelperEnv = "HWQUAL_SCRATCH_LOCK_HELPER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(lockHelperEnv); dir != "" {
		os.Exit(lockHelper(dir))
	}
	os.Exit(m.Run())
}

// lockHelper is one run: it waits for "go" on stdin, takes the lock, and
// then either prints "held PATH" after creating a scratch file and keeps
// the lock until stdin closes (exit 0), or prints "locked PID" naming the
// holder (exit 3).
func lockHelper(dir string) int {
	in := bufio.NewReader(os.Stdin)
	if line, _ := in.ReadString('\n'); line != "go\n" {
		return 4
	}
	r := New()
	defer r.RemoveAll()
	_, swept, err := r.LockSweep(dir)
	var le *LockedError
	if errors.As(err, &le) {
		fmt.Printf("locked %d\n", le.PID)
		return 3
	}
	if err != nil {
		fmt.Printf("error %v\n", err)
		return 5
	}
	f, err := r.Create(dir, "live")
	if err != nil {
		fmt.Printf("error %v\n", err)
		return 5
	}
	f.WriteString("live run data")
	f.Close()
	fmt.Printf("held %s swept %d\n", f.Name(), swept.Files)
	io.Copy(io.Discard, in)
	return 0
}

type lockRun struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

func startLockRun(t *testing.T, dir string) *lockRun {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return &lockRun{cmd, stdin, bufio.NewReader(stdout)}
}

// TestLockRaceBetweenProcesses: two real processes are released at the
// same instant against one directory holding a dead run's lock and scratch
// file. Exactly one takes the lock and sweeps the dead run's file; the
// other is refused naming the winner's PID; the winner's own scratch file
// survives the loser; and when the winner exits nothing is left. Repeated
// so the two often meet inside LockSweep.
func TestLockRaceBetweenProcesses(t *testing.T) {
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 20; round++ {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, LockName), []byte(strconv.Itoa(dead.Process.Pid)+"\n"), 0o600)
		deadFile := filepath.Join(dir, Prefix+"seq-write-dead")
		os.WriteFile(deadFile, make([]byte, 4096), 0o600)

		runs := []*lockRun{startLockRun(t, dir), startLockRun(t, dir)}
		for _, r := range runs {
			r.stdin.Write([]byte("go\n"))
		}
		var winner, loser *lockRun
		var held, lockedBy string
		for _, r := range runs {
			line, err := r.out.ReadString('\n')
			if err != nil {
				t.Fatalf("round %d: helper said nothing: %v", round, err)
			}
			switch {
			case strings.HasPrefix(line, "held ") && winner == nil:
				winner, held = r, strings.Fields(line)[1]
				if !strings.HasSuffix(line, " swept 1\n") {
					t.Errorf("round %d: winner did not sweep the dead run's one file: %q", round, line)
				}
			case strings.HasPrefix(line, "locked ") && loser == nil:
				loser, lockedBy = r, strings.TrimSpace(strings.TrimPrefix(line, "locked "))
			default:
				t.Fatalf("round %d: unexpected %q (both won or both lost)", round, line)
			}
		}
		if err := loser.cmd.Wait(); err == nil || loser.cmd.ProcessState.ExitCode() != 3 {
			t.Fatalf("round %d: loser exit %v", round, err)
		}
		if lockedBy != strconv.Itoa(winner.cmd.Process.Pid) {
			t.Errorf("round %d: loser named PID %s, winner is %d", round, lockedBy, winner.cmd.Process.Pid)
		}
		if data, err := os.ReadFile(held); err != nil || string(data) != "live run data" {
			t.Errorf("round %d: the winner's scratch file did not survive the loser: %v %q", round, err, data)
		}
		if _, err := os.Stat(deadFile); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("round %d: the dead run's file is still there: %v", round, err)
		}
		winner.stdin.Close()
		if err := winner.cmd.Wait(); err != nil {
			t.Fatalf("round %d: winner: %v", round, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("round %d: left %v", round, entries)
		}
	}
}

// TestKilledHolderReleasesLock: a holder killed with SIGKILL cannot clean
// up; the kernel drops its flock, so the next run takes the lock at once
// and sweeps the killed run's scratch file.
func TestKilledHolderReleasesLock(t *testing.T) {
	dir := t.TempDir()
	victim := startLockRun(t, dir)
	victim.stdin.Write([]byte("go\n"))
	line, err := victim.out.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "held ") {
		t.Fatalf("victim: %q %v", line, err)
	}
	victimPID := victim.cmd.Process.Pid
	victim.cmd.Process.Kill()
	victim.cmd.Wait()

	start := time.Now()
	unlock, swept, err := New().LockSweep(dir)
	if err != nil {
		t.Fatalf("lock after the holder was killed: %v", err)
	}
	defer unlock()
	if swept.PID != victimPID || swept.Files != 1 {
		t.Errorf("swept %+v, want 1 file of PID %d", swept, victimPID)
	}
	if time.Since(start) > time.Second {
		t.Errorf("taking a killed run's lock took %s", time.Since(start))
	}
}
