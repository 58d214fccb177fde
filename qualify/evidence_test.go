package qualify

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// TestEvaluateWorkers: a parallel row is named by the workers that ran and
// records both counts and the CPU set; fewer workers than asked is not
// measured, whatever the score and severity, with the score kept beside.
func TestEvaluateWorkers(t *testing.T) {
	par := bench.Info{Name: "BLAKE2-256-Parallel", Category: "CPU", Kind: units.BytesPerSecond, Parallel: true}
	req := profiles.Requirement{ID: "metric:BLAKE2-256-Parallel/8", Metric: par.Name, Workers: 8, Minimum: 1000, Severity: profiles.SeverityFail}
	infoReq := req
	infoReq.Severity = profiles.SeverityInfo
	for _, tt := range []struct {
		name   string
		req    profiles.Requirement
		w      bench.Workers
		want   model.Status
		id     string
		reason string
	}{
		{"all workers ran", req, bench.Workers{Requested: 8, Ran: 8, CPUs: []int{0, 1, 2, 3, 4, 5, 6, 7}}, model.StatusPass, "metric:BLAKE2-256-Parallel/8", ""},
		{"fewer workers", req, bench.Workers{Requested: 8, Ran: 2, CPUs: []int{0, 1}}, model.StatusNotMeasured, "metric:BLAKE2-256-Parallel/2", "needs 8 workers, this machine has 2"},
		{"fewer workers, info row", infoReq, bench.Workers{Requested: 8, Ran: 2}, model.StatusNotMeasured, "metric:BLAKE2-256-Parallel/2", "needs 8 workers, this machine has 2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w
			c := Evaluate(tt.req, Measurement{Info: par, Result: bench.Result{Samples: []float64{2000, 2100, 1900}, Workers: &w}}, 10)
			if c.Status != tt.want || c.ID != tt.id || !strings.HasPrefix(c.Reason, tt.reason) {
				t.Errorf("got %s %s %q, want %s %s %q", c.Status, c.ID, c.Reason, tt.want, tt.id, tt.reason)
			}
			n := c.Numeric
			if n.Workers != tt.w.Ran || n.WorkersRequested != tt.w.Requested || !slices.Equal(n.CPUs, tt.w.CPUs) {
				t.Errorf("numeric workers %d/%d cpus %v, want %+v", n.Workers, n.WorkersRequested, n.CPUs, tt.w)
			}
			if n.Score != 2000 {
				t.Errorf("score %v: the measured figure is kept for the record", n.Score)
			}
		})
	}
	// The verdict: a required row on fewer workers fails the run.
	c := Evaluate(req, Measurement{Info: par, Result: bench.Result{Samples: []float64{2000}, Workers: &bench.Workers{Requested: 8, Ran: 2}}}, 10)
	if s := Summarize([]model.Check{c}); s.Pass {
		t.Errorf("summary %+v passes a required row run on 2 of 8 workers", s)
	}
}

// TestValidatorParallelRowOnThisMachine runs the validator's
// BLAKE2-256-Parallel requirement for real: on a machine with fewer than 8
// CPUs it is not measured, named by the workers that ran, never a pass.
func TestValidatorParallelRowOnThisMachine(t *testing.T) {
	p, err := profiles.Load("validator")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(p.Requirements, func(r profiles.Requirement) bool { return r.Metric == "BLAKE2-256-Parallel" })
	q := *p
	q.Requirements = p.Requirements[i : i+1]
	rep := Run(context.Background(), Options{Profile: &q, Plan: bench.Plan{Warmup: time.Millisecond, MinSamples: 2, SampleTime: time.Millisecond}})
	c := rep.Checks[0]
	n := c.Numeric
	if n.Workers < 1 || n.WorkersRequested != 8 || len(n.CPUs) != n.Workers {
		t.Fatalf("workers %d of %d on %v", n.Workers, n.WorkersRequested, n.CPUs)
	}
	if runtime.NumCPU() >= 8 {
		t.Skipf("%d CPUs: the row is measured here", runtime.NumCPU())
	}
	if c.Status != model.StatusNotMeasured || rep.Summary.Pass || !strings.Contains(c.Reason, "needs 8 workers, this machine has") {
		t.Errorf("%s: %s %q, summary pass %v", c.ID, c.Status, c.Reason, rep.Summary.Pass)
	}
}

func TestEvidenceUnknown(t *testing.T) {
	for _, tt := range []struct {
		ev   Evidence
		sev  profiles.Severity
		want model.Status
	}{
		{Evidence{}, profiles.SeverityFail, model.StatusNotMeasured},
		{Evidence{AcceptUnknown: true}, profiles.SeverityFail, model.StatusWarn},
		{Evidence{}, profiles.SeverityWarn, model.StatusWarn},
		{Evidence{}, profiles.SeverityInfo, model.StatusInfo},
		{Evidence{AcceptUnknown: true}, profiles.SeverityInfo, model.StatusInfo},
	} {
		if got := tt.ev.Unknown(tt.sev); got != tt.want {
			t.Errorf("%+v %s: %s, want %s", tt.ev, tt.sev, got, tt.want)
		}
	}
}
