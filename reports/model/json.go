package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/hwqual/hwqual/internal/checkid"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
)

// EncodeJSON writes any hwqual document as indented JSON, the one JSON
// style every command shares.
func EncodeJSON(w io.Writer, doc any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// ErrNewerSchema marks a document written by a newer hwqual.
var ErrNewerSchema = errors.New("written by a newer hwqual")

// ReadHeader reads the schema_version and kind a JSON document opens with.
// A version 1 report has no kind; it reads as DocQualification.
func ReadHeader(data []byte) (Header, error) {
	var h Header
	if err := json.Unmarshal(data, &h); err != nil {
		return h, fmt.Errorf("not a hwqual JSON document: %w", err)
	}
	if h.SchemaVersion == 1 && h.Kind == "" {
		h.Kind = DocQualification
	}
	switch {
	case h.SchemaVersion > SchemaVersion:
		return h, fmt.Errorf("schema_version %d: %w (this one reads up to %d); upgrade hwqual", h.SchemaVersion, ErrNewerSchema, SchemaVersion)
	case h.SchemaVersion < 1:
		return h, fmt.Errorf("schema_version %d: not a hwqual JSON document", h.SchemaVersion)
	}
	return h, nil
}

// ReadJSON parses a qualification report written by EncodeJSON, of this
// schema version or of version 1 (converted to the current model; see
// v1.go). Any failure is one line naming what is wrong.
func ReadJSON(r io.Reader) (*Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read JSON report: %w", err)
	}
	h, err := ReadHeader(data)
	if err != nil {
		return nil, fmt.Errorf("read JSON report: %w", err)
	}
	if h.Kind != DocQualification {
		return nil, fmt.Errorf("read JSON report: kind %q is not a qualification report", h.Kind)
	}
	if h.SchemaVersion == 1 {
		rep, err := readV1(data)
		if err != nil {
			return nil, fmt.Errorf("read JSON report (schema_version 1): %w", err)
		}
		legacyWorkers(rep)
		return rep, nil
	}
	var rep Report
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&rep); err != nil {
		return nil, fmt.Errorf("read JSON report: %w", err)
	}
	legacyWorkers(&rep)
	return &rep, nil
}

// legacyParallel are the parallel metrics of the reports written before
// the workers field: the only rows whose extra.workers counts workers.
var legacyParallel = map[string]bool{"BLAKE2-256-Parallel": true, "Copy-Parallel": true}

// legacyWorkers reads the workers of a parallel row written before the
// numeric part had a workers field: those reports kept the count that ran
// in extra.workers, under an id naming the count the profile asked for (or
// none). The row gets the id it would have today, the workers that ran, so
// `report compare` never lines an old 2-worker run up against 8-worker
// runs; the asked count comes from the old id, 0 (unknown) when it named
// none. A row without extra.workers keeps its id: its workers are unknown.
// The old verdict stands as written; renderers do not judge.
func legacyWorkers(rep *Report) {
	for i := range rep.Checks {
		c := &rep.Checks[i]
		n := c.Numeric
		if c.Kind != KindMetric || n == nil || n.Workers != 0 || !legacyParallel[c.Function] {
			continue
		}
		ran := int(n.Extra["workers"])
		if ran < 1 {
			continue
		}
		n.Workers = ran
		if fn, asked, ok := checkid.MetricWorkers(c.ID); ok {
			n.WorkersRequested = asked
			c.ID = checkid.Metric(fn, ran)
		}
	}
}

// checkJSON is the wire form of a Check: common fields, then the one part
// its kind carries.
type checkJSON struct {
	ID       string            `json:"id"`
	Kind     CheckKind         `json:"kind"`
	Category string            `json:"category"`
	Function string            `json:"function"`
	Severity string            `json:"severity"`
	Result   Status            `json:"result"`
	Method   string            `json:"method,omitempty"`
	Reason   string            `json:"reason,omitempty"`
	Notes    []string          `json:"notes,omitempty"`
	Numeric  *Numeric          `json:"numeric,omitempty"`
	Text     *Text             `json:"text,omitempty"`
	Disk     *diskstat.Details `json:"disk,omitempty"`
	Fidelity *Fidelity         `json:"fidelity,omitempty"`
}

// MarshalJSON writes the check in its wire form.
func (c Check) MarshalJSON() ([]byte, error) {
	return json.Marshal(checkJSON{
		ID: c.ID, Kind: c.Kind, Category: c.Category, Function: c.Function, Severity: c.Severity,
		Result: c.Status, Method: c.Method, Reason: c.Reason, Notes: c.Notes,
		Numeric: c.Numeric, Text: c.Text, Disk: c.Disk, Fidelity: c.Fidelity,
	})
}

// UnmarshalJSON reads a check written by MarshalJSON and refuses one whose
// kind and parts disagree, so renderers can rely on them.
func (c *Check) UnmarshalJSON(data []byte) error {
	var cj checkJSON
	if err := json.Unmarshal(data, &cj); err != nil {
		return err
	}
	if cj.ID == "" {
		return fmt.Errorf("check %q: missing id", cj.Function)
	}
	switch cj.Kind {
	case KindMetric:
		if cj.Numeric == nil {
			return fmt.Errorf("check %s: kind metric without numeric", cj.ID)
		}
	case KindRule, KindFirmware:
		if cj.Text == nil {
			cj.Text = &Text{}
		}
	default:
		return fmt.Errorf("check %s: kind %q (want metric, rule or firmware)", cj.ID, cj.Kind)
	}
	*c = Check{
		ID: cj.ID, Kind: cj.Kind, Category: cj.Category, Function: cj.Function, Severity: cj.Severity,
		Status: cj.Result, Method: cj.Method, Reason: cj.Reason, Notes: cj.Notes,
		Numeric: cj.Numeric, Text: cj.Text, Disk: cj.Disk, Fidelity: cj.Fidelity,
	}
	return nil
}

