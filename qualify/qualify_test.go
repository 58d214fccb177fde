package qualify

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

var info = bench.Info{Name: "Copy", Category: "Memory", Kind: units.BytesPerSecond}

func TestEvaluateVerdicts(t *testing.T) {
	req := profiles.Requirement{Metric: "Copy", Minimum: 1000, Severity: profiles.SeverityFail}
	warn := req
	warn.Severity = profiles.SeverityWarn
	infoReq := profiles.Requirement{Metric: "Copy", Severity: profiles.SeverityInfo}
	tests := []struct {
		name    string
		req     profiles.Requirement
		samples []float64
		err     error
		tol     float64
		want    model.Status
		rel     float64
	}{
		{"above minimum", req, []float64{1200, 1100, 1300}, nil, 10, model.StatusPass, 120},
		{"within tolerance", req, []float64{910, 900, 905}, nil, 10, model.StatusPass, 90.5},
		{"below tolerance", req, []float64{890, 880, 899}, nil, 10, model.StatusFail, 89},
		{"no tolerance", req, []float64{999}, nil, 0, model.StatusFail, 99.9},
		{"median decides, not max", req, []float64{500, 2000, 600}, nil, 10, model.StatusFail, 60},
		{"warn severity", warn, []float64{100}, nil, 10, model.StatusWarn, 10},
		{"info is never judged", infoReq, []float64{100}, nil, 10, model.StatusInfo, 0},
		{"error", req, nil, bench.NotMeasured("fs refused O_DIRECT"), 10, model.StatusNotMeasured, 0},
		{"no samples", req, nil, nil, 10, model.StatusNotMeasured, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Evaluate(tt.req, Measurement{Info: info, Result: bench.Result{Samples: tt.samples}, Err: tt.err}, tt.tol)
			if c.Status != tt.want {
				t.Errorf("status = %s, want %s", c.Status, tt.want)
			}
			if diff := c.Numeric.RelativePercent - tt.rel; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("relative = %v, want %v", c.Numeric.RelativePercent, tt.rel)
			}
			if tt.err != nil && c.Reason != "fs refused O_DIRECT" {
				t.Errorf("reason = %q", c.Reason)
			}
			if c.Status == model.StatusNotMeasured && c.Reason == "" {
				t.Error("not measured without a reason")
			}
		})
	}
}

func TestRunMeasuresProfileInOrder(t *testing.T) {
	p, err := profiles.Parse("t.yaml", []byte(`name: t
requirements:
  - metric: Rnd Write
    minimum: 1 KiB/s
  - metric: BLAKE2-256
    minimum: 1 KiB/s
`))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var events []string
	rep := Run(context.Background(), Options{
		Profile: p, Dir: dir, TolerancePct: 10, Scratch: scratch.New(), Version: "test",
		Plan:     bench.Plan{Warmup: time.Millisecond, MinSamples: 2, SampleTime: time.Millisecond},
		Progress: func(pr Progress) { events = append(events, pr.Info.Name) },
	})
	if len(rep.Checks) != 2 || rep.Checks[0].Function != "Rnd Write" || rep.Checks[1].Function != "BLAKE2-256" {
		t.Fatalf("checks = %+v", rep.Checks)
	}
	if !rep.Summary.Pass || rep.Summary.Passed != 2 || rep.Interrupted {
		t.Errorf("summary = %+v, interrupted %v", rep.Summary, rep.Interrupted)
	}
	if rep.Dir != dir || rep.Profile.SHA256 != p.SHA256 || rep.Tool.Version != "test" || rep.Host == "" {
		t.Errorf("report header = %+v", rep)
	}
	if strings.Join(events, ",") != "Rnd Write,Rnd Write,BLAKE2-256,BLAKE2-256" {
		t.Errorf("progress events = %v", events)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %d files", len(entries))
	}
}

func TestRunInterruptedMarksTheRest(t *testing.T) {
	p, _ := profiles.Load("validator")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep := Run(ctx, Options{Profile: p, Dir: t.TempDir(), Scratch: scratch.New(), Plan: bench.DefaultPlan()})
	if !rep.Interrupted || rep.Summary.Pass {
		t.Fatalf("interrupted run: %+v", rep.Summary)
	}
	for _, c := range rep.Checks {
		if c.Kind != model.KindMetric {
			continue // rules and firmware rows read files; they are not benchmarks to interrupt
		}
		if c.Status != model.StatusNotMeasured || !strings.Contains(c.Reason, "interrupted") {
			t.Errorf("%s: %s %q", c.Function, c.Status, c.Reason)
		}
	}
}

func TestCheckDir(t *testing.T) {
	reg := scratch.New()
	dir := t.TempDir()
	if err := CheckDir(dir, reg); err != nil {
		t.Fatalf("usable dir: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("probe left %d files", len(entries))
	}
	file := dir + "/plain"
	os.WriteFile(file, nil, 0o600)
	for _, bad := range []string{dir + "/missing", file, "/proc"} {
		if err := CheckDir(bad, reg); !errors.Is(err, ErrBadDir) {
			t.Errorf("CheckDir(%s) = %v, want ErrBadDir", bad, err)
		}
	}
}

func TestNeedsDir(t *testing.T) {
	cpu, _ := profiles.Parse("c.yaml", []byte("name: c\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n"))
	val, _ := profiles.Load("validator")
	if NeedsDir(cpu) || !NeedsDir(val) {
		t.Errorf("NeedsDir: cpu %v validator %v", NeedsDir(cpu), NeedsDir(val))
	}
}

// TestEvaluateFidelity: a Substrate-named row carries whether its fidelity
// was measured on this CPU type, with the note where it was not; other
// rows carry nothing.
func TestEvaluateFidelity(t *testing.T) {
	req := profiles.Requirement{Metric: "Copy", Severity: profiles.SeverityInfo}
	c := Evaluate(req, Measurement{Info: info, Result: bench.Result{Samples: []float64{1}}}, 0)
	if c.Fidelity == nil || c.Fidelity.CPU == "" {
		t.Fatalf("Copy row: fidelity %+v", c.Fidelity)
	}
	noted := slices.ContainsFunc(c.Notes, func(n string) bool {
		return strings.HasPrefix(n, "fidelity to Substrate's code not yet measured on this CPU")
	})
	if noted == c.Fidelity.Measured {
		t.Errorf("measured %t but notes %q", c.Fidelity.Measured, c.Notes)
	}
	own := bench.Info{Name: "Copy-Parallel", Category: "Memory", Kind: units.BytesPerSecond}
	if c := Evaluate(profiles.Requirement{Metric: "Copy-Parallel", Severity: profiles.SeverityInfo}, Measurement{Info: own, Result: bench.Result{Samples: []float64{1}}}, 0); c.Fidelity != nil {
		t.Errorf("Copy-Parallel (hwqual's own row) carries fidelity %+v", c.Fidelity)
	}
}
