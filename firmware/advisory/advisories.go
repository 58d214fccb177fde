// Package advisory is hwqual's database of drive firmware advisories (a
// built-in advisories.yaml, or an operator's file in the same layout) and
// the verdict it gives a model and firmware revision: versions compare only
// inside one firmware family, and a revision outside every family of its
// model is UNKNOWN, never OK.
package advisory

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed advisories.yaml
var builtinAdvisories []byte

// Severity is what a drive on an advisory's bad revision gets.
type Severity string

// Advisory severities.
const (
	SeverityCritical Severity = "critical"
	SeverityUpdate   Severity = "update"
	SeverityInfo     Severity = "info"
)

// Advisory is one statement about one firmware family of one model line.
type Advisory struct {
	Model    *regexp.Regexp
	Family   Family
	Versions []string
	Bad      []string
	Fixed    string
	Newest   string
	Severity Severity
	Summary  string
	Source   string
	Verified bool
	// Line is the entry's line in its file, for messages.
	Line int
}

// Database is a parsed advisory file.
type Database struct {
	// Origin is "builtin" or the path the file was read from.
	Origin     string
	Advisories []Advisory
}

// advisoryYAML is an entry as written in the file.
type advisoryYAML struct {
	Model    string   `yaml:"model"`
	Family   string   `yaml:"family"`
	Versions []string `yaml:"versions"`
	Bad      []string `yaml:"bad"`
	Fixed    string   `yaml:"fixed"`
	Newest   string   `yaml:"newest"`
	Severity string   `yaml:"severity"`
	Summary  string   `yaml:"summary"`
	Source   string   `yaml:"source"`
	Verified *bool    `yaml:"verified"`
}

// Builtin returns the embedded database (advisories.yaml).
func Builtin() *Database {
	db, err := Parse("builtin", builtinAdvisories)
	if err != nil {
		panic(err) // the embedded file is tested; a broken one must not ship
	}
	return db
}

// Load reads an advisory file; an empty path is the built-in one.
func Load(path string) (*Database, error) {
	if path == "" {
		return Builtin(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("advisories: %w", err)
	}
	return Parse(path, data)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses and validates an advisory file; errors name the
// file, line and key.
func Parse(file string, data []byte) (*Database, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.ReplaceAll(err.Error(), "\n", "; ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			return nil, fmt.Errorf("%s:%s: YAML syntax: %s", file, m[1], m[2])
		}
		return nil, fmt.Errorf("%s: YAML syntax: %s", file, strings.TrimPrefix(msg, "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty advisory file", file)
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping with one key, advisories", file, top.Line)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k := top.Content[i]; k.Value != "advisories" {
			return nil, fmt.Errorf("%s:%d: %s: unknown key (want advisories)", file, k.Line, k.Value)
		}
		list = top.Content[i+1]
	}
	if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		return nil, fmt.Errorf("%s:%d: advisories: must be a non-empty list", file, top.Line)
	}
	db := &Database{Origin: file}
	for i, n := range list.Content {
		a, err := parseAdvisory(n)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: advisories[%d].%w", file, n.Line, i, err)
		}
		db.Advisories = append(db.Advisories, a)
	}
	return db, nil
}

func parseAdvisory(n *yaml.Node) (Advisory, error) {
	var y advisoryYAML
	if n.Kind != yaml.MappingNode {
		return Advisory{}, errors.New("model: entry must be a mapping")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch k := n.Content[i].Value; k {
		case "model", "family", "versions", "bad", "fixed", "newest", "severity", "summary", "source", "verified":
		default:
			return Advisory{}, fmt.Errorf("%s: unknown key (want model, family, versions, bad, fixed, newest, severity, summary, source, verified)", k)
		}
	}
	if err := n.Decode(&y); err != nil {
		// yaml.v3 says "line N: cannot unmarshal !!map into string"; the
		// entry's line is already in the message prefix.
		msg := strings.ReplaceAll(err.Error(), "\n", " ")
		if i := strings.LastIndex(msg, "cannot unmarshal"); i >= 0 {
			msg = msg[i:]
		}
		return Advisory{}, errors.New("entry: " + msg)
	}
	a := Advisory{Versions: y.Versions, Bad: y.Bad, Fixed: y.Fixed, Newest: y.Newest,
		Severity: Severity(y.Severity), Summary: y.Summary, Source: y.Source, Line: n.Line}
	if y.Model == "" {
		return a, errors.New("model: missing")
	}
	re, err := regexp.Compile("^(?:" + y.Model + ")$")
	if err != nil {
		return a, fmt.Errorf("model: %q is not a regular expression: %w", y.Model, err)
	}
	a.Model = re
	if a.Family, err = ParseFamily(y.Family); err != nil {
		return a, fmt.Errorf("family: %w", err)
	}
	for key, list := range map[string][]string{"versions": y.Versions, "bad": y.Bad, "fixed": {y.Fixed}, "newest": {y.Newest}} {
		for _, v := range list {
			if v != "" && !a.Family.Contains(v) {
				return a, fmt.Errorf("%s: %q is not in family %s", key, v, a.Family)
			}
		}
	}
	switch {
	case a.Severity == "" && len(a.Bad) == 0:
		a.Severity = SeverityInfo
	case a.Severity != SeverityCritical && a.Severity != SeverityUpdate && a.Severity != SeverityInfo:
		return a, fmt.Errorf("severity: %q (want critical, update or info)", y.Severity)
	}
	if a.Source == "" {
		return a, errors.New("source: missing (every advisory names where it comes from)")
	}
	a.Verified = y.Verified != nil && *y.Verified
	return a, nil
}
