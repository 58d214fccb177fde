package profiles

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hwqual/hwqual/internal/checkid"
	"github.com/hwqual/hwqual/internal/metricnames"
	"github.com/hwqual/hwqual/internal/units"
)

// Error is a problem in a profile file, located by file, line and key.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	if e.Key != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// Parse reads and validates a profile. file names the source in errors.
func Parse(file string, data []byte) (*Profile, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, &Error{File: file, Msg: "empty profile"}
	}
	p := &Profile{Origin: file, SHA256: digest(data)}
	if err := parseTop(file, doc.Content[0], p); err != nil {
		return nil, err
	}
	return p, nil
}

func syntaxError(file string, err error) error {
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	return &Error{File: file, Line: line, Msg: "YAML syntax: " + msg}
}

func parseTop(file string, n *yaml.Node, p *Profile) error {
	if n.Kind != yaml.MappingNode {
		return &Error{File: file, Line: n.Line, Msg: "a profile must be a mapping with name, description and requirements"}
	}
	var reqs *yaml.Node
	err := eachKey(file, n, func(key string, v *yaml.Node) error {
		switch key {
		case "name":
			return scalar(file, key, v, &p.Name)
		case "description":
			return scalar(file, key, v, &p.Description)
		case "source":
			return scalar(file, key, v, &p.Source)
		case "requirements":
			reqs = v
			return nil
		}
		return &Error{File: file, Line: v.Line, Key: key, Msg: "unknown key (want name, description, source, requirements)"}
	})
	if err != nil {
		return err
	}
	if p.Name == "" {
		return &Error{File: file, Line: n.Line, Key: "name", Msg: "missing"}
	}
	if reqs == nil || reqs.Kind != yaml.SequenceNode || len(reqs.Content) == 0 {
		line := n.Line
		if reqs != nil {
			line = reqs.Line
		}
		return &Error{File: file, Line: line, Key: "requirements", Msg: "must be a non-empty list"}
	}
	seen := map[string]int{}
	for i, rn := range reqs.Content {
		r, err := parseRequirement(file, fmt.Sprintf("requirements[%d]", i), rn)
		if err != nil {
			return err
		}
		key := r.Metric
		if r.Kind == KindFirmware {
			key = "firmware: " + r.Firmware
		}
		if prev, dup := seen[key]; dup {
			return &Error{File: file, Line: r.Line, Key: fmt.Sprintf("requirements[%d].metric", i), Msg: fmt.Sprintf("%s already required at line %d", key, prev)}
		}
		seen[key] = r.Line
		p.Requirements = append(p.Requirements, r)
	}
	assignIDs(p.Requirements)
	return nil
}

// assignIDs gives every requirement its check id. A rule's id is its field
// unless the profile has several rules on that field; then each carries
// its operator and value, so ids stay unique and stable.
func assignIDs(reqs []Requirement) {
	rulesOn := map[string]int{}
	for _, r := range reqs {
		if r.Kind == KindRule {
			rulesOn[r.Rule.Field.Name]++
		}
	}
	for i, r := range reqs {
		switch r.Kind {
		case KindMetric:
			reqs[i].ID = checkid.Metric(r.Metric, r.Workers)
		case KindRule:
			reqs[i].ID = checkid.Rule(r.Rule.Field.Name, r.Rule.Op, r.Rule.ValueText, rulesOn[r.Rule.Field.Name] > 1)
		case KindFirmware:
			reqs[i].ID = checkid.Firmware(r.Firmware, "")
		}
	}
}

