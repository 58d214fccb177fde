package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/isotest"
)

// runFirmwareBin runs the built binary and returns stdout, stderr and exit code.
func runFirmwareBin(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	r := hwqual(t, args...)
	return r.stdout, r.stderr, r.code
}

func firmwareFixture(name string) string {
	return filepath.Join("..", "..", "firmware", "testdata", "machines", name)
}

func TestFirmwareCheckRecordedMachine(t *testing.T) {
	out, errOut, code := runFirmwareBin(t, "--root", firmwareFixture("mixed"), "firmware", "check")
	if code != exitFail {
		t.Fatalf("exit %d, want %d (a CRITICAL drive)\n%s%s", code, exitFail, out, errOut)
	}
	for _, want := range []string{
		"| nvme0  | Samsung SSD 980 PRO 2TB | S6B0NL0W127373V | 3B2QGXA7 | CRITICAL",
		"| nvme1  | Samsung SSD 980 PRO 2TB | S6B0NL0W201148K | 5B2QGXA7 | OK",
		"| nvme2  | Samsung SSD 990 PRO 4TB | S7DSNJ0WA01234B | 1B2QJXD7 | UPDATE",
		"| nvme10 | WD_BLACK SN850X 2000GB  | 23151L800123    | 620311WD | UNKNOWN",
		"nvme0: firmware CRITICAL: 3B2QGXA7: falsely reports rising media errors",
		"[source: https://www.tomshardware.fr/",
		"nvme0: health NOT READ: smart_health, firmware_slots, firmware_slot_count: no device node",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestFirmwareCheckJSON(t *testing.T) {
	out, errOut, code := runFirmwareBin(t, "--root", firmwareFixture("mixed"), "firmware", "check", "--json", "-")
	if code != exitFail {
		t.Fatalf("exit %d, want %d\n%s", code, exitFail, errOut)
	}
	var rep struct {
		Critical bool `json:"critical"`
		Drives   []struct {
			Name          string `json:"name"`
			FirmwareRev   string `json:"firmware_rev"`
			PCIVendor     string `json:"pci_vendor"`
			FirmwareCheck struct {
				Verdict, Reason, Source string
			} `json:"firmware_check"`
			Verdict string `json:"verdict"`
		} `json:"drives"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, out)
	}
	var got []string
	for _, d := range rep.Drives {
		got = append(got, d.Name+"="+d.FirmwareRev+":"+d.FirmwareCheck.Verdict)
	}
	if s := strings.Join(got, " "); s != "nvme0=3B2QGXA7:CRITICAL nvme1=5B2QGXA7:OK nvme2=1B2QJXD7:UPDATE nvme10=620311WD:UNKNOWN" || !rep.Critical {
		t.Errorf("drives %s, critical %v", s, rep.Critical)
	}
	if rep.Drives[0].FirmwareCheck.Source == "" || rep.Drives[0].PCIVendor != "0x144d" {
		t.Errorf("nvme0: %+v", rep.Drives[0])
	}
	if !strings.Contains(errOut, "CRITICAL") {
		t.Errorf("the table should go to stderr when --json - holds stdout:\n%s", errOut)
	}
}

func TestFirmwareCheckCurrentAndNone(t *testing.T) {
	out, _, code := runFirmwareBin(t, "--root", firmwareFixture("current"), "firmware", "check", "--md", "-")
	if code != exitPass || !strings.Contains(out, "## NVMe firmware and health") || !strings.Contains(out, "| nvme0 | Samsung SSD 980 PRO with Heatsink 2TB | S6WRNS0W512345X | 5B2QGXA7 | OK |") {
		t.Errorf("current firmware: exit %d\n%s", code, out)
	}
	jsonFile := filepath.Join(t.TempDir(), "fw.json")
	out, _, code = runFirmwareBin(t, "--root", firmwareFixture("current"), "firmware", "check", "--json", jsonFile)
	data, err := os.ReadFile(jsonFile)
	if code != exitPass || !strings.Contains(out, "| nvme1 ") || !json.Valid(data) || !bytes.Contains(data, []byte(`"firmware_rev": "8B2QJXD7"`)) {
		t.Errorf("--json FILE: exit %d, err %v, file %s\nstdout %s", code, err, data, out)
	}
	for _, root := range []string{firmwareFixture("no-nvme"), t.TempDir()} {
		out, _, code = runFirmwareBin(t, "--root", root, "firmware", "check")
		if code != exitPass || !strings.HasPrefix(out, "No NVMe controllers found") {
			t.Errorf("%s: exit %d, output %q; want exit 0 and the no-NVMe line", root, code, out)
		}
	}
}

func TestFirmwareCheckBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "adv.yaml")
	os.WriteFile(bad, []byte("advisories:\n  - model: x\n    family: 3B2QGXA7\n    source: s\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing advisory file", []string{"firmware", "check", "--advisories", "/nonexistent/adv.yaml"}, "hwqual: --advisories: advisories: open /nonexistent/adv.yaml: no such file or directory"},
		{"bad advisory file", []string{"firmware", "check", "--advisories", bad}, bad + ":2: advisories[0].family: \"3B2QGXA7\": want exactly one lowercase x"},
		{"two reports on stdout", []string{"firmware", "check", "--json", "-", "--md", "-"}, "only one report can go to stdout"},
		{"unknown flag", []string{"firmware", "check", "--jsn", "-"}, "unknown flag: --jsn"},
		{"unknown subcommand", []string{"firmware", "chek"}, `unknown command "chek" for "hwqual firmware"`},
		{"extract without --out", []string{"firmware", "samsung-extract", "x.iso"}, "--out DIR is required"},
		{"extract without ISO", []string{"firmware", "samsung-extract", "--out", "d"}, "want exactly one ISO file argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runFirmwareBin(t, tt.args...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("exit %d, stderr %q (stdout %q); want exit 2 and one line with %q", code, errOut, out, tt.want)
			}
		})
	}
}

func TestSamsungExtractCLI(t *testing.T) {
	work := t.TempDir()
	iso := isotest.BuildISO(t, work, map[string][]byte{"bzImage": []byte("kernel"), "initrd": isotest.Gzip(isotest.SamsungInitrd())})
	out := filepath.Join(work, "fw")
	stdout, stderr, code := runFirmwareBin(t, "firmware", "samsung-extract", iso, "--out", out)
	if code != exitPass {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fum := filepath.Join(out, "root", "fumagician", "fumagician")
	for _, want := range []string{"fumagician: " + fum, "cd " + filepath.Dir(fum) + " && sudo ./fumagician", "hwqual does not run it"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(fum); err != nil {
		t.Error(err)
	}

	hostile := t.TempDir()
	iso = isotest.BuildISO(t, hostile, map[string][]byte{"initrd": isotest.Gzip(isotest.SamsungInitrd(isotest.Symlink("etc", "/etc"), isotest.File("etc/evil", "x")))})
	_, stderr, code = runFirmwareBin(t, "firmware", "samsung-extract", iso, "--out", filepath.Join(hostile, "fw"))
	if code != exitUsage || !strings.Contains(stderr, `unsafe archive entry: symlink "etc" points to absolute path "/etc"`) {
		t.Errorf("hostile ISO: exit %d, stderr %q", code, stderr)
	}
	if entries, _ := os.ReadDir(hostile); len(entries) != 1 {
		t.Errorf("hostile ISO left %d entries beside the ISO", len(entries)-1)
	}
}

func TestQualificationFirmwareRows(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "fw.yaml")
	os.WriteFile(prof, []byte("name: fw\ndescription: NVMe firmware gate\nrequirements:\n  - firmware: nvme\n    severity: fail\n"), 0o644)
	out, errOut, code := runFirmwareBin(t, "--root", firmwareFixture("mixed"), "--profile", prof, "--json", "-")
	if code != exitFail {
		t.Fatalf("exit %d, want %d: a CRITICAL drive fails a severity-fail firmware requirement\n%s", code, exitFail, errOut)
	}
	var rep struct {
		Checks []struct {
			Category, Function, Result string
			Text                       struct{ Found string }
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, c := range rep.Checks {
		got = append(got, c.Category+"|"+c.Function+"|"+c.Text.Found+"|"+c.Result)
	}
	want := "Firmware|nvme0 Samsung SSD 980 PRO 2TB|3B2QGXA7 CRITICAL|fail Firmware|nvme1 Samsung SSD 980 PRO 2TB|5B2QGXA7 OK|pass " +
		"Firmware|nvme2 Samsung SSD 990 PRO 4TB|1B2QJXD7 UPDATE|warn Firmware|nvme10 WD_BLACK SN850X 2000GB|620311WD UNKNOWN|warn"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("checks\n%s\nwant\n%s", s, want)
	}
	if !strings.Contains(errOut, "| Firmware | nvme0 Samsung SSD 980 PRO 2TB | 3B2QGXA7 CRITICAL | -       | ❌ Fail") {
		t.Errorf("table:\n%s", errOut)
	}
}
