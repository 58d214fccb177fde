package reports

import "github.com/hwqual/hwqual/internal/units"

// isText tells a check judged on a fact (an inventory rule, a firmware
// verdict) from a measured one: it carries Found/Required text instead of
// samples and a score.
func (c Check) isText() bool { return c.Kind == units.Text }