func parseRequirement(file, at string, n *yaml.Node) (Requirement, error) {
	r := Requirement{Line: n.Line, Severity: SeverityFail}
	if n.Kind != yaml.MappingNode {
		return r, &Error{File: file, Line: n.Line, Key: at, Msg: "must be a mapping with metric and minimum"}
	}
	var minNode, maxNode *yaml.Node
	var workersNode *yaml.Node
	var ruleNode *yaml.Node
	var proofNode, proofSourceNode *yaml.Node
	err := eachKey(file, n, func(key string, v *yaml.Node) error {
		k := at + "." + key
		switch key {
		case "metric":
			return scalar(file, k, v, &r.Metric)
		case "minimum":
			minNode = v
			return scalar(file, k, v, &r.MinimumText)
		case "maximum":
			maxNode = v
			return scalar(file, k, v, &r.MaximumText)
		case "severity":
			var s string
			if err := scalar(file, k, v, &s); err != nil {
				return err
			}
			r.Severity = Severity(s)
			if r.Severity != SeverityFail && r.Severity != SeverityWarn && r.Severity != SeverityInfo {
				return &Error{File: file, Line: v.Line, Key: k, Msg: fmt.Sprintf("%q is not a severity (want fail, warn or info)", s)}
			}
			return nil
		case "workers":
			workersNode = v
			var w string
			if err := scalar(file, k, v, &w); err != nil {
				return err
			}
			n, err := strconv.Atoi(w)
			if err != nil || n < 1 {
				return &Error{File: file, Line: v.Line, Key: k, Msg: fmt.Sprintf("%q is not a positive whole number", w)}
			}
			r.Workers = n
			return nil
		case "source":
			return scalar(file, k, v, &r.Source)
		case "rule":
			ruleNode = v
			return nil
		case "firmware":
			return scalar(file, k, v, &r.Firmware)
		case "proof_volume":
			proofNode = v
			return nil
		case "proof_source":
			proofSourceNode = v
			return nil
		}
		return &Error{File: file, Line: v.Line, Key: k, Msg: "unknown key (want metric, minimum, maximum, severity, workers, source, proof_volume, proof_source; or rule; or firmware)"}
	})
	if err != nil {
		return r, err
	}
	if ruleNode != nil {
		r.Kind = KindRule
		return finishRule(file, at, r, ruleNode)
	}
	if hasKey(n, "firmware") {
		r.Kind = KindFirmware
		return r, checkFirmwareRequirement(file, at, n, r)
	}
	r.Kind = KindMetric
	if r.Metric == "" {
		return r, &Error{File: file, Line: n.Line, Key: at + ".metric", Msg: "missing"}
	}
	info, ok := metricnames.Lookup(r.Metric)
	if !ok {
		return r, &Error{File: file, Line: n.Line, Key: at + ".metric", Msg: fmt.Sprintf("unknown metric %q (known: %s)", r.Metric, strings.Join(metricnames.Names(), ", "))}
	}
	if err := parseProof(file, at, &r, proofNode, proofSourceNode); err != nil {
		return r, err
	}
	if workersNode != nil && !info.Parallel {
		return r, &Error{File: file, Line: workersNode.Line, Key: at + ".workers", Msg: fmt.Sprintf("metric %s does not take workers", r.Metric)}
	}
	if units.LowerIsBetter(info.Kind) || maxNode != nil {
		return parseMaximum(file, at, n, minNode, maxNode, info.Kind, r)
	}
	if minNode == nil && r.Severity == SeverityInfo {
		return r, nil
	}
	if minNode == nil {
		return r, &Error{File: file, Line: n.Line, Key: at + ".minimum", Msg: "missing (e.g. minimum: 950 MiB/s)"}
	}
	v, err := units.Parse(r.MinimumText, info.Kind)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, units.ErrUnknownUnit) {
			msg = fmt.Sprintf("unknown unit in %q for %s (want one of %s)", r.MinimumText, r.Metric, strings.Join(units.UnitNames(info.Kind), ", "))
		}
		return r, &Error{File: file, Line: minNode.Line, Key: at + ".minimum", Msg: msg}
	}
	if v <= 0 {
		return r, &Error{File: file, Line: minNode.Line, Key: at + ".minimum", Msg: fmt.Sprintf("%q must be positive", r.MinimumText)}
	}
	r.Minimum = v
	return r, nil
}

// eachKey calls fn for every key of a mapping node, rejecting non-string
// and repeated keys.
func eachKey(file string, n *yaml.Node, fn func(key string, v *yaml.Node) error) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return &Error{File: file, Line: k.Line, Msg: "keys must be plain strings"}
		}
		if seen[k.Value] {
			return &Error{File: file, Line: k.Line, Key: k.Value, Msg: "repeated key"}
		}
		seen[k.Value] = true
		if err := fn(k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

func scalar(file, key string, v *yaml.Node, dst *string) error {
	if v.Kind != yaml.ScalarNode {
		return &Error{File: file, Line: v.Line, Key: key, Msg: "must be a single value"}
	}
	*dst = v.Value
	return nil
}
