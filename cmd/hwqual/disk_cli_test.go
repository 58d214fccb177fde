package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/scratch"
)

// These tests run the real static binary, as operators and CI do: exit
// codes, signals and the files left in --dir are properties of the
// process, not of a function.

// profileFile writes a profile measuring the given metrics for information.
func profileFile(t *testing.T, metrics ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("name: test\ndescription: disk test\nrequirements:\n")
	for _, m := range metrics {
		fmt.Fprintf(&b, "  - metric: %s\n    severity: info\n", m)
	}
	path := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// leftovers lists .hwqual-* files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, scratch.Prefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// openScratchFlags finds the process's open file descriptors on .hwqual-
// files whose name contains part, and returns their open flags.
func openScratchFlags(pid int, part string) []int64 {
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	var flags []int64
	for _, fd := range fds {
		target, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if err != nil || !strings.Contains(filepath.Base(target), scratch.Prefix+part) {
			continue
		}
		info, err := os.ReadFile(fmt.Sprintf("/proc/%d/fdinfo/%s", pid, fd.Name()))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(info), "\n") {
			if v, ok := strings.CutPrefix(line, "flags:"); ok {
				if n, err := strconv.ParseInt(strings.TrimSpace(v), 8, 64); err == nil {
					flags = append(flags, n)
				}
			}
		}
	}
	return flags
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestSIGINTDuringEachDiskBenchmark interrupts the binary while each disk
// metric has its scratch file open — in the prefill and, later, while
// measuring — and checks that nothing named .hwqual-* survives, and that
// every direct-I/O file descriptor carries O_DIRECT.
func TestSIGINTDuringEachDiskBenchmark(t *testing.T) {
	bin := binary
	tests := []struct {
		metric string
		file   string // scratch name part the metric's file carries
		direct bool
		after  time.Duration // how long after the file appears to interrupt
	}{
		{"Direct Seq Write", "seq-write", true, 500 * time.Millisecond},
		{"Direct Seq Read", "prefill", true, 100 * time.Millisecond},
		{"Direct Seq Read", "prefill", true, 2 * time.Second},
		{"Direct Rnd Write", "prefill", true, 2 * time.Second},
		{"Direct Rnd Read", "prefill", true, 2 * time.Second},
		{"Direct Seq Write Queued", "seq-write", true, 500 * time.Millisecond},
		{"Direct Seq Read Queued", "prefill", true, 2 * time.Second},
		{"Direct Rnd Write Queued", "prefill", true, 2 * time.Second},
		{"Direct Rnd Read Queued", "prefill", true, 2 * time.Second},
		{"Read Latency p99", "prefill", true, 100 * time.Millisecond},
		{"Read Latency p99", "prefill", true, 2 * time.Second},
		{"Sustained Seq Write", "sustained", true, 500 * time.Millisecond},
		{"Seq Write", "seq-write", false, 300 * time.Millisecond},
		{"Rnd Write", "rnd-write", false, 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/after-%s", tt.metric, tt.after), func(t *testing.T) {
			dir := t.TempDir()
			// A long budget keeps the metric measuring when the signal lands.
			cmd := exec.Command(bin, "--profile", profileFile(t, tt.metric), "--dir", dir, "--duration", "5s", "--quiet")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			var flags []int64
			deadline := time.Now().Add(20 * time.Second)
			for len(flags) == 0 && time.Now().Before(deadline) {
				flags = openScratchFlags(cmd.Process.Pid, tt.file)
				time.Sleep(10 * time.Millisecond)
			}
			if len(flags) == 0 {
				t.Fatalf("no open %s scratch file within 20 s; stderr: %s", tt.file, stderr.String())
			}
			time.Sleep(tt.after)
			if now := openScratchFlags(cmd.Process.Pid, tt.file); len(now) > 0 {
				flags = now
			}
			for _, f := range flags {
				if got := f&syscall.O_DIRECT != 0; got != tt.direct {
					t.Errorf("%s file open with flags %#o: O_DIRECT %v, want %v", tt.file, f, got, tt.direct)
				}
			}
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if code := exitCode(err); code != 130 {
					t.Errorf("exit %d, want 130; stderr: %s", code, stderr.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatal("binary did not stop within 15 s of SIGINT")
			}
			if left := leftovers(t, dir); len(left) > 0 {
				t.Errorf("left behind after SIGINT: %v", left)
			}
		})
	}
}

func TestSecondRunIsLockedOut(t *testing.T) {
	bin := binary
	dir := t.TempDir()
	first := exec.Command(bin, "--profile", profileFile(t, "Direct Seq Write"), "--dir", dir, "--duration", "10s", "--quiet")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	lock := filepath.Join(dir, scratch.LockName)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(lock); err == nil {
			break
		}
	}
	second := exec.Command(bin, "--profile", profileFile(t, "Direct Seq Write"), "--dir", dir, "--quiet")
	out, err := second.CombinedOutput()
	if code := exitCode(err); code != 2 {
		t.Errorf("second run exit %d, want 2: %s", code, out)
	}
	want := fmt.Sprintf("another hwqual (PID %d) is running against this directory", first.Process.Pid)
	if !strings.Contains(string(out), want) || strings.Count(strings.TrimSpace(string(out)), "\n") != 0 {
		t.Errorf("second run said %q, want one line with %q", out, want)
	}
	first.Process.Signal(syscall.SIGINT)
	first.Wait()
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestStaleLockIsCleared(t *testing.T) {
	bin := binary
	dir := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(dir, scratch.LockName)
	if err := os.WriteFile(lock, []byte(strconv.Itoa(dead.Process.Pid)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--profile", profileFile(t, "Direct Rnd Read"), "--dir", dir, "--duration", "200ms").CombinedOutput()
	if code := exitCode(err); code != 0 {
		t.Fatalf("run over a stale lock: exit %d: %s", code, out)
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestSustainedWriteReport runs the quick sustained write (4 GiB) and
// checks the summary line and the JSON timeline.
func TestSustainedWriteReport(t *testing.T) {
	bin := binary
	dir := t.TempDir()
	jsonPath := filepath.Join(t.TempDir(), "r.json")
	out, err := exec.Command(bin, "--profile", profileFile(t, "Sustained Seq Write"), "--dir", dir, "--json", jsonPath).CombinedOutput()
	if code := exitCode(err); code == 2 && strings.Contains(string(out), "not enough free space") {
		t.Skipf("this machine cannot host the 4 GiB sustained write: %s", out)
	} else if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if !strings.Contains(string(out), "Sustained Seq Write: wrote ") || !strings.Contains(string(out), "steady state") {
		t.Errorf("no sustained summary in:\n%s", out)
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Checks []struct {
			Details struct {
				Sustained struct {
					Timeline []struct {
						BytesPerSecond float64 `json:"bytes_per_second"`
					} `json:"timeline"`
					SteadyBytesPerSecond float64 `json:"steady_bytes_per_second"`
				} `json:"sustained"`
			} `json:"disk"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	s := rep.Checks[0].Details.Sustained
	if len(s.Timeline) < 2 || s.SteadyBytesPerSecond <= 0 {
		t.Errorf("JSON sustained %+v: want timeline samples and a steady state", s)
	}
}

func TestDiskFlagErrors(t *testing.T) {
	bin := binary
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--queue-depth", "0"}, "hwqual: --queue-depth: queue depth 0: must be between 1 and 1024"},
		{[]string{"--dir", filepath.Join(dir, "missing")}, "hwqual: unusable --dir "},
	}
	for _, tt := range tests {
		args := append([]string{"--profile", profileFile(t, "Read Latency p99"), "--dir", dir}, tt.args...)
		out, err := exec.Command(bin, args...).CombinedOutput()
		if code := exitCode(err); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", tt.args, code, out)
		}
		if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], tt.want) {
			t.Errorf("%v: output %q, want one line starting %q", tt.args, out, tt.want)
		}
	}
}
