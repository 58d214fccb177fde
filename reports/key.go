package reports

import (
	"github.com/hwqual/hwqual/internal/units"
)

// checkKey is the identity compare, fleet and Prometheus key a check on:
// the same on every run and machine. It is the one place that derives it, so
// switching to a stored check id changes nothing else.
func checkKey(c Check) string {
	switch {
	case c.Kind != units.Text:
		return "metric:" + c.Function
	case c.Category == "Firmware":
		return "firmware:" + c.Function
	default:
		return "rule:" + c.Function
	}
}
