// Package qualify is hwqual's engine: it prepares --dir (PrepareDisk), runs
// a profile's benchmarks and judges the results; it is the one place where
// measurements meet requirements. Data flows one way: bench measurements +
// profile → Evaluate → a Sink per finished check (the report is built by
// one; a checkpoint writer can be another) → reports.Report, whose verdict
// (Summarize) is computed here, before any renderer sees it.
package qualify

import (
	"errors"
	"strings"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports"
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
func Evaluate(req profiles.Requirement, m Measurement, tolerancePct float64) reports.Check {
	c := reports.Check{
		ID:       req.ID,
		Kind:     reports.KindMetric,
		Category: m.Info.Category,
		Function: m.Info.Name,
		Severity: string(req.Severity),
		Method:   m.Info.Method,
		Notes:    m.Result.Notes,
		Disk:     m.Result.Details,
		Numeric: &reports.Numeric{
			Unit:      m.Info.Kind,
			Minimum:   req.Minimum,
			Maximum:   req.Maximum,
			Threshold: req.Threshold(tolerancePct),
			Samples:   m.Result.Samples,
			Extra:     m.Result.Extra,
		},
	}
	if m.Err != nil || len(m.Result.Samples) == 0 {
		c.Status = reports.StatusNotMeasured
		c.Reason = reason(m.Err)
		return c
	}
	st := bench.Summarize(m.Result.Samples)
	n := c.Numeric
	n.Score = st.Median
	n.Stats = reports.Stats{Min: st.Min, Max: st.Max, Mean: st.Mean, Stddev: st.Stddev, CV: st.CV}
	n.Noisy = st.Noisy()
	if req.Minimum > 0 {
		n.RelativePercent = st.Median / req.Minimum * 100
	}
	if req.Maximum > 0 {
		// Share of the allowed maximum used: below 100 % passes.
		n.RelativePercent = st.Median / req.Maximum * 100
	}
	c.Status = verdict(req.Severity, req.Passes(st.Median, tolerancePct))
	judgeSustained(&c, req) // a score at cache speed is no verdict
	attachFidelity(&c, m.Info.Name)
	return c
}

// attachFidelity marks a row named after a Substrate benchmark with
// whether its fidelity to Substrate's code was measured on this CPU type,
// and notes it where it was not: the score is then hwqual's best mirror
// of Substrate's code, unproven here.
func attachFidelity(c *reports.Check, metric string) {
	f, ok := bench.FidelityFor(metric)
	if !ok {
		return
	}
	c.Fidelity = fidelityReport(f)
	if note := f.Note(); note != "" {
		c.Notes = append(c.Notes, note)
	}
}

func fidelityReport(f bench.SubstrateFidelity) *reports.Fidelity {
	r := &reports.Fidelity{Measured: f.Measured, CPU: f.CPU.String(), MeasuredOn: []reports.FidelityMeasurement{}}
	for _, m := range f.MeasuredOn {
		r.MeasuredOn = append(r.MeasuredOn, reports.FidelityMeasurement{CPU: m.CPUString(), Date: m.Date, Commit: m.Commit, Ratio: m.Ratio})
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
