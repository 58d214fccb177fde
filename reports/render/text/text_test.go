package text_test

import (
	"strings"
	"testing"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render/text"
)

func TestResultCellMatchesSubstrate(t *testing.T) {
	tests := []struct {
		c    model.Check
		want string
	}{
		{model.Check{Kind: model.KindMetric, Status: model.StatusPass, Numeric: &model.Numeric{RelativePercent: 215.8}}, "✅ Pass (215.8 %)"},
		{model.Check{Kind: model.KindMetric, Status: model.StatusFail, Numeric: &model.Numeric{RelativePercent: 87.2}}, "❌ Fail ( 87.2 %)"},
		{model.Check{Kind: model.KindMetric, Status: model.StatusPass, Numeric: &model.Numeric{RelativePercent: 99.44}}, "✅ Pass ( 99.4 %)"},
		{model.Check{Kind: model.KindMetric, Status: model.StatusWarn, Numeric: &model.Numeric{RelativePercent: 78.3}}, "❗ Warn ( 78.3 %)"},
		{model.Check{Kind: model.KindMetric, Status: model.StatusPass, Numeric: &model.Numeric{RelativePercent: 101.2, Marginal: true}}, "✅ Pass (101.2 %) marginal"},
		{model.Check{Status: model.StatusNotMeasured}, "❔ Not measured"},
		{model.Check{Status: model.StatusInfo}, "📋 Info"},
	}
	for _, tt := range tests {
		if got := text.ResultCell(tt.c); got != tt.want {
			t.Errorf("ResultCell(%s) = %q, want %q", tt.c.Status, got, tt.want)
		}
	}
}

func TestSummaryLineKeepsSubstrateWording(t *testing.T) {
	r := &model.Report{TolerancePercent: 10, Summary: model.Summary{Total: 5, Passed: 5, Pass: true}}
	if got, want := text.SummaryLine(r), "From 5 benchmarks in total, 5 passed and 0 failed (10% fault tolerance)."; got != want {
		t.Errorf("SummaryLine = %q, want %q", got, want)
	}
	if got, want := text.VerdictLine(r), "The hardware meets the requirements"; got != want {
		t.Errorf("VerdictLine = %q, want %q", got, want)
	}
	r.Interrupted = true
	if got := text.VerdictLine(r); !strings.HasPrefix(got, "Interrupted") {
		t.Errorf("interrupted verdict = %q", got)
	}
}

// TestVerdictLineStrict: a run that failed only because --strict refused a
// marginal pass says so, not that something failed or went unmeasured.
func TestVerdictLineStrict(t *testing.T) {
	r := &model.Report{Checks: []model.Check{{Kind: model.KindMetric, Severity: "fail", Status: model.StatusPass, Numeric: &model.Numeric{Marginal: true}}},
		Summary: model.Summary{Total: 1, Passed: 1, Marginal: 1, Strict: true}}
	if got := text.VerdictLine(r); !strings.Contains(got, "only marginally") {
		t.Errorf("verdict %q, want the marginal reason", got)
	}
	r.Summary.Strict, r.Summary.Pass = false, true
	if got := text.VerdictLine(r); got != "The hardware meets the requirements" {
		t.Errorf("lenient verdict %q", got)
	}
}
