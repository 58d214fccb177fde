package profiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hwqual/hwqual/internal/units"
)

// A Substrate reference-hardware file is the JSON list Substrate's
// `benchmark machine` and its node's start-up check judge against
// (reference_hardware.json in the benchmarking CLI's machine/ directory;
// chains ship their own). Its serde format, read in sc-sysinfo and
// hardware.rs:
//
//	[{"metric": "Blake2256", "minimum": 1000.00},
//	 {"metric": {"Blake2256Parallel": {"num_cores": 8}}, "minimum": 1000.00, "validator_only": true}]
//
// A bare minimum is MiB/s, and must be a float: Substrate's visitor takes
// only f64, so serde_json refuses 950 where 950.0 is meant, and so do we.
// 2022 files wrote {"MiBs": 1029.0} (or KiBs, GiBs) instead. validator_only
// (check_on_rc_authority in the August 2024 tree) limits an entry to relay
// chain validators.
//
// Stricter than serde on purpose: unknown keys (serde skips them, so a
// misspelt "validator-only" would silently apply the check to every node),
// zero minimums, empty lists and repeated metrics are errors.

// Role says which node a reference-hardware file is judged for: Substrate
// skips validator_only entries on any node that is not a relay chain
// validator.
type Role string

// Roles.
const (
	// RoleValidator judges every entry, as a relay chain validator's node
	// does. hwqual's default: it qualifies validators.
	RoleValidator Role = "validator"
	// RoleNonValidator measures validator_only entries for the record
	// (severity info) and judges the rest: collators, RPC and full nodes.
	RoleNonValidator Role = "non-validator"
)

// Roles lists the accepted roles, for flag help and errors.
var Roles = []Role{RoleValidator, RoleNonValidator}

// substrateMetrics maps Substrate's Metric variants to hwqual's rows, which
// run the same workloads (docs/substrate-fidelity.md).
var substrateMetrics = map[string]string{
	"Blake2256":         "BLAKE2-256",
	"Blake2256Parallel": "BLAKE2-256-Parallel",
	"Sr25519Verify":     "SR25519-Verify",
	"MemCopy":           "Copy",
	"DiskSeqWrite":      "Seq Write",
	"DiskRndWrite":      "Rnd Write",
}

// substrateMetricNames is Substrate's own order, for error messages.
const substrateMetricNames = "Blake2256, Blake2256Parallel, Sr25519Verify, MemCopy, DiskSeqWrite, DiskRndWrite"

// substrateUnits are the keys of a 2022-style minimum object.
var substrateUnits = map[string]string{"KiBs": "KiB/s", "MiBs": "MiB/s", "GiBs": "GiB/s"}

