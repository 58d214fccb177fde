package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/throttletest"
)

// sustainedCheck is the part of the JSON report these tests read.
type sustainedCheck struct {
	Status  string   `json:"result"`
	Reason  string   `json:"reason"`
	Notes   []string `json:"notes"`
	Details struct {
		Sustained struct {
			WrittenBytes         int64   `json:"written_bytes"`
			ProofBytes           int64   `json:"proof_bytes"`
			SteadyBytesPerSecond float64 `json:"steady_bytes_per_second"`
			StoppedBecause       string  `json:"stopped_because"`
			Cliff                *struct {
				WrittenBytes int64  `json:"written_bytes"`
				Cause        string `json:"cause"`
			} `json:"cliff"`
			Timeline []struct {
				WrittenBytes   int64   `json:"written_bytes"`
				BytesPerSecond float64 `json:"bytes_per_second"`
			} `json:"timeline"`
		} `json:"sustained"`
	} `json:"disk"`
}

func readSustained(t *testing.T, path string) sustainedCheck {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Checks []sustainedCheck `json:"checks"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Checks) != 1 {
		t.Fatalf("%d checks, want 1", len(rep.Checks))
	}
	return rep.Checks[0]
}

func sustainedProfile(t *testing.T, minimum, proof string) string {
	return writeProfile(t, "name: sustained-test\ndescription: sustained write only\nrequirements:\n"+
		"  - metric: Sustained Seq Write\n    minimum: "+minimum+"\n    source: test\n"+
		"    proof_volume: "+proof+"\n    proof_source: small so the test stays short\n")
}

// TestSustainedCacheRunsOutMidRun simulates a drive whose write cache
// holds cacheBytes: the test watches the binary's scratch file from
// outside and, once it passes cacheBytes, caps the process's writes to
// the disk with the kernel's block throttle. hwqual is told nothing; it
// must find the cliff there, score the capped rate and fail the row.
func TestSustainedCacheRunsOutMidRun(t *testing.T) {
	const (
		cacheBytes = 1 << 30
		capped     = 40e6 // bytes/s after the "cache"
	)
	dir := t.TempDir()
	group := throttletest.New(t, dir)
	jsonPath := filepath.Join(t.TempDir(), "r.json")
	cmd := exec.Command(binary, "--profile", sustainedProfile(t, "1800 MB/s", "8 GiB"), "--dir", dir, "--json", jsonPath)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if err := group.Add(cmd.Process.Pid); err != nil {
		cmd.Process.Kill()
		t.Fatalf("join cgroup: %v", err)
	}
	stop := make(chan struct{})
	capErr := make(chan error, 1)
	go throttletest.WhenFileReaches(dir, ".hwqual-sustained", cacheBytes, stop, func() { capErr <- group.CapWrites(capped) })
	err := cmd.Wait()
	close(stop)
	select {
	case err := <-capErr:
		if err != nil {
			t.Fatalf("cap writes: %v", err)
		}
	default:
		t.Fatalf("the scratch file never reached %d bytes:\n%s", cacheBytes, out.String())
	}
	if code := exitCode(err); code != 1 {
		t.Fatalf("exit %d, want 1 (the row fails):\n%s", code, out.String())
	}
	c := readSustained(t, jsonPath)
	s := c.Details.Sustained
	t.Logf("cliff %+v, steady %.0f MB/s, wrote %.2f GiB, stopped: %s", s.Cliff, s.SteadyBytesPerSecond/1e6, float64(s.WrittenBytes)/(1<<30), s.StoppedBecause)
	if c.Status != "fail" {
		t.Errorf("status %q (%s), want fail", c.Status, c.Reason)
	}
	if s.Cliff == nil {
		t.Fatalf("no cliff found:\n%s", out.String())
	}
	// The cap lands within a window or two of the file passing 1 GiB
	// (32 MiB in flight at queue depth 32, 250 ms intervals).
	if got := s.Cliff.WrittenBytes; got < cacheBytes-256<<20 || got > cacheBytes+768<<20 {
		t.Errorf("cliff after %.2f GiB, want near %.2f GiB", float64(got)/(1<<30), float64(cacheBytes)/(1<<30))
	}
	if s.Cliff.Cause != "cache" {
		t.Errorf("cliff cause %q, want cache (no temperature here)", s.Cliff.Cause)
	}
	// The throttle lets whole 1 MiB writes through: at 40 MB/s a 250 ms
	// interval holds 8 to 11 of them, so single intervals read 33-46 MB/s.
	if r := s.SteadyBytesPerSecond / capped; r < 0.6 || r > 1.3 {
		t.Errorf("steady %.1f MB/s, want near the capped %.0f MB/s", s.SteadyBytesPerSecond/1e6, capped/1e6)
	}
	if s.StoppedBecause != "cache cliff and enough steady state measured" {
		t.Errorf("stopped because %q, want the early stop after the cliff", s.StoppedBecause)
	}
	if !strings.Contains(out.String(), "hwqual: Sustained Seq Write: writing up to 4.0 GiB") {
		t.Errorf("no up-front cost line in:\n%s", out.String())
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestSustainedFullWritesProofVolume: with --full and no throttle, the
// write goes on to the profile's proof volume (1 GiB here, so the test is
// short) and the row is judged on what it measured.
func TestSustainedFullWritesProofVolume(t *testing.T) {
	dir := t.TempDir()
	jsonPath := filepath.Join(t.TempDir(), "r.json")
	out, err := exec.Command(binary, "--profile", sustainedProfile(t, "1 MB/s", "1 GiB"), "--full", "--dir", dir, "--json", jsonPath).CombinedOutput()
	if code := exitCode(err); code != 0 {
		t.Fatalf("exit %d, want 0 (1 MB/s is met):\n%s", code, out)
	}
	c := readSustained(t, jsonPath)
	s := c.Details.Sustained
	if c.Status != "pass" {
		t.Errorf("status %q (%s), want pass", c.Status, c.Reason)
	}
	if s.ProofBytes != 1<<30 {
		t.Errorf("proof_bytes %d, want 1 GiB", s.ProofBytes)
	}
	if s.Cliff == nil && (s.WrittenBytes < s.ProofBytes || s.StoppedBecause != "proof volume written without a cliff") {
		t.Errorf("no cliff, wrote %d of %d, stopped because %q: want the proof volume written", s.WrittenBytes, s.ProofBytes, s.StoppedBecause)
	}
	if !strings.Contains(string(out), "Sustained Seq Write: wrote ") {
		t.Errorf("the note does not say how much was written:\n%s", out)
	}
}

// TestSustainedFullRefusesProofThatCannotFit: --full must write the
// proof volume; when it cannot fit above the free-space floor the run is
// refused before writing, with the numbers.
func TestSustainedFullRefusesProofThatCannotFit(t *testing.T) {
	dir := t.TempDir()
	r := hwqual(t, "--profile", sustainedProfile(t, "1800 MB/s", "1000 TB"), "--full", "--dir", dir)
	if r.code != 2 {
		t.Fatalf("exit %d, want 2:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"--full writes the sustained write's proof volume", "1000 TB", "not enough free space", "is available"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	assertEmpty(t, dir)
}
