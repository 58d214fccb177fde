package profiles

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hwqual/hwqual/inventory"
)

// Rule is a requirement on an inventory field, written in a profile as
// `rule: cpu.physical_cores >= 8`.
type Rule struct {
	// Text is the rule in canonical form: "FIELD OP VALUE".
	Text  string
	Field *inventory.Field
	Op    string
	// ValueText is the value as written ("64 GB"); Want is it parsed.
	ValueText string
	Want      inventory.Value
}

// Required is the rule's requirement as the report shows it: ">= 64 GB".
func (r *Rule) Required() string { return r.Op + " " + r.ValueText }

var ruleSyntax = regexp.MustCompile(`^\s*([A-Za-z0-9_.]+)\s*(==|!=|>=|<=|>|<)\s*(.*?)\s*$`)

// ParseRule reads "FIELD OP VALUE". Errors name the field and say what
// would have been accepted.
func ParseRule(expr string) (*Rule, error) {
	m := ruleSyntax.FindStringSubmatch(expr)
	if m == nil {
		return nil, fmt.Errorf("%q is not FIELD OP VALUE (e.g. cpu.physical_cores >= 8; operators %s)", expr, strings.Join([]string{"==", "!=", ">=", "<=", ">", "<"}, " "))
	}
	name, op, val := m[1], m[2], m[3]
	f, ok := inventory.LookupField(name)
	if !ok {
		return nil, fmt.Errorf("unknown field %q (known: %s)", name, strings.Join(inventory.FieldNames(), ", "))
	}
	if !fits(op, f.Type.Ops()) {
		return nil, fmt.Errorf("field %s: operator %s does not fit a %s field (use %s)", name, op, f.Type, strings.Join(f.Type.Ops(), " or "))
	}
	if val == "" {
		return nil, fmt.Errorf("field %s: missing value after %s", name, op)
	}
	want, err := f.ParseValue(val)
	if err != nil {
		if errors.Is(err, inventory.ErrUnknownUnit) {
			return nil, fmt.Errorf("field %s: %w", name, err)
		}
		return nil, fmt.Errorf("field %s (%s): %w", name, f.Type, err)
	}
	return &Rule{Text: name + " " + op + " " + val, Field: f, Op: op, ValueText: val, Want: want}, nil
}

func fits(op string, ops []string) bool {
	for _, o := range ops {
		if o == op {
			return true
		}
	}
	return false
}

// finishRule completes a requirement written with `rule:` rather than
// `metric:`; parseRequirement has already read severity and source.
func finishRule(file, at string, r Requirement, rule *yaml.Node) (Requirement, error) {
	k := at + ".rule"
	if r.Metric != "" || r.MinimumText != "" || r.Workers != 0 {
		return r, &Error{File: file, Line: rule.Line, Key: k, Msg: "a rule takes only severity and source (no metric, minimum or workers)"}
	}
	var text string
	if err := scalar(file, k, rule, &text); err != nil {
		return r, err
	}
	parsed, err := ParseRule(text)
	if err != nil {
		return r, &Error{File: file, Line: rule.Line, Key: k, Msg: err.Error()}
	}
	r.Rule = parsed
	// Metric keys duplicate detection: the same rule twice is a mistake.
	r.Metric = parsed.Text
	return r, nil
}
