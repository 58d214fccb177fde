package qualify

import (
	"math"
	"testing"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

func TestEvaluateMaximum(t *testing.T) {
	info := bench.Info{Name: "Read Latency p99", Category: "Disk", Kind: units.Nanoseconds}
	req := profiles.Requirement{Metric: info.Name, Maximum: 1e6, Severity: profiles.SeverityFail}
	details := &diskstat.Details{Latency: &diskstat.Latency{P99Ns: 132_000}}
	tests := []struct {
		p99  float64
		want model.Status
		pct  float64
	}{
		{132_000, model.StatusPass, 13.2},
		{1_050_000, model.StatusPass, 105}, // within 10 % tolerance above the maximum
		{1_200_000, model.StatusFail, 120},
	}
	for _, tt := range tests {
		c := Evaluate(req, Measurement{Info: info, Result: bench.Result{Samples: []float64{tt.p99}, Details: details}}, 10)
		if c.Status != tt.want || math.Abs(c.Numeric.RelativePercent-tt.pct) > 1e-9 || c.Numeric.Maximum != 1e6 || c.Numeric.Threshold != 1.1e6 || c.Disk != details {
			t.Errorf("p99 %v: status %s, %v %%, max %v, threshold %v; want %s, %v %%", tt.p99, c.Status, c.Numeric.RelativePercent, c.Numeric.Maximum, c.Numeric.Threshold, tt.want, tt.pct)
		}
	}
}
