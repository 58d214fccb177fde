package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/schema"
)

// These tests run the real static binary, as operators and provisioning
// gates do, and check what they see: stdout, stderr, files and exit codes.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hwqual-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "hwqual")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X github.com/hwqual/hwqual/internal/buildinfo.Version=v0.0.0-test", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		panic("build hwqual: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func hwqual(t *testing.T, args ...string) result {
	t.Helper()
	return hwqualEnv(t, nil, args...)
}

// hwqualEnv runs the binary with extra environment variables (KEY=value).
func hwqualEnv(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return hwqualIn(t, "", env, args...)
}

// hwqualIn runs the binary in the working directory dir ("" for this
// one) with extra environment variables.
func hwqualIn(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run hwqual: %v", err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// quick keeps each metric to a fraction of a second: these tests check
// behaviour, not this machine's speed.
var quick = []string{"--duration", "50ms", "--samples", "2"}

func writeProfile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "custom.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind in --dir: %s", e.Name())
	}
}

func TestVersionIsStamped(t *testing.T) {
	r := hwqual(t, "version")
	if r.code != 0 || r.stdout != "hwqual v0.0.0-test\n" {
		t.Fatalf("version: %+v", r)
	}
}

func TestProfilesCommands(t *testing.T) {
	r := hwqual(t, "profiles")
	for _, name := range []string{"validator", "jam", "storage"} {
		if !strings.Contains(r.stdout, name) {
			t.Errorf("profiles list lacks %s:\n%s", name, r.stdout)
		}
	}
	r = hwqual(t, "profiles", "show", "validator")
	if r.code != 0 || !strings.Contains(r.stdout, "637.62 KiB/s") || !strings.Contains(r.stdout, "783.27") {
		t.Errorf("profiles show validator: %+v", r)
	}
	if r := hwqual(t, "profiles", "show", "nope"); r.code != 2 || !strings.Contains(r.stderr, "validator") {
		t.Errorf("profiles show nope: %+v", r)
	}
}

func TestBadInputExitsTwo(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	badProfile := writeProfile(t, "name: x\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/h\n")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown profile", []string{"--profile", "validatr"}, []string{"unknown profile", "jam", "storage", "validator"}},
		{"bad profile file", []string{"--profile", badProfile}, []string{badProfile + ":4", "requirements[0].minimum", "unknown unit"}},
		{"missing profile file", []string{"--profile", filepath.Join(dir, "nope.yaml")}, []string{"nope.yaml"}},
		{"missing dir", []string{"--dir", filepath.Join(dir, "nope")}, []string{"--dir", "nope"}},
		{"dir is a file", []string{"--dir", file}, []string{"--dir", "not a directory"}},
		{"unwritable dir", []string{"--dir", "/proc"}, []string{"--dir", "/proc", "not writable"}},
		{"tolerance out of range", []string{"--tolerance", "150"}, []string{"--tolerance"}},
		{"tolerance not a number", []string{"--tolerance", "ten"}, []string{"--tolerance"}},
		{"unknown flag", []string{"--fast"}, []string{"--fast"}},
		{"unknown command", []string{"qualify"}, []string{"qualify"}},
		{"two reports on stdout", []string{"--json", "-", "--md", "-"}, []string{"stdout"}},
		{"zero samples", []string{"--samples", "0"}, []string{"--samples"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--dir", dir}, tt.args...)
			r := hwqual(t, args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", r.code, r.stderr)
			}
			if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n != 0 {
				t.Errorf("error is %d lines, want one: %q", n+1, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty: %q", r.stdout)
			}
		})
	}
	// The probe for writability left nothing behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir holds %d entries, want only the test's file", len(entries))
	}
}

func TestExitCodeFollowsVerdict(t *testing.T) {
	easy := writeProfile(t, "name: easy\nrequirements:\n  - metric: BLAKE2-256\n    minimum: 1 KiB/s\n")
	hard := writeProfile(t, "name: hard\nrequirements:\n  - metric: BLAKE2-256\n    minimum: 1000 GiB/s\n")
	warn := writeProfile(t, "name: warn\nrequirements:\n  - metric: BLAKE2-256\n    minimum: 1000 GiB/s\n    severity: warn\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"pass", []string{"--profile", easy}, 0, "The hardware meets the requirements"},
		{"fail", []string{"--profile", hard}, 1, "The hardware fails to meet the requirements"},
		{"allow fail", []string{"--profile", hard, "--allow-fail"}, 0, "The hardware fails to meet the requirements"},
		{"warn only", []string{"--profile", warn}, 0, "❗ Warn"},
		{"run subcommand", []string{"run", "--profile", easy}, 0, "✅ Pass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := hwqual(t, append(tt.args, quick...)...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.want) {
				t.Fatalf("exit %d (want %d), stdout:\n%s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
		})
	}
	if r := hwqual(t, append([]string{"--profile", hard, "--quiet"}, quick...)...); r.code != 1 || r.stdout != "" {
		t.Errorf("--quiet: exit %d, stdout %q", r.code, r.stdout)
	}
}

