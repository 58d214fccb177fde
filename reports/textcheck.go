package reports

// textResultCell is the Result column of a check without a numeric score:
// there is no percentage of a minimum to show.
func textResultCell(c Check) string {
	switch c.Status {
	case StatusNotMeasured:
		return "❔ Not measured"
	case StatusInfo:
		return "ℹ️ Info"
	case StatusPass:
		return "✅ Pass"
	case StatusWarn:
		return "⚠️ Warn"
	default:
		return "❌ Fail"
	}
}
