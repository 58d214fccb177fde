// Package qualify is hwqual's engine: it prepares --dir (PrepareDisk), runs
// a profile's benchmarks and judges the results; it is the one place where
// measurements meet requirements. Data flows one way: bench measurements +
// profile → Evaluate → a Sink per finished check (the report is built by
// one; a checkpoint writer can be another) → model.Report, whose verdict
// (Summarize) is computed here, before any renderer sees it.
package qualify

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/checkid"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// Measurement is what running one requirement's module produced.
type Measurement struct {
	Info   bench.Info
	Result bench.Result
	// Err is set when the metric could not be measured; its text is the
	// reason shown to the operator.
	Err error
}

// Evaluate judges one measurement against its requirement.
func Evaluate(req profiles.Requirement, m Measurement, tolerancePct float64) model.Check {
	c := model.Check{
		ID:       req.ID,
		Kind:     model.KindMetric,
		Category: m.Info.Category,
		Function: m.Info.Name,
		Severity: string(req.Severity),
		Method:   m.Info.Method,
		Notes:    m.Result.Notes,
		Disk:     m.Result.Details,
		Numeric: &model.Numeric{
			Unit:      m.Info.Kind,
			Minimum:   req.Minimum,
			Maximum:   req.Maximum,
			Threshold: req.Threshold(tolerancePct),
			Samples:   m.Result.Samples,
			Extra:     m.Result.Extra,
		},
	}
	if m.Err != nil || len(m.Result.Samples) == 0 {
		c.Status = model.StatusNotMeasured
		c.Reason = reason(m.Err)
		recordWorkers(&c, m.Result.Workers)
		return c
	}
	st := bench.Summarize(m.Result.Samples)
	est := m.Result.Estimate()
	n := c.Numeric
	n.Score = est.Score
	n.Estimator = string(bench.EstimatorMedian)
	if m.Result.Estimator != "" {
		n.Estimator = string(m.Result.Estimator)
	}
	if m.Result.Estimator == bench.EstimatorWholeWindow {
		n.SampleSeconds = m.Result.Seconds
	}
	if est.Bounded() {
		n.CILow, n.CIHigh, n.CILevel = est.Low, est.High, est.Level
	}
	n.Stats = model.Stats{Min: st.Min, Max: st.Max, Mean: st.Mean, Stddev: st.Stddev, CV: st.CV}
	n.Noisy = st.Noisy()
	if req.Minimum > 0 {
		n.RelativePercent = est.Score / req.Minimum * 100
	}
	if req.Maximum > 0 {
		// Share of the allowed maximum used: below 100 % passes.
		n.RelativePercent = est.Score / req.Maximum * 100
	}
	c.Status = verdict(req.Severity, req.Passes(est.Score, tolerancePct))
	judgeSustained(&c, req) // a score at cache speed is no verdict
	if why := recordWorkers(&c, m.Result.Workers); why != "" {
		c.Status, c.Reason = model.StatusNotMeasured, why
	}
	// The verdict is the score's, as Substrate's; an interval that holds
	// the threshold marks it marginal, for --strict and for the reader.
	n.Marginal = (c.Status == model.StatusPass || c.Status == model.StatusFail || c.Status == model.StatusWarn) &&
		est.Contains(n.Threshold)
	if n.Marginal {
		c.Notes = append(c.Notes, marginalNote(c.Status, est, n))
	}
	attachFidelity(&c, m.Info.Name)
	return c
}

// recordWorkers copies a parallel metric's workers into the check and
// names the check by the workers that ran (internal/checkid). It returns
// the not-measured reason when fewer ran than were asked for: the
// requirement is a figure per worker at that parallelism, and a run on
// fewer workers measures a smaller machine. The score stays in the check
// for the record; the verdict is not a pass. Any severity: an info row on
// fewer workers does not pretend either.
func recordWorkers(c *model.Check, w *bench.Workers) string {
	if w == nil {
		return ""
	}
	n := c.Numeric
	n.Workers, n.WorkersRequested, n.CPUs = w.Ran, w.Requested, w.CPUs
	c.ID = checkid.Metric(c.Function, w.Ran)
	if w.Ran >= w.Requested {
		return ""
	}
	return fmt.Sprintf("needs %d workers, this machine has %d (logical CPUs hwqual may use); measurable on a machine with at least %d, or with a profile asking for %d workers",
		w.Requested, w.Ran, w.Requested, w.Ran)
}

// marginalNote says in words why a verdict is marginal.
func marginalNote(st model.Status, est bench.Estimate, n *model.Numeric) string {
	return fmt.Sprintf("marginal %s: the 95%% interval %s–%s contains the threshold %s; another run could land on the other side (--strict counts a marginal pass as a failure)",
		st, units.Format(est.Low, n.Unit), units.Format(est.High, n.Unit), units.Format(n.Threshold, n.Unit))
}

// attachFidelity marks a row named after a Substrate benchmark with
// whether its fidelity to Substrate's code was measured on this CPU type,
// and notes it where it was not: the score is then hwqual's best mirror
// of Substrate's code, unproven here.
func attachFidelity(c *model.Check, metric string) {
	f, ok := bench.FidelityFor(metric)
	if !ok {
		return
	}
	c.Fidelity = fidelityReport(f)
	if note := f.Note(); note != "" {
		c.Notes = append(c.Notes, note)
	}
}

func fidelityReport(f bench.SubstrateFidelity) *model.Fidelity {
	r := &model.Fidelity{Measured: f.Measured, CPU: f.CPU.String(), MeasuredOn: []model.FidelityMeasurement{}}
	for _, m := range f.MeasuredOn {
		r.MeasuredOn = append(r.MeasuredOn, model.FidelityMeasurement{CPU: m.CPUString(), Date: m.Date, Commit: m.Commit, Ratio: m.Ratio})
	}
	return r
}

// reason turns a module error into the operator-facing reason, without the
// "not measured:" prefix the table already shows.
func reason(err error) string {
	if err == nil {
		return "no samples were taken"
	}
	msg := err.Error()
	if errors.Is(err, bench.ErrNotMeasured) {
		msg = strings.TrimPrefix(msg, bench.ErrNotMeasured.Error()+": ")
	}
	return msg
}