// IsReferenceHardware reports whether a profile file is a Substrate
// reference-hardware file rather than hwqual YAML: its name ends in .json,
// or, named neither .yaml nor .yml, its first character opens a list (a
// YAML profile is a mapping).
func IsReferenceHardware(file string, data []byte) bool {
	switch strings.ToLower(path.Ext(file)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && trimmed[0] == '['
}

// ParseFile parses a profile file in either format: hwqual YAML, or a
// Substrate reference-hardware file judged for a validator.
func ParseFile(file string, data []byte) (*Profile, error) {
	if IsReferenceHardware(file, data) {
		return ParseReferenceHardware(file, data, RoleValidator)
	}
	return Parse(file, data)
}

// ParseReferenceHardware reads a Substrate reference-hardware file as a
// profile for role. Errors are one line naming the file, the line, the
// entry's index and key: "ref.json:12: [2].minimum: must be positive".
func ParseReferenceHardware(file string, data []byte, role Role) (*Profile, error) {
	if role != RoleValidator && role != RoleNonValidator {
		return nil, fmt.Errorf("role %q: want %s or %s", role, RoleValidator, RoleNonValidator)
	}
	root, err := readJSON(file, data)
	if err != nil {
		return nil, err
	}
	if root.kind != jsonArray {
		return nil, &Error{File: file, Line: root.line, Msg: "a Substrate reference-hardware file is a JSON list of {\"metric\", \"minimum\"} entries"}
	}
	if len(root.elems) == 0 {
		return nil, &Error{File: file, Line: root.line, Msg: "the list has no entries"}
	}
	sum := digest(data)
	base := filepath.Base(file)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	if name == "" {
		name = "reference_hardware" // a file named just ".json"
	}
	p := &Profile{
		Name:        name,
		Description: fmt.Sprintf("Substrate reference hardware from %s (%d entries), judged for %s", base, len(root.elems), roleNoun(role)),
		Source:      fmt.Sprintf("Substrate reference-hardware file %s, sha256 %s", file, sum),
		Origin:      file,
		SHA256:      sum,
	}
	seen := map[string]int{}
	for i, e := range root.elems {
		r, err := substrateEntry(file, base, i, e, role)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[r.Metric]; dup {
			return nil, &Error{File: file, Line: r.Line, Key: fmt.Sprintf("[%d].metric", i), Msg: fmt.Sprintf("%s already required by entry [%d]", r.Metric, prev)}
		}
		seen[r.Metric] = i
		p.Requirements = append(p.Requirements, r)
	}
	assignIDs(p.Requirements)
	return p, nil
}

func roleNoun(role Role) string {
	if role == RoleNonValidator {
		return "a node that is not a relay chain validator"
	}
	return "a relay chain validator"
}

// substrateEntry turns entry i into the requirement on hwqual's row of the
// same workload.
func substrateEntry(file, base string, i int, e *jsonValue, role Role) (Requirement, error) {
	at := fmt.Sprintf("[%d]", i)
	r := Requirement{Kind: KindMetric, Severity: SeverityFail, Line: e.line}
	if e.kind != jsonObject {
		return r, &Error{File: file, Line: e.line, Key: at, Msg: "an entry must be an object with metric and minimum"}
	}
	var metric, minimum *jsonValue
	var validatorOnly *bool
	for j, key := range e.keys {
		v := e.vals[j]
		switch key {
		case "metric":
			metric = v
		case "minimum":
			minimum = v
		case "validator_only", "check_on_rc_authority":
			if v.kind != jsonBool {
				return r, &Error{File: file, Line: v.line, Key: at + "." + key, Msg: "must be true or false"}
			}
			if validatorOnly != nil && *validatorOnly != v.b {
				return r, &Error{File: file, Line: v.line, Key: at + "." + key, Msg: "contradicts the entry's other validator-only flag"}
			}
			b := v.b
			validatorOnly = &b
		default:
			return r, &Error{File: file, Line: v.line, Key: at + "." + key, Msg: "unknown key (want metric, minimum, validator_only; check_on_rc_authority in 2024 files)"}
		}
	}
	if metric == nil {
		return r, &Error{File: file, Line: e.line, Key: at + ".metric", Msg: "missing (e.g. \"metric\": \"Blake2256\")"}
	}
	variant, err := substrateMetric(file, at+".metric", metric, &r)
	if err != nil {
		return r, err
	}
	if minimum == nil {
		return r, &Error{File: file, Line: e.line, Key: at + ".minimum", Msg: "missing (e.g. \"minimum\": 950.0, in MiB/s)"}
	}
	written, err := substrateMinimum(file, at+".minimum", minimum, &r)
	if err != nil {
		return r, err
	}
	r.Source = fmt.Sprintf("%s entry [%d]: %s minimum %s (= %s)", base, i, variant, written, units.FormatThroughput(r.Minimum))
	if validatorOnly != nil && *validatorOnly {
		if role == RoleNonValidator {
			r.Severity = SeverityInfo
			r.Source += "; validator_only: measured, not judged (Substrate checks it only on relay chain validators)"
		} else {
			r.Source += "; validator_only: judged, as for a relay chain validator"
		}
	}
	return r, nil
}

// substrateMetric reads the externally tagged Metric enum into r.Metric
// and r.Workers and returns how the file wrote it.
func substrateMetric(file, key string, v *jsonValue, r *Requirement) (string, error) {
	var variant string
	var fields *jsonValue
	switch v.kind {
	case jsonString:
		variant = v.str
	case jsonObject:
		if len(v.keys) != 1 {
			return "", &Error{File: file, Line: v.line, Key: key, Msg: "an object metric has exactly one key, the variant (e.g. {\"Blake2256Parallel\": {\"num_cores\": 8}})"}
		}
		variant, fields = v.keys[0], v.vals[0]
	default:
		return "", &Error{File: file, Line: v.line, Key: key, Msg: "must be a metric name or {\"Blake2256Parallel\": {\"num_cores\": N}}"}
	}
	name, ok := substrateMetrics[variant]
	if !ok {
		return "", &Error{File: file, Line: v.line, Key: key, Msg: fmt.Sprintf("unknown metric %q (Substrate's: %s)", variant, substrateMetricNames)}
	}
	r.Metric = name
	if variant != "Blake2256Parallel" {
		if fields != nil {
			return "", &Error{File: file, Line: v.line, Key: key, Msg: fmt.Sprintf("%s takes no fields: write \"%s\"", variant, variant)}
		}
		return variant, nil
	}
	if fields == nil || fields.kind != jsonObject || len(fields.keys) != 1 || fields.keys[0] != "num_cores" {
		return "", &Error{File: file, Line: v.line, Key: key, Msg: "Blake2256Parallel needs its core count: {\"Blake2256Parallel\": {\"num_cores\": N}}"}
	}
	cores := fields.vals[0]
	n, err := strconv.Atoi(cores.str)
	if cores.kind != jsonNumber || err != nil || n < 1 {
		return "", &Error{File: file, Line: cores.line, Key: key + ".Blake2256Parallel.num_cores", Msg: fmt.Sprintf("%s is not a positive whole number", cores.text())}
	}
	r.Workers = n
	return fmt.Sprintf("Blake2256Parallel num_cores %d", n), nil
}

// substrateMinimum reads a minimum, bare (MiB/s) or keyed by its unit, into
// r.Minimum and r.MinimumText and returns how the file wrote it.
func substrateMinimum(file, key string, v *jsonValue, r *Requirement) (string, error) {
	literal, unit := v.str, "MiB/s"
	switch v.kind {
	case jsonNumber:
		if isJSONInteger(literal) {
			return "", &Error{File: file, Line: v.line, Key: key, Msg: fmt.Sprintf("%s is an integer; Substrate reads a bare minimum only as a float (write %s.0, in MiB/s)", literal, literal)}
		}
	case jsonObject:
		if len(v.keys) != 1 {
			return "", &Error{File: file, Line: v.line, Key: key, Msg: "a minimum object has exactly one key, its unit: KiBs, MiBs or GiBs"}
		}
		u, ok := substrateUnits[v.keys[0]]
		if !ok {
			return "", &Error{File: file, Line: v.vals[0].line, Key: key + "." + v.keys[0], Msg: "unknown unit (Substrate's: KiBs, MiBs, GiBs)"}
		}
		key += "." + v.keys[0]
		v, unit = v.vals[0], u
		literal = v.str
		if v.kind != jsonNumber {
			return "", &Error{File: file, Line: v.line, Key: key, Msg: fmt.Sprintf("%s is not a number", v.text())}
		}
	default:
		return "", &Error{File: file, Line: v.line, Key: key, Msg: fmt.Sprintf("%s is not a number (a float in MiB/s, e.g. 950.0)", v.text())}
	}
	f, err := strconv.ParseFloat(literal, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", &Error{File: file, Line: v.line, Key: key, Msg: fmt.Sprintf("%s is not a finite number", literal)}
	}
	if f <= 0 {
		return "", &Error{File: file, Line: v.line, Key: key, Msg: fmt.Sprintf("%s must be positive", literal)}
	}
	// The YAML a file imports to holds the same text, so both parse to the
	// same float through the same code.
	r.MinimumText = literal + " " + unit
	min, err := units.Parse(r.MinimumText, units.BytesPerSecond)
	if err != nil {
		return "", &Error{File: file, Line: v.line, Key: key, Msg: err.Error()}
	}
	r.Minimum = min
	return r.MinimumText, nil
}

func isJSONInteger(literal string) bool { return !strings.ContainsAny(literal, ".eE") }

// jsonKind is the kind of a JSON value.
type jsonKind int

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is a parsed JSON value that keeps its line, its number's
// literal text and its object's key order, which encoding/json's maps
// lose, so errors can point at the line and integers be told from floats.
type jsonValue struct {
	kind jsonKind
	line int
	b    bool
	// str is a string's value or a number's literal.
	str   string
	keys  []string
	vals  []*jsonValue
	elems []*jsonValue
}

// text is the value for an error message.
func (v *jsonValue) text() string {
	switch v.kind {
	case jsonNumber:
		return v.str
	case jsonString:
		return strconv.Quote(v.str)
	case jsonBool:
		return strconv.FormatBool(v.b)
	case jsonArray:
		return "a list"
	case jsonObject:
		return "an object"
	}
	return "null"
}

// maxJSONDepth bounds nesting: the format needs four levels, and a hostile
// file must not recurse the parser into the ground.
const maxJSONDepth = 16

type jsonReader struct {
	file string
	data []byte
	dec  *json.Decoder
}

// readJSON parses data into a jsonValue tree, rejecting repeated keys and
// anything after the top-level value.
func readJSON(file string, data []byte) (*jsonValue, error) {
	r := &jsonReader{file: file, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	r.dec.UseNumber()
	v, err := r.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := r.dec.Token(); err != io.EOF {
		return nil, &Error{File: file, Line: r.line(), Msg: "JSON syntax: more data after the list"}
	}
	return v, nil
}

// line is the line of the token just read: a token never spans lines, so
// the line its end is on is its line.
func (r *jsonReader) line() int {
	off := int(r.dec.InputOffset())
	if off > len(r.data) {
		off = len(r.data)
	}
	return 1 + bytes.Count(r.data[:off], []byte{'\n'})
}

func (r *jsonReader) syntax(err error) error {
	line := r.line()
	var se *json.SyntaxError
	if errors.As(err, &se) && int(se.Offset) <= len(r.data) {
		line = 1 + bytes.Count(r.data[:se.Offset], []byte{'\n'})
	}
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of file"
	}
	return &Error{File: r.file, Line: line, Msg: "JSON syntax: " + strings.ReplaceAll(msg, "\n", " ")}
}

// value reads one value; at is its path for errors ("[2].minimum").
func (r *jsonReader) value(at string, depth int) (*jsonValue, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.syntax(err)
	}
	v := &jsonValue{line: r.line()}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxJSONDepth {
			return nil, &Error{File: r.file, Line: v.line, Msg: fmt.Sprintf("JSON nested deeper than %d levels", maxJSONDepth)}
		}
		if t == '[' {
			v.kind = jsonArray
			return v, r.array(at, v, depth)
		}
		v.kind = jsonObject
		return v, r.object(at, v, depth)
	case bool:
		v.kind, v.b = jsonBool, t
	case json.Number:
		v.kind, v.str = jsonNumber, t.String()
	case string:
		v.kind, v.str = jsonString, t
	case nil:
		v.kind = jsonNull
	}
	return v, nil
}

