package reports

// isText tells a check judged on a fact (an inventory rule, a firmware
// verdict) from a measured one: it carries found/required text instead of
// samples and a score.
func (c Check) isText() bool { return c.Kind == KindRule || c.Kind == KindFirmware }

// found is a text check's finding, "" when there is none.
func (c Check) found() string {
	if c.Text == nil {
		return ""
	}
	return c.Text.Found
}

// numeric is the check's numeric part, never nil, so renderers need not
// guard every field.
func (c Check) numeric() Numeric {
	if c.Numeric == nil {
		return Numeric{}
	}
	return *c.Numeric
}
