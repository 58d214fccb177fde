package qualify

import (
	"strings"
	"testing"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// TestEvaluateMarginal: a score whose 95 % interval contains the threshold
// keeps the score's verdict and is marked marginal, with a note in words;
// one whose interval clears the threshold is not.
func TestEvaluateMarginal(t *testing.T) {
	req := profiles.Requirement{Metric: "Copy", Minimum: 1000, Severity: profiles.SeverityFail}
	// Threshold at 10 % tolerance: 900. Twelve windows each.
	spread := func(center, width float64) []float64 {
		var s []float64
		for i := range 12 {
			s = append(s, center+width*(float64(i)/11-0.5))
		}
		return s
	}
	tests := []struct {
		name         string
		samples      []float64
		est          bench.Estimator
		want         model.Status
		wantMarginal bool
	}{
		{"clear pass", spread(1000, 20), bench.EstimatorMedian, model.StatusPass, false},
		{"marginal pass", spread(905, 60), bench.EstimatorMedian, model.StatusPass, true},
		{"marginal fail", spread(895, 60), bench.EstimatorWholeWindow, model.StatusFail, true},
		{"clear fail", spread(800, 20), bench.EstimatorWholeWindow, model.StatusFail, false},
		{"too few samples for an interval", []float64{899, 901, 905}, bench.EstimatorMedian, model.StatusPass, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Measurement{Info: info, Result: bench.Result{Samples: tt.samples, Estimator: tt.est}}
			c := Evaluate(req, m, 10)
			n := c.Numeric
			if c.Status != tt.want || n.Marginal != tt.wantMarginal {
				t.Fatalf("status %s marginal %v (interval %v–%v, score %v), want %s marginal %v",
					c.Status, n.Marginal, n.CILow, n.CIHigh, n.Score, tt.want, tt.wantMarginal)
			}
			hasNote := false
			for _, note := range c.Notes {
				hasNote = hasNote || strings.HasPrefix(note, "marginal ")
			}
			if hasNote != tt.wantMarginal {
				t.Errorf("notes %q: marginal note %v, want %v", c.Notes, hasNote, tt.wantMarginal)
			}
			if len(tt.samples) >= 6 && (n.CILevel != 0.95 || n.CILow > n.Score || n.CIHigh < n.Score) {
				t.Errorf("interval %v–%v at %v does not bound score %v", n.CILow, n.CIHigh, n.CILevel, n.Score)
			}
		})
	}
}

// TestEvaluateWholeWindowScore: a Substrate row scores total work over
// total time, not the median of its windows.
func TestEvaluateWholeWindowScore(t *testing.T) {
	req := profiles.Requirement{Metric: "Copy", Minimum: 1000, Severity: profiles.SeverityFail}
	res := bench.Result{Samples: []float64{1000, 1000, 400}, Seconds: []float64{1, 1, 2}, Estimator: bench.EstimatorWholeWindow}
	c := Evaluate(req, Measurement{Info: info, Result: res}, 10)
	if c.Numeric.Score != 700 || c.Numeric.Estimator != "whole_window" || len(c.Numeric.SampleSeconds) != 3 {
		t.Errorf("score %v by %q with %v, want 700 whole_window with the window lengths", c.Numeric.Score, c.Numeric.Estimator, c.Numeric.SampleSeconds)
	}
}

// TestSummarizeStrict: --strict turns a marginal pass of a required check
// into a failed verdict; a marginal warn-severity pass or an info row does
// not, and without --strict a marginal pass is a pass that is counted.
func TestSummarizeStrict(t *testing.T) {
	marginal := func(sev string, st model.Status) model.Check {
		return model.Check{Kind: model.KindMetric, Severity: sev, Status: st, Numeric: &model.Numeric{Marginal: true}}
	}
	clear := model.Check{Kind: model.KindMetric, Severity: "fail", Status: model.StatusPass, Numeric: &model.Numeric{}}
	tests := []struct {
		name     string
		checks   []model.Check
		strict   bool
		wantPass bool
		marginal int
	}{
		{"marginal pass, lenient", []model.Check{clear, marginal("fail", model.StatusPass)}, false, true, 1},
		{"marginal pass, strict", []model.Check{clear, marginal("fail", model.StatusPass)}, true, false, 1},
		{"marginal warn row, strict", []model.Check{clear, marginal("warn", model.StatusPass)}, true, true, 1},
		{"no marginal, strict", []model.Check{clear}, true, true, 0},
	}
	for _, tt := range tests {
		s := SummarizeStrict(tt.checks, tt.strict)
		if s.Pass != tt.wantPass || s.Marginal != tt.marginal || s.Strict != tt.strict {
			t.Errorf("%s: %+v, want pass %v, %d marginal", tt.name, s, tt.wantPass, tt.marginal)
		}
	}
}