// Values carry their unit in the key (score_bytes_per_second), as in every
// hwqual JSON document; numericJSON holds the keys without one.
type numericJSON struct {
	Unit            units.Kind         `json:"unit"`
	SampleCount     int                `json:"sample_count"`
	Estimator       string             `json:"estimator,omitempty"`
	SampleSeconds   []float64          `json:"sample_seconds,omitempty"`
	CILevel         float64            `json:"ci_level,omitempty"`
	Marginal        bool               `json:"marginal,omitempty"`
	RelativePercent float64            `json:"relative_percent"`
	Noisy           bool               `json:"noisy"`
	Extra           map[string]float64 `json:"extra,omitempty"`
	// Parallel metrics only: workers that ran, workers asked for, and the
	// CPUs they were pinned to.
	Workers          int   `json:"workers,omitempty"`
	WorkersRequested int   `json:"workers_requested,omitempty"`
	CPUs             []int `json:"cpus,omitempty"`
}

// bounds are the Numeric values whose key ends in the unit, written only
// when set (a minimum-bounded metric has no maximum and vice versa).
func (n *Numeric) bounds() map[string]*float64 {
	return map[string]*float64{"minimum": &n.Minimum, "maximum": &n.Maximum, "threshold": &n.Threshold}
}

func (s *Stats) unitFields() map[string]*float64 {
	return map[string]*float64{"min": &s.Min, "max": &s.Max, "mean": &s.Mean, "stddev": &s.Stddev}
}

// MarshalJSON writes the numeric part with unit-suffixed keys.
func (n Numeric) MarshalJSON() ([]byte, error) {
	base, err := json.Marshal(numericJSON{Unit: n.Unit, SampleCount: len(n.Samples), Estimator: n.Estimator, SampleSeconds: n.SampleSeconds,
		CILevel: n.CILevel, Marginal: n.Marginal, RelativePercent: n.RelativePercent, Noisy: n.Noisy, Extra: n.Extra,
		Workers: n.Workers, WorkersRequested: n.WorkersRequested, CPUs: n.CPUs})
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(base, &m); err != nil {
		return nil, err
	}
	suffix := "_" + string(n.Unit)
	for name, v := range n.bounds() {
		if *v != 0 {
			m[name+suffix] = *v
		}
	}
	m["score"+suffix] = n.Score
	if n.CILevel > 0 {
		m["ci_low"+suffix], m["ci_high"+suffix] = n.CILow, n.CIHigh
	}
	samples := n.Samples
	if samples == nil {
		samples = []float64{}
	}
	m["samples"+suffix] = samples
	stats := map[string]any{"cv": n.Stats.CV}
	for name, v := range n.Stats.unitFields() {
		stats[name+suffix] = *v
	}
	m["stats"] = stats
	return json.Marshal(m)
}

// UnmarshalJSON reads a numeric part written by MarshalJSON.
func (n *Numeric) UnmarshalJSON(data []byte) error {
	var nj numericJSON
	if err := json.Unmarshal(data, &nj); err != nil {
		return err
	}
	if nj.Unit == "" {
		return errors.New("numeric part without unit")
	}
	*n = Numeric{Unit: nj.Unit, Estimator: nj.Estimator, SampleSeconds: nj.SampleSeconds, CILevel: nj.CILevel, Marginal: nj.Marginal,
		RelativePercent: nj.RelativePercent, Noisy: nj.Noisy, Extra: nj.Extra,
		Workers: nj.Workers, WorkersRequested: nj.WorkersRequested, CPUs: nj.CPUs}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	suffix := "_" + string(nj.Unit)
	fields := n.bounds()
	fields["score"] = &n.Score
	fields["ci_low"], fields["ci_high"] = &n.CILow, &n.CIHigh
	if err := readSuffixed(raw, suffix, fields); err != nil {
		return err
	}
	if v, ok := raw["samples"+suffix]; ok {
		if err := json.Unmarshal(v, &n.Samples); err != nil {
			return fmt.Errorf("samples%s: %w", suffix, err)
		}
	}
	if v, ok := raw["stats"]; ok {
		var st map[string]json.RawMessage
		if err := json.Unmarshal(v, &st); err != nil {
			return fmt.Errorf("stats: %w", err)
		}
		fields := n.Stats.unitFields()
		if err := readSuffixed(st, suffix, fields); err != nil {
			return fmt.Errorf("stats: %w", err)
		}
		if err := readSuffixed(st, "", map[string]*float64{"cv": &n.Stats.CV}); err != nil {
			return fmt.Errorf("stats: %w", err)
		}
	}
	return nil
}

// readSuffixed fills each field from the key name+suffix, when present.
func readSuffixed(raw map[string]json.RawMessage, suffix string, fields map[string]*float64) error {
	for name, dst := range fields {
		if v, ok := raw[name+suffix]; ok {
			if err := json.Unmarshal(v, dst); err != nil {
				return fmt.Errorf("%s%s: %w", name, suffix, err)
			}
		}
	}
	return nil
}
