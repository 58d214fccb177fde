package profiles

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hwqual/hwqual/internal/units"
)

// parseMaximum finishes a requirement on a lower-is-better metric, or one
// that was given a maximum. A metric takes the bound that matches its
// direction: latency a maximum, throughput and IOPS a minimum; the wrong one
// is an error, since "minimum: 2 ms" would pass the slowest disk.
func parseMaximum(file, at string, n, minNode, maxNode *yaml.Node, kind units.Kind, r Requirement) (Requirement, error) {
	lower := units.LowerIsBetter(kind)
	switch {
	case lower && minNode != nil:
		return r, &Error{File: file, Line: minNode.Line, Key: at + ".minimum", Msg: fmt.Sprintf("%s is lower-is-better: use maximum, not minimum", r.Metric)}
	case !lower && maxNode != nil:
		return r, &Error{File: file, Line: maxNode.Line, Key: at + ".maximum", Msg: fmt.Sprintf("%s is higher-is-better: use minimum, not maximum", r.Metric)}
	case maxNode == nil && r.Severity == SeverityInfo:
		return r, nil
	case maxNode == nil:
		return r, &Error{File: file, Line: n.Line, Key: at + ".maximum", Msg: "missing (e.g. maximum: 2 ms)"}
	}
	v, err := units.Parse(r.MaximumText, kind)
	if err != nil {
		msg := fmt.Sprintf("%q for %s: want a number and one of %s", r.MaximumText, r.Metric, strings.Join(units.UnitNames(kind), ", "))
		return r, &Error{File: file, Line: maxNode.Line, Key: at + ".maximum", Msg: msg}
	}
	if v <= 0 {
		return r, &Error{File: file, Line: maxNode.Line, Key: at + ".maximum", Msg: fmt.Sprintf("%q must be positive", r.MaximumText)}
	}
	r.Maximum = v
	return r, nil
}
