package reports

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
)

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// ReadJSON parses a report written by WriteJSON.
func ReadJSON(r io.Reader) (*Report, error) {
	var rep Report
	if err := json.NewDecoder(r).Decode(&rep); err != nil {
		return nil, fmt.Errorf("read JSON report: %w", err)
	}
	if rep.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("read JSON report: schema_version %d, this hwqual reads %d", rep.SchemaVersion, SchemaVersion)
	}
	return &rep, nil
}

// checkJSON is the wire form of a Check. Values carry their unit in the key
// (score_bytes_per_second), which MarshalJSON fills from the check's Kind.
type checkJSON struct {
	Category        string             `json:"category"`
	Function        string             `json:"function"`
	Unit            units.Kind         `json:"unit"`
	Severity        string             `json:"severity"`
	Result          Status             `json:"result"`
	Method          string             `json:"method,omitempty"`
	SampleCount     int                `json:"sample_count"`
	CV              float64            `json:"cv"`
	RelativePercent float64            `json:"relative_percent"`
	Noisy           bool               `json:"noisy"`
	Reason          string             `json:"reason,omitempty"`
	Notes           []string           `json:"notes,omitempty"`
	Extra           map[string]float64 `json:"extra,omitempty"`
	Found           string             `json:"found,omitempty"`
	Required        string             `json:"required,omitempty"`
	Details         *diskstat.Details  `json:"details,omitempty"`
}

// unitFields are the Check values whose JSON key ends in the unit.
func (c *Check) unitFields() map[string]*float64 {
	return map[string]*float64{
		"minimum": &c.Minimum, "threshold": &c.Threshold, "score": &c.Score,
		"min": &c.Min, "max": &c.Max, "mean": &c.Mean, "stddev": &c.Stddev,
	}
}

// MarshalJSON writes the check with unit-suffixed keys.
func (c Check) MarshalJSON() ([]byte, error) {
	base, err := json.Marshal(checkJSON{
		Category: c.Category, Function: c.Function, Unit: c.Kind, Severity: c.Severity,
		Result: c.Status, Method: c.Method, SampleCount: len(c.Samples), CV: c.CV,
		RelativePercent: c.RelativePercent, Noisy: c.Noisy, Reason: c.Reason, Notes: c.Notes, Extra: c.Extra,
		Found: c.Found, Required: c.Required, Details: c.Details,
	})
	if err != nil || c.isText() {
		return base, err // a text check has no unit-suffixed numbers
	}
	m := map[string]any{}
	if err := json.Unmarshal(base, &m); err != nil {
		return nil, err
	}
	for name, v := range c.unitFields() {
		m[name+"_"+string(c.Kind)] = *v
	}
	if c.Maximum != 0 {
		m["maximum_"+string(c.Kind)] = c.Maximum
	}
	samples := c.Samples
	if samples == nil {
		samples = []float64{}
	}
	m["samples_"+string(c.Kind)] = samples
	return json.Marshal(m)
}

// UnmarshalJSON reads a check written by MarshalJSON.
func (c *Check) UnmarshalJSON(data []byte) error {
	var cj checkJSON
	if err := json.Unmarshal(data, &cj); err != nil {
		return err
	}
	if cj.Unit == "" {
		return fmt.Errorf("check %q: missing unit", cj.Function)
	}
	*c = Check{
		Category: cj.Category, Function: cj.Function, Kind: cj.Unit, Severity: cj.Severity,
		Status: cj.Result, Method: cj.Method, CV: cj.CV, RelativePercent: cj.RelativePercent,
		Noisy: cj.Noisy, Reason: cj.Reason, Notes: cj.Notes, Extra: cj.Extra,
		Found: cj.Found, Required: cj.Required, Details: cj.Details,
	}
	if c.isText() {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	suffix := "_" + string(cj.Unit)
	for name, dst := range c.unitFields() {
		if v, ok := raw[name+suffix]; ok {
			if err := json.Unmarshal(v, dst); err != nil {
				return fmt.Errorf("check %q: %s%s: %w", cj.Function, name, suffix, err)
			}
		}
	}
	if v, ok := raw["maximum"+suffix]; ok {
		if err := json.Unmarshal(v, &c.Maximum); err != nil {
			return fmt.Errorf("check %q: maximum%s: %w", cj.Function, suffix, err)
		}
	}
	if v, ok := raw["samples"+suffix]; ok {
		if err := json.Unmarshal(v, &c.Samples); err != nil {
			return fmt.Errorf("check %q: samples%s: %w", cj.Function, suffix, err)
		}
	}
	return nil
}
