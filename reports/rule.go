package reports

// isRule tells an inventory-rule check (found vs required) from a
// measured one.
func (c Check) isRule() bool { return c.Required != "" }
