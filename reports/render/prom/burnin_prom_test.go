package prom

import (
	"bytes"
	"testing"

	"github.com/hwqual/hwqual/reports/internal/reportstest"
)

// The burn-in's Prometheus output parses with expfmt, in base units, and
// carries what the report says: verdict, counts, duration, last write.
func TestBurnInPrometheus(t *testing.T) {
	b := reportstest.SampleBurnInTimelines()
	var buf bytes.Buffer
	if err := Text(b)(&buf); err != nil {
		t.Fatal(err)
	}
	mfs := parseProm(t, buf.Bytes())
	value := func(name string, labels map[string]string) float64 {
		t.Helper()
		mf, ok := mfs[name]
		if !ok {
			t.Fatalf("no %s in\n%s", name, buf.String())
		}
	metrics:
		for _, m := range mf.GetMetric() {
			have := map[string]string{}
			for _, l := range m.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if have[k] != v {
					continue metrics
				}
			}
			if m.TimestampMs != nil {
				t.Errorf("%s carries a timestamp", name)
			}
			return m.GetGauge().GetValue()
		}
		t.Fatalf("no %s%v", name, labels)
		return 0
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"hwqual_burnin_verdict", map[string]string{"result": "fail"}, 1},
		{"hwqual_burnin_verdict", map[string]string{"result": "pass"}, 0},
		{"hwqual_burnin_verdict", map[string]string{"result": "incomplete"}, 0},
		{"hwqual_burnin_verification_errors", nil, 2},
		{"hwqual_burnin_findings", map[string]string{"severity": "fail"}, 2},
		{"hwqual_burnin_findings", map[string]string{"severity": "incomplete"}, 1},
		{"hwqual_burnin_findings", map[string]string{"severity": "warn"}, 0},
		{"hwqual_burnin_elapsed_seconds", nil, 60},
		{"hwqual_burnin_requested_seconds", nil, 120},
		{"hwqual_burnin_complete", nil, 0},
		{"hwqual_burnin_checkpoint_timestamp_seconds", nil, float64(b.Updated.Unix())},
		{"hwqual_burnin_temperature_max_celsius", map[string]string{"sensor": "k10temp/Tctl"}, 72},
	} {
		if got := value(c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %g, want %g", c.name, c.labels, got, c.want)
		}
	}
}
