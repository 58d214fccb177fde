package profiles

import (
	"strings"
	"testing"
)

func TestMaximumBounds(t *testing.T) {
	tests := []struct {
		name, yaml string
		err        string // substring of the file:line: key: error, "" for none
		max        float64
	}{
		{name: "latency maximum", yaml: "  - metric: Read Latency p99\n    maximum: 2 ms\n", max: 2e6},
		{name: "latency in µs", yaml: "  - metric: Read Latency p99\n    maximum: 500 µs\n", max: 5e5},
		{name: "latency minimum rejected", yaml: "  - metric: Read Latency p99\n    minimum: 2 ms\n",
			err: "p.yaml:5: requirements[0].minimum: Read Latency p99 is lower-is-better: use maximum, not minimum"},
		{name: "throughput maximum rejected", yaml: "  - metric: Seq Write\n    maximum: 950 MiB/s\n",
			err: "p.yaml:5: requirements[0].maximum: Seq Write is higher-is-better: use minimum, not maximum"},
		{name: "IOPS maximum rejected", yaml: "  - metric: Direct Rnd Read Queued\n    maximum: 20 kIOPS\n",
			err: "p.yaml:5: requirements[0].maximum: Direct Rnd Read Queued is higher-is-better"},
		{name: "latency bound missing", yaml: "  - metric: Read Latency p99\n",
			err: "p.yaml:4: requirements[0].maximum: missing (e.g. maximum: 2 ms)"},
		{name: "latency info needs no bound", yaml: "  - metric: Read Latency p99\n    severity: info\n"},
		{name: "latency wrong unit", yaml: "  - metric: Read Latency p99\n    maximum: 2 MiB/s\n",
			err: `p.yaml:5: requirements[0].maximum: "2 MiB/s" for Read Latency p99: want a number and one of ns`},
		{name: "latency negative", yaml: "  - metric: Read Latency p99\n    maximum: -1 ms\n",
			err: `p.yaml:5: requirements[0].maximum: "-1 ms" must be positive`},
		{name: "IOPS minimum", yaml: "  - metric: Direct Rnd Read Queued\n    minimum: 20 kIOPS\n"},
		{name: "IOPS wrong unit", yaml: "  - metric: Direct Rnd Read Queued\n    minimum: 20 MiB/s\n",
			err: "p.yaml:5: requirements[0].minimum: unknown unit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.yaml", []byte("name: p\ndescription: d\nrequirements:\n"+tt.yaml))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Requirements[0].Maximum; got != tt.max {
				t.Errorf("maximum %v, want %v", got, tt.max)
			}
		})
	}
}

func TestMaximumTolerance(t *testing.T) {
	r := Requirement{Maximum: 2e6}
	if got := r.Threshold(10); got != 2.2e6 {
		t.Errorf("threshold %v, want 2.2e6 (max × 1.1)", got)
	}
	for score, want := range map[float64]bool{1e6: true, 2e6: true, 2.2e6: true, 2.21e6: false, 5e6: false} {
		if got := r.Passes(score, 10); got != want {
			t.Errorf("Passes(%v) = %v, want %v", score, got, want)
		}
	}
	m := Requirement{Minimum: 100}
	if !m.Passes(90, 10) || m.Passes(89, 10) || m.Threshold(10) != 90 {
		t.Error("minimum semantics changed")
	}
}

func TestBuiltinProfilesParse(t *testing.T) {
	for _, name := range Builtin() {
		p, err := Load(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, r := range p.Requirements {
			if r.Source == "" {
				t.Errorf("%s: %s has no source", name, r.Metric)
			}
		}
	}
}

func FuzzParseBounds(f *testing.F) {
	f.Add("  - metric: Read Latency p99\n    maximum: 2 ms\n")
	f.Add("  - metric: Seq Write\n    minimum: 950 MiB/s\n    maximum: 1 ms\n")
	f.Add("  - metric: Direct Rnd Read Queued\n    minimum: 1e308 kIOPS\n")
	f.Fuzz(func(t *testing.T, reqs string) {
		p, err := Parse("f.yaml", []byte("name: f\nrequirements:\n"+reqs))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Errorf("error without file: %v", err)
			}
			return
		}
		for _, r := range p.Requirements {
			if r.Minimum < 0 || r.Maximum < 0 || r.Minimum > 0 && r.Maximum > 0 {
				t.Errorf("bad bounds %+v", r)
			}
		}
	})
}
