package qualify

import (
	"testing"

	"github.com/hwqual/hwqual/reports"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name   string
		checks []reports.Check
		pass   bool
	}{
		{"all pass", []reports.Check{{Status: reports.StatusPass}, {Status: reports.StatusPass}}, true},
		{"one fail", []reports.Check{{Status: reports.StatusPass}, {Status: reports.StatusFail, Severity: "fail"}}, false},
		{"warn only", []reports.Check{{Status: reports.StatusPass}, {Status: reports.StatusWarn, Severity: "warn"}}, true},
		{"required not measured", []reports.Check{{Status: reports.StatusPass}, {Status: reports.StatusNotMeasured, Severity: "fail"}}, false},
		{"optional not measured", []reports.Check{{Status: reports.StatusPass}, {Status: reports.StatusNotMeasured, Severity: "warn"}}, true},
		{"info", []reports.Check{{Status: reports.StatusInfo, Severity: "info"}, {Status: reports.StatusNotMeasured, Severity: "info"}}, true},
	}
	for _, tt := range tests {
		if got := Summarize(tt.checks); got.Pass != tt.pass || got.Total != len(tt.checks) {
			t.Errorf("%s: Summarize = %+v, want pass=%v", tt.name, got, tt.pass)
		}
	}
}
