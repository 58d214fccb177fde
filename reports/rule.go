package reports

// isRule tells an inventory-rule check (found vs required) from a
// measured one.
func (c Check) isRule() bool { return c.Required != "" }

// ruleResultCell is the Result column of a rule row: a rule holds or not,
// so there is no percentage.
func ruleResultCell(c Check) string {
	switch c.Status {
	case StatusPass:
		return "✅ Pass"
	case StatusWarn:
		if c.Found == "unknown" {
			return "❗ Warn (unknown)"
		}
		return "❗ Warn"
	case StatusInfo:
		return "📋 Info"
	default:
		return "❌ Fail"
	}
}
