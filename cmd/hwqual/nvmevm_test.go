//go:build nvmevm

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNVMeVM boots test/nvmevm/run with ext4 on QEMU's NVMe
// controller and runs the static binary's qualification inside (steps in
// testdata/nvmevm/guest.sh). The emulator's timings prove the code path,
// not the speed: nothing here checks a number's size. Run with
// `make nvme-vm-test`.
func TestNVMeVM(t *testing.T) {
	run := nvmeVM(t)
	bin := os.Getenv("HWQUAL_BIN")
	if bin == "" {
		bin = binary
	}
	files := t.TempDir()
	if err := exec.Command("cp", "-a", "testdata/nvmevm/.", files).Run(); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("cp", bin, filepath.Join(files, "hwqual")).Run(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(run, "--mkfs", "ext4", "--nvme-size", "5G", "--mem", "3G", "--timeout", "600",
		"--files", files, "--", filepath.Join(files, "guest.sh"))
	out, err := cmd.CombinedOutput()
	console := strings.ReplaceAll(string(out), "\r", "")
	t.Logf("console:\n%s", console)
	if err != nil {
		t.Fatalf("nvme-vm: %v", err)
	}
	steps := splitSteps(console)

	v := steps["validator"]
	if v.rc != "0" && v.rc != "1" {
		t.Errorf("validator exit %s, want 0 or 1", v.rc)
	}
	mustContain(t, "validator", v.out,
		"Disk under test: /dev/nvme0n1 QEMU NVMe Ctrl (nvme, ",
		"), ext4\n",
		"Read latency (one HDR histogram")
	mustMeasure(t, "validator", v.out, "Read Latency p99", "Direct Rnd Read Queued")

	d := steps["direct"]
	if d.rc != "0" {
		t.Errorf("direct exit %s, want 0", d.rc)
	}
	mustMeasure(t, "direct", d.out, "Direct Seq Write", "Direct Seq Read", "Direct Rnd Write", "Direct Rnd Read",
		"Direct Seq Write Queued", "Direct Seq Read Queued", "Direct Rnd Write Queued", "Direct Rnd Read Queued", "Read Latency p99")

	f := steps["floor"]
	if f.rc != "2" {
		t.Errorf("floor exit %s, want 2", f.rc)
	}
	mustContain(t, "floor", f.out, "not enough free space: the quick disk benchmarks need 4.0 GiB of scratch space and keep 2.0 GiB free", "is available")

	tm := steps["temperature"]
	if tm.rc != "0" {
		t.Errorf("temperature exit %s, want 0 (info row)", tm.rc)
	}
	mustContain(t, "temperature", tm.out, "Sustained Seq Write: writing up to 0.2 GiB (the proof volume: 256 MiB)",
		"drive up to 50 °C (warning threshold 70 °C)")

	r := steps["refused"]
	if r.rc != "0" {
		t.Errorf("refused exit %s, want 0 (info rows)", r.rc)
	}
	if n := strings.Count(r.out, "hwqual: O_DIRECT refused by the file system of /odirect"); n != 1 {
		t.Errorf("refused: the O_DIRECT refusal was said %d times, want once:\n%s", n, r.out)
	}
	mustContain(t, "refused", r.out, "Direct Seq Write: not measured: O_DIRECT refused", "Direct Seq Write Queued: not measured: O_DIRECT refused")

	b := steps["buffered"]
	if b.rc != "0" {
		t.Errorf("buffered exit %s, want 0", b.rc)
	}
	mustMeasure(t, "buffered", b.out, "Direct Seq Write", "Direct Seq Write Queued")
	mustContain(t, "buffered", b.out, "Direct Seq Write: buffered I/O + fsync (--allow-buffered)", "Direct Seq Write Queued: buffered I/O + fsync (--allow-buffered)")

	if m := regexp.MustCompile(`=== LEFT (\d+)`).FindStringSubmatch(console); m == nil || m[1] != "0" {
		t.Errorf("scratch files left in the guest: %v", m)
	}
}

type step struct{ out, rc string }

// splitSteps cuts the console at guest.sh's step markers.
func splitSteps(console string) map[string]step {
	steps := map[string]step{}
	re := regexp.MustCompile(`(?s)=== STEP (\S+)[^\n]*\n(.*?)=== RC (\S+) (\d+)\n`)
	for _, m := range re.FindAllStringSubmatch(console, -1) {
		steps[m[1]] = step{out: m[2], rc: m[4]}
	}
	return steps
}

func mustContain(t *testing.T, name, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s: output lacks %q", name, w)
		}
	}
}

// mustMeasure checks that each metric's table row has a score, not "-".
func mustMeasure(t *testing.T, name, out string, metrics ...string) {
	t.Helper()
	for _, m := range metrics {
		re := regexp.MustCompile(`\| Disk +\| ` + regexp.QuoteMeta(m) + ` +\| ([^|]+)\|`)
		got := re.FindStringSubmatch(out)
		if got == nil || strings.TrimSpace(got[1]) == "-" {
			t.Errorf("%s: %s not measured (row %v)", name, m, got)
		}
	}
}