func (r *jsonReader) array(at string, v *jsonValue, depth int) error {
	for r.dec.More() {
		e, err := r.value(fmt.Sprintf("%s[%d]", at, len(v.elems)), depth+1)
		if err != nil {
			return err
		}
		v.elems = append(v.elems, e)
	}
	if _, err := r.dec.Token(); err != nil { // ']'
		return r.syntax(err)
	}
	return nil
}

func (r *jsonReader) object(at string, v *jsonValue, depth int) error {
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return r.syntax(err)
		}
		key, _ := tok.(string) // the decoder accepts only strings as keys
		path := key
		if at != "" {
			path = at + "." + key
		}
		for _, k := range v.keys {
			if k == key {
				return &Error{File: r.file, Line: r.line(), Key: path, Msg: "repeated key"}
			}
		}
		val, err := r.value(path, depth+1)
		if err != nil {
			return err
		}
		v.keys, v.vals = append(v.keys, key), append(v.vals, val)
	}
	if _, err := r.dec.Token(); err != nil { // '}'
		return r.syntax(err)
	}
	return nil
}

// importedProfile and importedRequirement are the YAML an imported file is
// written as: hwqual's profile format, keys in the order people read them.
type importedProfile struct {
	Name         string                `yaml:"name"`
	Description  string                `yaml:"description"`
	Source       string                `yaml:"source"`
	Requirements []importedRequirement `yaml:"requirements"`
}

