package qualify

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

func firmwareMachine(name string) string {
	return filepath.Join("..", "firmware", "testdata", "machines", name)
}

func TestFirmwareChecks(t *testing.T) {
	tests := []struct {
		sev  profiles.Severity
		want string // nvme0 (CRITICAL), nvme1 (OK), nvme2 (UPDATE), nvme10 (UNKNOWN)
	}{
		{profiles.SeverityFail, "fail pass warn warn"},
		{profiles.SeverityWarn, "warn pass warn warn"},
		{profiles.SeverityInfo, "info info info info"},
	}
	for _, tt := range tests {
		t.Run(string(tt.sev), func(t *testing.T) {
			checks := FirmwareChecks(profiles.Requirement{Firmware: "nvme", Severity: tt.sev}, firmwareMachine("mixed"))
			var got []string
			for _, c := range checks {
				got = append(got, string(c.Status))
				if c.Category != FirmwareCategory || c.Severity != string(tt.sev) {
					t.Errorf("%s: category %q severity %q", c.Function, c.Category, c.Severity)
				}
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("statuses %v, want %s", got, tt.want)
			}
			if c := checks[0]; c.Function != "nvme0 Samsung SSD 980 PRO 2TB" || c.Text.Found != "3B2QGXA7 CRITICAL" || !strings.Contains(c.Notes[0], "[source: ") {
				t.Errorf("nvme0 check: %+v", c)
			}
		})
	}
}

func TestFirmwareChecksNoNVMe(t *testing.T) {
	checks := FirmwareChecks(profiles.Requirement{Firmware: "nvme", Severity: profiles.SeverityWarn}, t.TempDir())
	if len(checks) != 1 || checks[0].Status != model.StatusNotMeasured || !strings.Contains(checks[0].Reason, "No NVMe controllers found") {
		t.Errorf("got %+v", checks)
	}
}

func TestRunWithFirmwareRequirement(t *testing.T) {
	p, err := profiles.Parse("fw.yaml", []byte("name: fw\nrequirements:\n  - firmware: nvme\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(context.Background(), Options{Profile: p, Root: firmwareMachine("current")})
	if len(rep.Checks) != 2 || !rep.Summary.Pass || rep.Summary.Passed != 2 {
		t.Errorf("drives on the newest firmware: %d checks, summary %+v", len(rep.Checks), rep.Summary)
	}
	rep = Run(context.Background(), Options{Profile: p, Root: firmwareMachine("mixed")})
	if rep.Summary.Pass || rep.Summary.Failed != 1 {
		t.Errorf("a CRITICAL drive under severity fail: summary %+v", rep.Summary)
	}
}
