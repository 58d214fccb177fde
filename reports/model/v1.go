package model

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hwqual/hwqual/internal/checkid"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
)

// Schema version 1 (hwqual before check ids) wrote a check as one flat
// object: its unit in "unit" ("text" for rule and firmware rows), its
// numbers under unit-suffixed keys, found/required and disk "details" next
// to them. readV1 converts such a report to the current model, so reports
// operators already keep can still be read, rendered and compared.

// checkV1 is the unsuffixed part of a version 1 check.
type checkV1 struct {
	Category        string             `json:"category"`
	Function        string             `json:"function"`
	Unit            units.Kind         `json:"unit"`
	Severity        string             `json:"severity"`
	Result          Status             `json:"result"`
	Method          string             `json:"method"`
	CV              float64            `json:"cv"`
	RelativePercent float64            `json:"relative_percent"`
	Noisy           bool               `json:"noisy"`
	Reason          string             `json:"reason"`
	Notes           []string           `json:"notes"`
	Extra           map[string]float64 `json:"extra"`
	Found           string             `json:"found"`
	Required        string             `json:"required"`
	Details         *diskstat.Details  `json:"details"`
}

// v1FirmwareCategory is the category version 1 gave firmware rows.
const v1FirmwareCategory = "Firmware"

func readV1(data []byte) (*Report, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	var rawChecks []json.RawMessage
	if c, ok := raw["checks"]; ok {
		if err := json.Unmarshal(c, &rawChecks); err != nil {
			return nil, fmt.Errorf("checks: %w", err)
		}
	}
	delete(raw, "checks")
	rest, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	var rep Report
	if err := json.Unmarshal(rest, &rep); err != nil {
		return nil, err
	}
	rep.Header = NewHeader(DocQualification)
	for i, rc := range rawChecks {
		c, err := checkFromV1(rc)
		if err != nil {
			return nil, fmt.Errorf("checks[%d]: %w", i, err)
		}
		rep.Checks = append(rep.Checks, c)
	}
	assignV1RuleIDs(rep.Checks)
	return &rep, nil
}

func checkFromV1(data []byte) (Check, error) {
	var v checkV1
	if err := json.Unmarshal(data, &v); err != nil {
		return Check{}, err
	}
	if v.Unit == "" {
		return Check{}, fmt.Errorf("check %q: missing unit", v.Function)
	}
	c := Check{Category: v.Category, Function: v.Function, Severity: v.Severity, Status: v.Result,
		Method: v.Method, Reason: v.Reason, Notes: v.Notes, Disk: v.Details}
	if v.Unit == units.Text {
		c.Text = &Text{Found: v.Found, Required: v.Required}
		if v.Category == v1FirmwareCategory {
			c.Kind = KindFirmware
			// Version 1 kept no serial: the drive's kernel name ("nvme0"),
			// the first word of its row, stands in for it.
			drive := ""
			if v.Result != StatusNotMeasured {
				drive, _, _ = strings.Cut(v.Function, " ")
			}
			c.ID = checkid.Firmware("nvme", drive)
		} else {
			c.Kind = KindRule
			c.ID = checkid.Rule(v.Function, "", "", false) // assignV1RuleIDs disambiguates
		}
		return c, nil
	}
	// A version 1 report does not say which worker count the profile
	// asked for, so a parallel metric's id has no /workers suffix.
	c.Kind, c.ID = KindMetric, checkid.Metric(v.Function, 0)
	n := &Numeric{Unit: v.Unit, RelativePercent: v.RelativePercent, Noisy: v.Noisy, Extra: v.Extra}
	n.Stats.CV = v.CV
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return Check{}, err
	}
	suffix := "_" + string(v.Unit)
	fields := map[string]*float64{"minimum": &n.Minimum, "maximum": &n.Maximum, "threshold": &n.Threshold, "score": &n.Score}
	for name, dst := range n.Stats.unitFields() {
		fields[name] = dst
	}
	if err := readSuffixed(raw, suffix, fields); err != nil {
		return Check{}, fmt.Errorf("check %q: %w", v.Function, err)
	}
	if s, ok := raw["samples"+suffix]; ok {
		if err := json.Unmarshal(s, &n.Samples); err != nil {
			return Check{}, fmt.Errorf("check %q: samples%s: %w", v.Function, suffix, err)
		}
	}
	c.Numeric = n
	return c, nil
}

// assignV1RuleIDs gives rules on a field that several rules share the
// disambiguated id, as the profile parser does for current reports.
func assignV1RuleIDs(checks []Check) {
	count := map[string]int{}
	for _, c := range checks {
		if c.Kind == KindRule {
			count[c.Function]++
		}
	}
	for i, c := range checks {
		if c.Kind != KindRule || count[c.Function] < 2 {
			continue
		}
		op, value := splitRequired(c.Text.Required)
		checks[i].ID = checkid.Rule(c.Function, op, value, true)
	}
}

// splitRequired splits ">= 64 GB" into ">=" and "64 GB".
func splitRequired(req string) (op, value string) {
	op, value, _ = strings.Cut(strings.TrimSpace(req), " ")
	return op, value
}