type importedRequirement struct {
	Metric   string `yaml:"metric"`
	Workers  int    `yaml:"workers,omitempty"`
	Minimum  string `yaml:"minimum"`
	Severity string `yaml:"severity"`
	Source   string `yaml:"source"`
}

// ImportYAML writes a profile read from a reference-hardware file as hwqual
// YAML, every number with its source, so a team can add rules (cores, ECC,
// NVMe) on top. Parsing the YAML gives the same checks: the same ids,
// minimums (the same text, parsed by the same code), severities and
// sources.
func ImportYAML(p *Profile) ([]byte, error) {
	doc := importedProfile{Name: p.Name, Description: p.Description, Source: p.Source}
	for _, r := range p.Requirements {
		if r.Kind != KindMetric || r.MaximumText != "" || r.Proof != nil {
			return nil, fmt.Errorf("%s: only metric minimums can be imported", r.ID)
		}
		doc.Requirements = append(doc.Requirements, importedRequirement{
			Metric: r.Metric, Workers: r.Workers, Minimum: r.MinimumText, Severity: string(r.Severity), Source: r.Source,
		})
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `# Imported by "hwqual profiles import" from a Substrate reference-hardware file:
#   file:   %s
#   sha256: %s
# Each minimum is the file's number in the unit Substrate reads it in: a bare
# number is MiB/s (so SR25519-Verify 0.622675781 MiB/s is 637.62 KiB/s); each
# source names its entry; the description says which node it is judged for.
# Add hwqual rules below, e.g.:
#   - rule: cpu.physical_cores >= 8
#   - rule: memory.ecc == true
#   - rule: storage.nvme_total_bytes >= 2 TB
#   - firmware: nvme
`, p.Origin, p.SHA256)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