// TestEvidencePolicyExitCodes: a required fact the machine hides is not
// measured (exit 1) unless --accept-unknown makes it a warning (exit 0);
// a parallel row on fewer CPUs than it asks for is not measured whatever
// its score, and --accept-unknown does not excuse it.
func TestEvidencePolicyExitCodes(t *testing.T) {
	ecc := writeProfile(t, "name: ecc\nrequirements:\n  - rule: memory.ecc == true\n")
	vm := filepath.Join("..", "..", "inventory", "testdata", "machines", "vm")
	r := hwqual(t, "--root", vm, "--profile", ecc)
	if r.code != 1 || !strings.Contains(r.stdout, "❔ Not measured") || !strings.Contains(r.stdout, "does not reveal memory.ecc") || !strings.Contains(r.stdout, "--accept-unknown") {
		t.Errorf("hidden ECC: exit %d, want 1 saying why:\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = hwqual(t, "--root", vm, "--profile", ecc, "--accept-unknown")
	if r.code != 0 || !strings.Contains(r.stdout, "❗ Warn (unknown)") || !strings.Contains(r.stdout, "accepted with --accept-unknown") {
		t.Errorf("hidden ECC, --accept-unknown: exit %d, want 0 with a warning:\n%s%s", r.code, r.stdout, r.stderr)
	}
	more := runtime.NumCPU() + 1
	par := writeProfile(t, fmt.Sprintf("name: par\nrequirements:\n  - metric: BLAKE2-256-Parallel\n    workers: %d\n    minimum: 1 KiB/s\n", more))
	out := filepath.Join(t.TempDir(), "r.json")
	r = hwqual(t, append([]string{"--profile", par, "--accept-unknown", "--json", out}, quick...)...)
	want := fmt.Sprintf("needs %d workers, this machine has %d", more, runtime.NumCPU())
	if r.code != 1 || !strings.Contains(r.stdout, want) {
		t.Errorf("%d workers on %d CPUs: exit %d, want 1 and %q:\n%s%s", more, runtime.NumCPU(), r.code, want, r.stdout, r.stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := model.ReadJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Checks[0]
	if c.ID != fmt.Sprintf("metric:BLAKE2-256-Parallel/%d", runtime.NumCPU()) || c.Numeric.Workers != runtime.NumCPU() || c.Numeric.WorkersRequested != more || len(c.Numeric.CPUs) != runtime.NumCPU() {
		t.Errorf("JSON row %s: workers %d of %d on %v", c.ID, c.Numeric.Workers, c.Numeric.WorkersRequested, c.Numeric.CPUs)
	}
	for _, field := range []string{`"workers":`, `"workers_requested":`, `"cpus":`} {
		if !bytes.Contains(raw, []byte(field)) {
			t.Errorf("JSON lacks %s", field)
		}
	}
	if err := schema.Validate(raw); err != nil {
		t.Errorf("against reports/schema: %v", err)
	}
}

// The whole validator profile, as the README's first command runs it.
func TestValidatorRunWritesReportsAndLeavesDirEmpty(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	jsonPath, mdPath := filepath.Join(out, "r.json"), filepath.Join(out, "r.md")
	r := hwqual(t, append([]string{"--profile", "validator", "--dir", dir, "--json", jsonPath, "--md", mdPath}, quick...)...)
	if r.code != 0 && r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, fn := range []string{"BLAKE2-256 ", "BLAKE2-256-Parallel", "SR25519-Verify", "Copy", "Seq Write", "Rnd Write", "benchmarks,"} {
		if !strings.Contains(r.stdout, fn) {
			t.Errorf("table lacks %q:\n%s", fn, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "BLAKE2-256-Parallel: ") || !strings.Contains(r.stdout, "workers pinned to CPUs") {
		t.Errorf("parallel note missing:\n%s", r.stdout)
	}
	assertEmpty(t, dir)

	rep := readReport(t, jsonPath)
	benchmarks := 0
	for _, c := range rep.Checks {
		if c.Kind == model.KindMetric {
			benchmarks++
		}
	}
	if rep.Profile.Name != "validator" || benchmarks < 6 || rep.Summary.Pass != (r.code == 0) {
		t.Errorf("JSON report: profile %q, %d checks, pass %v, exit %d", rep.Profile.Name, len(rep.Checks), rep.Summary.Pass, r.code)
	}
	for _, c := range rep.Checks {
		if c.Kind == model.KindMetric && c.Status != model.StatusNotMeasured && len(c.Numeric.Samples) < 1 {
			t.Errorf("%s: %d samples", c.Function, len(c.Numeric.Samples))
		}
	}
	if raw, err := os.ReadFile(jsonPath); err != nil || schema.Validate(raw) != nil {
		t.Errorf("JSON report against reports/schema: %v %v", err, schema.Validate(raw))
	}
	md, err := os.ReadFile(mdPath)
	if err != nil || !strings.Contains(string(md), "| CPU | SR25519-Verify |") {
		t.Errorf("markdown report: %v\n%s", err, md)
	}
}

func TestJSONToStdoutPipesCleanly(t *testing.T) {
	easy := writeProfile(t, "name: easy\nrequirements:\n  - metric: Copy\n    minimum: 1 KiB/s\n")
	r := hwqual(t, append([]string{"--profile", easy, "--json", "-"}, quick...)...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rep, err := model.ReadJSON(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, r.stdout)
	}
	if rep.Checks[0].Function != "Copy" || rep.Checks[0].Numeric.Score <= 0 {
		t.Errorf("check = %+v", rep.Checks[0])
	}
	// The table went to stderr for the person watching.
	if !strings.Contains(r.stderr, "| Memory") {
		t.Errorf("table not on stderr: %q", r.stderr)
	}
}

// A signal mid-benchmark stops the run promptly, prints what was measured,
// removes every scratch file and exits 128+signal.
func TestSignalMidBenchmarkCleansUp(t *testing.T) {
	prof := writeProfile(t, `name: disk
requirements:
  - metric: Copy
    minimum: 1 KiB/s
  - metric: Seq Write
    minimum: 1 KiB/s
  - metric: Rnd Write
    minimum: 1 KiB/s
`)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(binary, "--profile", prof, "--dir", dir, "--duration", "5s", "--samples", "2")
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitForScratchFile(t, dir)
			start := time.Now()
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 128+int(sig) {
				t.Fatalf("exit %v, want %d", err, 128+int(sig))
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %s to stop", d)
			}
			assertEmpty(t, dir)
			out := stdout.String()
			for _, want := range []string{"✅ Pass", "❔ Not measured", "interrupted", "Interrupted"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func waitForScratchFile(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".hwqual-seq-write") {
				time.Sleep(300 * time.Millisecond) // let it get into its timed loop
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no scratch file appeared")
}

// A reader that goes away (hwqual ... | head) does not kill hwqual before it
// cleans up: the broken write is an error on the normal exit path, and the
// lock and scratch files are gone.
func TestClosedStdoutLeavesNothingBehind(t *testing.T) {
	prof := writeProfile(t, `name: disk
requirements:
  - metric: Seq Write
    minimum: 1 KiB/s
`)
	dir := t.TempDir()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before hwqual writes a byte
	cmd := exec.Command(binary, append([]string{"--profile", prof, "--dir", dir}, quick...)...)
	cmd.Stdout = w
	err = cmd.Run()
	w.Close()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("exit %v, want a non-zero exit", err)
	}
	if st, ok := ee.Sys().(syscall.WaitStatus); ok && st.Signaled() {
		t.Fatalf("killed by %s instead of exiting", st.Signal())
	}
	assertEmpty(t, dir)
}

// TestStrictFlag: --strict is recorded in the report's summary, and a clear
// pass (an interval far above its threshold) still exits 0 under it. The
// marginal-pass-to-failure rule itself is qualify.SummarizeStrict's
// (qualify/marginal_test.go): no real measurement lands on its threshold
// on demand.
func TestStrictFlag(t *testing.T) {
	prof := writeProfile(t, "name: strict\nrequirements:\n  - metric: BLAKE2-256\n    minimum: 1 MiB/s\n")
	out := filepath.Join(t.TempDir(), "r.json")
	r := hwqual(t, append([]string{"--profile", prof, "--strict", "--json", out, "--quiet"}, quick...)...)
	if r.code != 0 {
		t.Fatalf("exit %d, want 0 for a clear pass under --strict: %s", r.code, r.stderr)
	}
	rep := readReport(t, out)
	if !rep.Summary.Strict || rep.Summary.Marginal != 0 {
		t.Errorf("summary %+v, want strict and no marginal row", rep.Summary)
	}
}

// readReport reads a qualification report the binary wrote.
func readReport(t *testing.T, path string) *model.Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := model.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
