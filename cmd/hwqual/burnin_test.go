package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ncw/directio"

	"github.com/hwqual/hwqual/burnin"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/schema"
)

// burninQuick keeps burn-in tests short: one-second phases, fast watches,
// a small memory region and verify file, and one quick metric. This VM
// hides the hardware watches, so a healthy run is INCOMPLETE unless the
// unknowns are accepted: the tests of other behaviour accept them.
func burninQuick(t *testing.T) []string {
	return append(burninStrict(t), "--accept-unknown")
}

// burninStrict is burninQuick without --accept-unknown.
func burninStrict(t *testing.T) []string {
	prof := writeProfile(t, `name: quick
requirements:
  - metric: BLAKE2-256
    minimum: 1 KiB/s
`)
	return []string{"burnin", "--profile", prof, "--mem", "16MiB", "--disk-size", "64MiB", "--phase-length", "1s",
		"--sample-interval", "200ms", "--checkpoint-interval", "300ms"}
}

func readBurnIn(t *testing.T, path string) *model.BurnIn {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := model.ReadBurnIn(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dirEntries lists --dir, for "only the checkpoint is left" checks.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestBurninShortRunPasses(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "R.json")
	md := filepath.Join(t.TempDir(), "R.md")
	prom := filepath.Join(t.TempDir(), "burnin.prom")
	r := hwqual(t, append(burninQuick(t), "--duration", "5s", "--dir", dir, "--json", out, "--md", md, "--prom", prom)...)
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if raw, err := os.ReadFile(out); err != nil || schema.Validate(raw) != nil {
		t.Errorf("burn-in report against reports/schema: %v %v", err, schema.Validate(raw))
	}
	b := readBurnIn(t, out)
	if b.Kind != model.DocBurnIn || b.SchemaVersion != model.SchemaVersion || !b.Complete || b.Verdict.Result != model.StatusPass {
		t.Fatalf("kind %q v%d complete %v verdict %+v", b.Kind, b.SchemaVersion, b.Complete, b.Verdict)
	}
	names := map[string]bool{}
	for _, p := range b.Phases {
		names[p.Name] = true
	}
	for _, want := range burnin.PhaseOrder {
		if !names[want] {
			t.Errorf("phase %s never ran: %+v", want, b.Phases)
		}
	}
	if len(b.Timelines.Quick) == 0 || b.Timelines.Quick[0].ID != "metric:BLAKE2-256" || len(b.Timelines.ErrorCounts) < 5 {
		t.Errorf("timelines: %d quick, %d error-count samples", len(b.Timelines.Quick), len(b.Timelines.ErrorCounts))
	}
	if !strings.Contains(r.stdout, "Burn-in PASS") || !strings.Contains(r.stdout, "Phases:") {
		t.Errorf("table:\n%s", r.stdout)
	}
	if got := burninGauge(t, prom, "hwqual_burnin_complete"); got != 1 {
		t.Errorf("--prom: hwqual_burnin_complete %g at the end, want 1", got)
	}
	if data, _ := os.ReadFile(md); !strings.Contains(string(data), "## Timelines") {
		t.Errorf("markdown:\n%s", data)
	}
	// The report went to files: the verify file, the lock and the
	// finished run's checkpoint are all gone.
	if got := dirEntries(t, dir); len(got) != 0 {
		t.Errorf("--dir holds %v after a finished run with --json FILE, want nothing", got)
	}
}

// On a machine that hides the watches the verdict relies on (this VM), a
// healthy burn-in is INCOMPLETE, exit 1, naming each unknown watch and why;
// --accept-unknown makes the same run a PASS with them listed as warnings.
func TestBurninIncompleteWithoutEvidence(t *testing.T) {
	out := filepath.Join(t.TempDir(), "R.json")
	r := hwqual(t, append(burninStrict(t), "--duration", "3s", "--dir", t.TempDir(), "--json", out)...)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	b := readBurnIn(t, out)
	if b.Verdict.Result != model.StatusIncomplete || b.ErrorCount != 0 || b.AcceptUnknown || len(b.Verdict.Unknown) == 0 {
		t.Fatalf("verdict %+v, errors %d", b.Verdict, b.ErrorCount)
	}
	for _, u := range b.Verdict.Unknown {
		if u.Severity != model.StatusIncomplete || !strings.Contains(u.Evidence, "not revealed") {
			t.Errorf("unknown watch without its reason: %+v", u)
		}
	}
	if !strings.Contains(r.stdout, "Burn-in INCOMPLETE") || !strings.Contains(r.stdout, "--accept-unknown") {
		t.Errorf("table:\n%s", r.stdout)
	}
	// Accepted, the same run passes and still lists what was unknown.
	r = hwqual(t, append(burninQuick(t), "--duration", "3s", "--dir", t.TempDir(), "--json", out)...)
	if r.code != 0 {
		t.Fatalf("--accept-unknown: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	a := readBurnIn(t, out)
	if a.Verdict.Result != model.StatusPass || !a.AcceptUnknown || len(a.Verdict.Unknown) != len(b.Verdict.Unknown) || a.Verdict.Unknown[0].Severity != model.StatusWarn {
		t.Fatalf("--accept-unknown: verdict %+v", a.Verdict)
	}
	if !strings.Contains(r.stdout, "Burn-in PASS") || !strings.Contains(r.stdout, "unknown-watch") {
		t.Errorf("table:\n%s", r.stdout)
	}
}

// A burn-in whose verify file another process corrupts fails, exit 1, with
// each corrupted block named by offset and kind — blocks corrupted while
// the disk is idle during the other phases included. The test is the
// failing drive: it writes random 4 KiB sectors into the file through a
// file descriptor of its own (O_DIRECT, as dd oflag=direct would), at
// moments it picks from the checkpoint, while the built binary runs.
func TestBurninFindsOutsideCorruption(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "R.json")
	cmd := exec.Command(binary, append(burninQuick(t), "--duration", "9s", "--dir", dir, "--json", out)...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	type injection struct {
		phase string
		cycle int
		off   int64
	}
	var injected []injection
	seen := map[string]bool{}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var err error
poll:
	for {
		select {
		case err = <-exited:
			break poll
		case <-time.After(20 * time.Millisecond):
		}
		ck, cerr := burnin.ReadCheckpoint(filepath.Join(dir, burnin.CheckpointName))
		if cerr != nil || len(ck.ScratchFiles) == 0 || len(ck.Phases) == 0 {
			continue
		}
		p := ck.Phases[len(ck.Phases)-1]
		key := fmt.Sprintf("%s %d", p.Name, p.Cycle)
		if !p.End.IsZero() || seen[key] || p.Name == burnin.PhaseFinalRead {
			continue
		}
		st, serr := os.Stat(ck.ScratchFiles[0])
		if serr != nil || st.Size() < 2*burnin.DiskBlockBytes {
			continue
		}
		seen[key] = true
		// A sector in a block not corrupted yet: a block's fault is
		// reported once, at the first read that finds it.
		var sector int64
		for used := true; used; {
			sector = rand.Int64N(st.Size() / 4096)
			used = false
			for _, in := range injected {
				used = used || in.off/burnin.DiskBlockBytes == sector*4096/burnin.DiskBlockBytes
			}
		}
		if outsideWrite(t, ck.ScratchFiles[0], sector*4096) {
			injected = append(injected, injection{p.Name, p.Cycle, sector * 4096})
		}
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1\n%s", err, stdout.String())
	}
	b := readBurnIn(t, out)
	if b.Verdict.Result != model.StatusFail {
		t.Fatalf("verdict %s", b.Verdict.Result)
	}
	found := map[int64]model.VerifyError{}
	for _, e := range b.Errors {
		if e.Kind != "disk" || e.Fault != burnin.FaultCorrupted || !strings.Contains(e.Detail, "header") {
			t.Errorf("error %+v", e)
		}
		found[e.Offset/burnin.DiskBlockBytes] = e
	}
	idle := 0
	for _, in := range injected {
		e, ok := found[in.off/burnin.DiskBlockBytes]
		delete(found, in.off/burnin.DiskBlockBytes)
		if ok && !strings.Contains(stdout.String(), fmt.Sprintf("block %d offset %d", in.off/burnin.DiskBlockBytes, e.Offset)) {
			t.Errorf("the table does not name block %d offset %d:\n%s", in.off/burnin.DiskBlockBytes, e.Offset, stdout.String())
		}
		switch {
		case ok && (e.Offset < in.off || e.Offset >= in.off+4096):
			t.Errorf("sector %d corrupted during %s %d, reported at offset %d", in.off, in.phase, in.cycle, e.Offset)
		case !ok && in.phase != "disk":
			t.Errorf("sector %d corrupted during %s %d, with the disk idle, not found", in.off, in.phase, in.cycle)
		case !ok:
			// During a disk phase the verifier may overwrite the sector
			// in the moment between its read and its write: nothing lost.
			t.Logf("sector %d corrupted during the disk phase %d was overwritten before a read", in.off, in.cycle)
		}
		if in.phase != "disk" {
			idle++
		}
	}
	if idle < 3 || len(found) != 0 {
		t.Errorf("%d sectors corrupted with the disk idle (want ≥ 3); reported but never corrupted: %v", idle, found)
	}
	if !strings.Contains(stdout.String(), "corrupted data") {
		t.Errorf("the table does not name the fault kind:\n%s", stdout.String())
	}
}

// outsideWrite overwrites the 4 KiB at off in path with random bytes
// through its own O_DIRECT file descriptor; false when the file is gone.
func outsideWrite(t *testing.T, path string, off int64) bool {
	f, err := directio.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	b := directio.AlignedBlock(4096)
	for i := range b {
		b[i] = byte(rand.Uint32())
	}
	_, err = f.WriteAt(b, off)
	return err == nil
}

// Without --json FILE or --md FILE the checkpoint is the only saved copy of
// a finished burn-in: it stays, marked complete, and the run says where.
func TestBurninKeepsCheckpointWithoutReportFile(t *testing.T) {
	dir := t.TempDir()
	r := hwqual(t, append(burninQuick(t), "--duration", "3s", "--dir", dir)...)
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if got := dirEntries(t, dir); len(got) != 1 || got[0] != burnin.CheckpointName {
		t.Errorf("--dir holds %v, want only %s", got, burnin.CheckpointName)
	}
	if ck := readBurnIn(t, filepath.Join(dir, burnin.CheckpointName)); !ck.Complete {
		t.Error("checkpoint of a finished run not marked complete")
	}
	if !strings.Contains(r.stderr, "the burn-in report is kept in "+filepath.Join(dir, burnin.CheckpointName)) {
		t.Errorf("stderr does not say where the report is kept:\n%s", r.stderr)
	}
}

func TestBurninBadInputExitsTwo(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--mem", "150%"}, "--mem"},
		{[]string{"--mem", "100TiB"}, "safety margin"},
		{[]string{"--mem", "lots"}, "--mem"},
		{[]string{"--duration", "0s"}, "--duration"},
		{[]string{"--disk-io", "mmap"}, "--disk-io"},
		{[]string{"--resume"}, "--resume"},
		{[]string{"--dir", filepath.Join(dir, "missing")}, "missing"},
	} {
		r := hwqual(t, append([]string{"burnin", "--dir", dir}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line naming %q", c.args, r.code, r.stderr, c.want)
		}
	}
	if got := dirEntries(t, dir); len(got) != 0 {
		t.Errorf("bad input left %v", got)
	}
}

// kill -9 mid-run leaves a checkpoint that reads and renders as a burn-in
// report; --resume finishes the remaining time on the same timelines and
// removes the verify file the killed run left.
func TestBurninKillNineThenResume(t *testing.T) {
	dir := t.TempDir()
	ckpt := filepath.Join(dir, burnin.CheckpointName)
	prom := filepath.Join(t.TempDir(), "burnin.prom")
	cmd := exec.Command(binary, append(burninQuick(t), "--duration", "8s", "--dir", dir, "--prom", prom)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the disk phase has its file and a checkpoint names it.
	deadline := time.Now().Add(60 * time.Second)
	var ck *model.BurnIn
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(ckpt); err == nil {
			if b, err := model.ReadBurnIn(bytes.NewReader(data)); err == nil && len(b.ScratchFiles) > 0 {
				ck = b
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if ck == nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("no checkpoint naming the verify file appeared")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	killed := readBurnIn(t, ckpt)
	if killed.Complete || killed.ElapsedSeconds <= 0 || killed.ElapsedSeconds >= 8 || len(killed.Phases) == 0 {
		t.Fatalf("checkpoint after kill: complete %v elapsed %.1f phases %d", killed.Complete, killed.ElapsedSeconds, len(killed.Phases))
	}
	// The report tools take the checkpoint as it was left.
	if r := hwqual(t, "report", "render", ckpt, "--format", "table"); r.code != 0 || !strings.Contains(r.stdout, "resume with --resume") || !strings.Contains(r.stdout, "Phases:") {
		t.Fatalf("report render --format table of the checkpoint: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	page := filepath.Join(t.TempDir(), "burnin.html")
	if r := hwqual(t, "report", "render", ckpt, "--format", "html", "-o", page); r.code != 0 {
		t.Fatalf("report render --format html of the checkpoint: exit %d\n%s", r.code, r.stderr)
	}
	if html, _ := os.ReadFile(page); !strings.Contains(string(html), `id="verdict"`) || !strings.Contains(string(html), `id="chart-errors"`) {
		t.Errorf("checkpoint page lacks the verdict or the error-count chart (%d bytes)", len(html))
	}
	// --prom was written at the checkpoints: the run is not complete.
	if got := burninGauge(t, prom, "hwqual_burnin_complete"); got != 0 {
		t.Errorf("--prom after kill -9: hwqual_burnin_complete %g, want 0", got)
	}
	leftover := killed.ScratchFiles[0]
	if _, err := os.Stat(leftover); err != nil {
		t.Fatalf("the killed run's verify file %s: %v", leftover, err)
	}
	// Starting afresh over an unfinished burn-in is refused.
	if r := hwqual(t, append(burninQuick(t), "--duration", "8s", "--dir", dir)...); r.code != 2 || !strings.Contains(r.stderr, "--resume") {
		t.Fatalf("fresh run over a checkpoint: exit %d, %s", r.code, r.stderr)
	}

	out := filepath.Join(t.TempDir(), "R.json")
	r := hwqual(t, append(burninQuick(t), "--dir", dir, "--resume", "--json", out)...)
	if r.code != 0 {
		t.Fatalf("resume: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	b := readBurnIn(t, out)
	if !b.Complete || b.Runs != 2 || b.ElapsedSeconds != 8 || !b.Started.Equal(killed.Started) {
		t.Fatalf("resumed: complete %v runs %d elapsed %.1f started %s (was %s)", b.Complete, b.Runs, b.ElapsedSeconds, b.Started, killed.Started)
	}
	if len(b.Timelines.ErrorCounts) <= len(killed.Timelines.ErrorCounts) || !b.Timelines.ErrorCounts[0].Time.Equal(killed.Timelines.ErrorCounts[0].Time) {
		t.Errorf("timeline not continued: %d samples after resume, %d before", len(b.Timelines.ErrorCounts), len(killed.Timelines.ErrorCounts))
	}
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("resume left the killed run's verify file: %v", err)
	}
	// The finished run's report went to --json: its checkpoint is removed
	// too, so there is nothing left to resume.
	if got := dirEntries(t, dir); len(got) != 0 {
		t.Errorf("--dir holds %v after the resumed run", got)
	}
	if r := hwqual(t, append(burninQuick(t), "--dir", dir, "--resume")...); r.code != 2 || !strings.Contains(r.stderr, "--resume") {
		t.Errorf("resume with no checkpoint left: exit %d, %s", r.code, r.stderr)
	}
}

// SIGTERM stops a burn-in cleanly: exit 143, the report so far printed, the
// verify file removed, and a checkpoint left to resume.
func TestBurninSignalStopsCleanly(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, append(burninQuick(t), "--duration", "1h", "--dir", dir)...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && !hasPrefix(dirEntries(t, dir), ".hwqual-burnin-disk") {
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 143 {
		t.Fatalf("exit %v, want 143", err)
	}
	if got := dirEntries(t, dir); len(got) != 1 || got[0] != burnin.CheckpointName {
		t.Errorf("--dir holds %v, want only the checkpoint", got)
	}
	ck := readBurnIn(t, filepath.Join(dir, burnin.CheckpointName))
	if !ck.Interrupted || ck.Complete || len(ck.ScratchFiles) != 0 {
		t.Errorf("checkpoint: interrupted %v complete %v scratch %v", ck.Interrupted, ck.Complete, ck.ScratchFiles)
	}
	if !strings.Contains(stdout.String(), "interrupted") {
		t.Errorf("no report printed:\n%s", stdout.String())
	}
}

func hasPrefix(names []string, prefix string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}

// burninGauge reads one unlabelled-by-value gauge from a --prom textfile.
func burninGauge(t *testing.T, path, name string) float64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("--prom: %v", err)
	}
	mfs, err := parseProm(data)
	if err != nil {
		t.Fatalf("--prom %s does not parse: %v", path, err)
	}
	mf, ok := mfs[name]
	if !ok || len(mf.GetMetric()) != 1 {
		t.Fatalf("--prom %s: no single %s", path, name)
	}
	return mf.GetMetric()[0].GetGauge().GetValue()
}

// report render dispatches on the document's kind: a saved burn-in report
// renders in every format, and a broken one is one line and exit 2.
func TestReportRenderBurnIn(t *testing.T) {
	saved := "../../reports/testdata/golden/burnin.json"
	r := hwqual(t, "report", "render", saved, "--format", "json")
	if r.code != 0 || schema.Validate([]byte(r.stdout)) != nil {
		t.Fatalf("--format json: exit %d, schema %v\n%s", r.code, schema.Validate([]byte(r.stdout)), r.stderr)
	}
	r = hwqual(t, "report", "render", saved, "--format", "md")
	if r.code != 0 || !strings.Contains(r.stdout, "**Burn-in FAIL") {
		t.Errorf("--format md: exit %d\n%s", r.code, r.stdout)
	}
	prom := filepath.Join(t.TempDir(), "b.prom")
	if r := hwqual(t, "report", "render", saved, "--format", "prom", "-o", prom); r.code != 0 {
		t.Fatalf("--format prom: exit %d: %s", r.code, r.stderr)
	}
	if got := burninGauge(t, prom, "hwqual_burnin_verification_errors"); got != 2 {
		t.Errorf("hwqual_burnin_verification_errors %g, want 2", got)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"schema_version": 2, "kind": "burnin", "runs": "two"}`), 0o644)
	r = hwqual(t, "report", "render", bad)
	if r.code != 2 || !strings.Contains(r.stderr, bad) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("broken burn-in report: exit %d, stderr %q; want 2 and one line naming the file", r.code, r.stderr)
	}
}
