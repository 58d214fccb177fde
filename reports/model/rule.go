package model

// Severities a profile gives a requirement (profiles.Severity), as a
// check's Severity carries them.
const (
	// SeverityFail makes a missed requirement fail the run.
	SeverityFail = "fail"
	// SeverityWarn reports a missed requirement without failing the run.
	SeverityWarn = "warn"
	// SeverityInfo measures a metric for the record without judging it.
	SeverityInfo = "info"
)

// IsText tells a check judged on a fact (an inventory rule, a firmware
// verdict) from a measured one: it carries found/required text instead of
// samples and a score.
func (c Check) IsText() bool { return c.Kind == KindRule || c.Kind == KindFirmware }

// Found is a text check's finding, "" when there is none.
func (c Check) Found() string {
	if c.Text == nil {
		return ""
	}
	return c.Text.Found
}

// NumericOrZero is the check's numeric part, never nil, so renderers need
// not guard every field.
func (c Check) NumericOrZero() Numeric {
	if c.Numeric == nil {
		return Numeric{}
	}
	return *c.Numeric
}

// Blocking reports a check that stands between the machine and a pass:
// it failed, or it is required and could not be measured.
func (c Check) Blocking() bool {
	return c.Status == StatusFail || (c.Status == StatusNotMeasured && c.Severity == SeverityFail)
}

// Judged reports a measured check whose score was held against a bound,
// not one recorded for information or left unmeasured.
func (c Check) Judged() bool {
	return c.Numeric != nil && c.Status != StatusNotMeasured && c.Status != StatusInfo && c.Severity != SeverityInfo
}
