package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNVMeVMFirmware runs `hwqual firmware check --json -` inside a QEMU
// guest with an emulated NVMe controller, so identity, SMART/health and the
// firmware slot log come through the real sysfs and admin-ioctl paths.
// The guest comes from test/nvmevm/run; without QEMU and the guest's
// packages the test is skipped naming them (failed under CI).
func TestNVMeVMFirmware(t *testing.T) {
	runner := nvmeVM(t)
	const serial = "HWQFW0042"
	cmd := exec.Command(runner, "--serial", serial, "--timeout", "180", "--", binary, "firmware", "check", "--json", "-")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	t.Logf("guest output:\n%s", out.String())
	if err != nil {
		t.Fatalf("nvme-vm: %v (exit 0 expected: QEMU's drive is UNKNOWN, not CRITICAL)", err)
	}
	var rep struct {
		Drives []struct {
			Name, Model, Serial string
			FirmwareRev         string `json:"firmware_rev"`
			PCIVendor           string `json:"pci_vendor"`
			PCIDevice           string `json:"pci_device"`
			Admin               *struct {
				SlotCount int `json:"firmware_slot_count"`
				Health    *struct {
					TemperatureKelvin int     `json:"temperature_kelvin"`
					CriticalWarning   int     `json:"critical_warning"`
					MediaErrors       float64 `json:"media_errors"`
				} `json:"smart_health"`
				Slots *struct {
					Active    int      `json:"active_slot"`
					Revisions []string `json:"revisions"`
				} `json:"firmware_slots"`
				Errors []string `json:"errors"`
			} `json:"admin"`
			FirmwareCheck struct{ Verdict string } `json:"firmware_check"`
			HealthCheck   struct{ Verdict string } `json:"health_check"`
			Notes         []string
		} `json:"drives"`
	}
	js := jsonBlock(out.String())
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatalf("no JSON report in the guest output: %v", err)
	}
	if len(rep.Drives) != 1 {
		t.Fatalf("%d drives, want QEMU's one", len(rep.Drives))
	}
	d := rep.Drives[0]
	if d.Name != "nvme0" || d.Model != "QEMU NVMe Ctrl" || d.Serial != serial || !strings.HasPrefix(d.FirmwareRev, "7.") ||
		d.PCIVendor != "0x1b36" || d.PCIDevice != "0x0010" {
		t.Errorf("identity: %+v", d)
	}
	a := d.Admin
	if a == nil || a.Health == nil || a.Slots == nil || len(a.Errors) != 0 {
		t.Fatalf("admin data not read through the ioctl: %+v", a)
	}
	// QEMU 7.2 reports 323 K, no warnings, no media errors; firmware slot 1
	// holds "1.0" while Identify says the QEMU version.
	if a.Health.TemperatureKelvin != 323 || a.Health.CriticalWarning != 0 || a.Health.MediaErrors != 0 {
		t.Errorf("SMART/health: %+v", *a.Health)
	}
	if a.Slots.Active != 1 || len(a.Slots.Revisions) != 7 || a.Slots.Revisions[0] != "1.0" || a.SlotCount < 1 {
		t.Errorf("firmware slot log: %+v (slot count %d)", *a.Slots, a.SlotCount)
	}
	if d.FirmwareCheck.Verdict != "UNKNOWN" || d.HealthCheck.Verdict != "OK" {
		t.Errorf("verdicts: firmware %s health %s, want UNKNOWN OK", d.FirmwareCheck.Verdict, d.HealthCheck.Verdict)
	}
	if len(d.Notes) == 0 || !strings.Contains(d.Notes[0], `active firmware slot 1 holds "1.0"`) {
		t.Errorf("notes %q: want the slot/sysfs mismatch", d.Notes)
	}
}

// TestNVMeVMFirmwareUnprivileged runs the check as nobody in the guest:
// sysfs identity still reads, and the report says which fields need root
// instead of failing.
func TestNVMeVMFirmwareUnprivileged(t *testing.T) {
	runner := nvmeVM(t)
	files := t.TempDir()
	bin, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(files, "hwqual"), bin, 0o755); err != nil {
		t.Fatal(err)
	}
	asnobody := filepath.Join(files, "asnobody")
	build := exec.Command("go", "build", "-o", asnobody, "github.com/hwqual/hwqual/internal/testtools/asnobody")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build asnobody: %v\n%s", err, out)
	}
	cmd := exec.Command(runner, "--files", files, "--timeout", "180", "--", asnobody, "/data/hwqual", "firmware", "check", "--json", "-")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	t.Logf("guest output:\n%s", out.String())
	if err != nil {
		t.Fatalf("nvme-vm: %v", err)
	}
	var rep struct {
		Drives []struct {
			Model       string
			Admin       *json.RawMessage                 `json:"admin"`
			NotRead     string                           `json:"not_read"`
			HealthCheck struct{ Verdict, Reason string } `json:"health_check"`
		} `json:"drives"`
	}
	if err := json.Unmarshal([]byte(jsonBlock(out.String())), &rep); err != nil || len(rep.Drives) != 1 {
		t.Fatalf("no one-drive JSON report in the guest output: %v", err)
	}
	d := rep.Drives[0]
	want := "smart_health, firmware_slots, firmware_slot_count: needs root (CAP_SYS_ADMIN)"
	if d.Model != "QEMU NVMe Ctrl" || d.Admin != nil || d.NotRead != want || d.HealthCheck.Verdict != "NOT READ" || d.HealthCheck.Reason != want {
		t.Errorf("unprivileged: %+v; want identity from sysfs and %q", d, want)
	}
}

// jsonBlock returns the first top-level JSON object in console output: from
// a line "{" to the next line "}".
func jsonBlock(s string) string {
	start := strings.Index(s, "\n{\n")
	if start < 0 {
		return ""
	}
	end := strings.Index(s[start:], "\n}\n")
	if end < 0 {
		return ""
	}
	return s[start+1 : start+end+2]
}
