package qualify

import (
	"testing"

	"github.com/hwqual/hwqual/reports/model"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name   string
		checks []model.Check
		pass   bool
	}{
		{"all pass", []model.Check{{Status: model.StatusPass}, {Status: model.StatusPass}}, true},
		{"one fail", []model.Check{{Status: model.StatusPass}, {Status: model.StatusFail, Severity: "fail"}}, false},
		{"warn only", []model.Check{{Status: model.StatusPass}, {Status: model.StatusWarn, Severity: "warn"}}, true},
		{"required not measured", []model.Check{{Status: model.StatusPass}, {Status: model.StatusNotMeasured, Severity: "fail"}}, false},
		{"optional not measured", []model.Check{{Status: model.StatusPass}, {Status: model.StatusNotMeasured, Severity: "warn"}}, true},
		{"info", []model.Check{{Status: model.StatusInfo, Severity: "info"}, {Status: model.StatusNotMeasured, Severity: "info"}}, true},
	}
	for _, tt := range tests {
		if got := Summarize(tt.checks); got.Pass != tt.pass || got.Total != len(tt.checks) {
			t.Errorf("%s: Summarize = %+v, want pass=%v", tt.name, got, tt.pass)
		}
	}
}
