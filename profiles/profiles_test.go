package profiles

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBuiltinProfilesLoad(t *testing.T) {
	names := Builtin()
	for _, want := range []string{"jam", "storage", "validator"} {
		if !slices.Contains(names, want) {
			t.Fatalf("built-in profiles %v lack %q", names, want)
		}
	}
	for _, name := range names {
		p, err := Load(name)
		if err != nil {
			t.Fatalf("Load(%q): %v", name, err)
		}
		if p.Name != name || len(p.Requirements) == 0 || len(p.SHA256) != 64 || p.Origin != "builtin:"+name {
			t.Errorf("Load(%q) = name %q, %d requirements, sha %q, origin %q", name, p.Name, len(p.Requirements), p.SHA256, p.Origin)
		}
		for _, r := range p.Requirements {
			if r.Source == "" {
				t.Errorf("%s: %s has no source note", name, r.Metric)
			}
		}
	}
}

// The validator profile carries polkadot-sdk's current reference minimums,
// as the file writes them (0.622675781 MiB/s is 637.62 KiB/s, 11768.341
// MiB/s is 11.49 GiB/s); TestCurrentReferenceFileIsTheValidatorProfile
// checks them against the file itself.
func TestValidatorMinimums(t *testing.T) {
	p, err := Load("validator")
	if err != nil {
		t.Fatal(err)
	}
	const kib, mib, gib = 1024.0, 1024.0 * 1024, 1024.0 * 1024 * 1024
	want := map[string]float64{
		"BLAKE2-256":          1000 * mib,
		"BLAKE2-256-Parallel": 1000 * mib,
		"SR25519-Verify":      637.62 * kib,
		"Copy":                11.4925205078125 * gib,
		"Seq Write":           950 * mib,
		"Rnd Write":           420 * mib,
	}
	for _, r := range p.Requirements {
		if w, ok := want[r.Metric]; ok {
			if math.Abs(r.Minimum-w) > 1e-6*w {
				t.Errorf("%s minimum = %v, want %v", r.Metric, r.Minimum, w)
			}
			if r.Severity != SeverityFail {
				t.Errorf("%s severity = %s, want fail", r.Metric, r.Severity)
			}
			delete(want, r.Metric)
		}
		if r.Metric == "BLAKE2-256-Parallel" && r.Workers != 8 {
			t.Errorf("parallel workers = %d, want 8", r.Workers)
		}
	}
	if len(want) != 0 {
		t.Errorf("validator lacks %v", want)
	}
}

// JAM's minimums must be at least as strict as the validator's.
func TestJAMAtLeastAsStrictAsValidator(t *testing.T) {
	v, _ := Load("validator")
	j, _ := Load("jam")
	jam := map[string]Requirement{}
	for _, r := range j.Requirements {
		jam[r.Metric] = r
	}
	for _, r := range v.Requirements {
		if r.Rule != nil {
			continue // inventory rules differ by role (JAM asks 8 TB, not 2 TB)
		}
		jr, ok := jam[r.Metric]
		if !ok {
			t.Errorf("jam lacks %s", r.Metric)
			continue
		}
		// A row the validator only records (info) may be judged for JAM
		// (the network rows: operators state ~500 Mbit/s for JAM only).
		judgedForJAM := r.Severity == SeverityInfo && jr.Severity != SeverityInfo
		if jr.Minimum < r.Minimum || jr.Maximum > r.Maximum || (jr.Severity != r.Severity && !judgedForJAM) {
			t.Errorf("jam %s = %v (%s), validator %v", r.Metric, jr.Minimum, jr.Severity, r.Minimum)
		}
	}
}

func TestLoadUnknownProfileListsBuiltins(t *testing.T) {
	_, err := Load("validatr")
	if !errors.Is(err, ErrUnknownProfile) {
		t.Fatalf("err = %v, want ErrUnknownProfile", err)
	}
	for _, name := range Builtin() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %q", err, name)
		}
	}
}

func TestLoadFromPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custom.yaml")
	if err := os.WriteFile(path, []byte("name: custom\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "custom" || p.Origin != path || p.Requirements[0].Minimum != 1<<30 {
		t.Errorf("got %+v", p)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("missing file loaded")
	}
}

func TestParseErrorsNameFileLineAndKey(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the one-line error
	}{
		{"syntax", "name: x\nrequirements: [\n", []string{"bad.yaml:", "YAML syntax"}},
		{"tab indentation", "name: x\nrequirements:\n\t- metric: Copy\n", []string{"bad.yaml:3", "YAML syntax"}},
		{"not a mapping", "- a\n- b\n", []string{"bad.yaml:1", "mapping"}},
		{"no name", "requirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n", []string{"bad.yaml:1", "name: missing"}},
		{"no requirements", "name: x\n", []string{"bad.yaml:1", "requirements"}},
		{"empty requirements", "name: x\nrequirements: []\n", []string{"bad.yaml:2", "requirements"}},
		{"unknown top key", "name: x\nfoo: 1\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n", []string{"bad.yaml:2", "foo", "unknown key"}},
		{"unknown metric", "name: x\nrequirements:\n  - metric: Copyy\n    minimum: 1 GiB/s\n", []string{"bad.yaml:3", "requirements[0].metric", `unknown metric "Copyy"`, "BLAKE2-256"}},
		{"missing metric", "name: x\nrequirements:\n  - minimum: 1 GiB/s\n", []string{"bad.yaml:3", "requirements[0].metric", "missing"}},
		{"missing minimum", "name: x\nrequirements:\n  - metric: Copy\n  - metric: Seq Write\n    minimum: 1 GiB/s\n", []string{"bad.yaml:3", "requirements[0].minimum", "missing"}},
		{"negative minimum", "name: x\nrequirements:\n  - metric: Copy\n    minimum: -1 GiB/s\n", []string{"bad.yaml:4", "requirements[0].minimum", "positive"}},
		{"zero minimum", "name: x\nrequirements:\n  - metric: Copy\n    minimum: 0 GiB/s\n", []string{"bad.yaml:4", "positive"}},
		{"unknown unit", "name: x\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/h\n", []string{"bad.yaml:4", "requirements[0].minimum", "unknown unit", "GiB/s"}},
		{"no unit", "name: x\nrequirements:\n  - metric: Copy\n    minimum: 12\n", []string{"bad.yaml:4", "requirements[0].minimum"}},
		{"bad severity", "name: x\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n    severity: fatal\n", []string{"bad.yaml:5", "requirements[0].severity", "fatal"}},
		{"unknown requirement key", "name: x\nrequirements:\n  - metric: Copy\n    minimun: 1 GiB/s\n", []string{"bad.yaml:4", "requirements[0].minimun", "unknown key"}},
		{"workers on serial metric", "name: x\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n    workers: 4\n", []string{"bad.yaml:5", "requirements[0].workers"}},
		{"bad workers", "name: x\nrequirements:\n  - metric: BLAKE2-256-Parallel\n    minimum: 1 GiB/s\n    workers: 0\n", []string{"bad.yaml:5", "positive whole number"}},
		{"duplicate metric", "name: x\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n  - metric: Copy\n    minimum: 2 GiB/s\n", []string{"bad.yaml:5", "requirements[1].metric", "already required at line 3"}},
		{"repeated key", "name: x\nname: y\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n", []string{"bad.yaml:2", "repeated key"}},
		{"list as minimum", "name: x\nrequirements:\n  - metric: Copy\n    minimum: [1, 2]\n", []string{"bad.yaml:4", "requirements[0].minimum", "single value"}},
		{"empty file", "", []string{"bad.yaml", "empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.yaml))
			assertOneLineError(t, err, tt.want)
		})
	}
}

// assertOneLineError checks a parser refused its input with one line
// holding every wanted substring.
func assertOneLineError(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatal("parsed without error")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("error spans lines: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q lacks %q", msg, w)
		}
	}
}

func TestParseDefaultsAndOptionalKeys(t *testing.T) {
	p, err := Parse("ok.yaml", []byte(`name: ok
description: d
source: s
requirements:
  - metric: BLAKE2-256-Parallel
    workers: 16
    minimum: 1800 MB/s
    severity: warn
    source: ops
  - metric: Copy
    severity: info
`))
	if err != nil {
		t.Fatal(err)
	}
	r := p.Requirements[0]
	if r.Workers != 16 || r.Minimum != 1.8e9 || r.Severity != SeverityWarn || r.Source != "ops" || r.Line != 5 || r.MinimumText != "1800 MB/s" {
		t.Errorf("requirement = %+v", r)
	}
	if info := p.Requirements[1]; info.Severity != SeverityInfo || info.Minimum != 0 {
		t.Errorf("info requirement = %+v", info)
	}
}

// Substrate: a score passes when score/minimum >= 1 - tolerance.
func TestToleranceArithmetic(t *testing.T) {
	r := Requirement{Minimum: 1000}
	tests := []struct {
		score, tol float64
		pass       bool
	}{
		{1000, 0, true},
		{999.9, 0, false},
		{900, 10, true},
		{899.9, 10, false},
		{500, 50, true},
		{0, 100, true},
		{1500, 0, true},
	}
	for _, tt := range tests {
		if got := r.Passes(tt.score, tt.tol); got != tt.pass {
			t.Errorf("Passes(%v, %v%%) = %v, want %v", tt.score, tt.tol, got, tt.pass)
		}
	}
	if got := r.Threshold(10); math.Abs(got-900) > 1e-9 {
		t.Errorf("Threshold(10) = %v, want 900", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range Builtin() {
		data, _ := BuiltinSource(name)
		f.Add(data)
	}
	f.Add([]byte("name: x\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n"))
	f.Add([]byte("name: x\nrequirements:\n  - metric: Copy\n    minimum: -1e309 GiB/s\n"))
	f.Add([]byte("name: x\nrequirements:\n  - metric: Copy\n    minimum: 1e308 GiB/s\n"))
	f.Add([]byte("{name: [x], requirements: {a: b}}"))
	f.Add([]byte("&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if p.Name == "" || len(p.Requirements) == 0 {
			t.Fatalf("accepted profile without name or requirements: %+v", p)
		}
		for _, r := range p.Requirements {
			if math.IsInf(r.Minimum, 0) || math.IsInf(r.Maximum, 0) {
				t.Fatalf("accepted an infinite bound: %+v", r)
			}
			if r.Rule == nil && r.Firmware == "" && r.Severity != SeverityInfo && !(r.Minimum > 0 || r.Maximum > 0) {
				t.Fatalf("accepted non-positive minimum %v", r.Minimum)
			}
		}
	})
}

// TestRequirementKindsAndIDs: every requirement of every built-in profile
// says its kind explicitly and has a unique check id.
func TestRequirementKindsAndIDs(t *testing.T) {
	for _, name := range Builtin() {
		p, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range p.Requirements {
			if r.ID == "" || seen[r.ID] {
				t.Errorf("%s:%d: id %q empty or repeated", name, r.Line, r.ID)
			}
			seen[r.ID] = true
			switch r.Kind {
			case KindMetric:
				if r.Rule != nil || r.Firmware != "" {
					t.Errorf("%s:%d: metric with rule or firmware", name, r.Line)
				}
			case KindRule:
				if r.Rule == nil {
					t.Errorf("%s:%d: rule without Rule", name, r.Line)
				}
			case KindFirmware:
				if r.Firmware == "" {
					t.Errorf("%s:%d: firmware without Firmware", name, r.Line)
				}
			default:
				t.Errorf("%s:%d: kind %q", name, r.Line, r.Kind)
			}
		}
	}
	p, _ := Load("validator")
	if p.Requirements[0].ID != "metric:BLAKE2-256" || p.Requirements[1].ID != "metric:BLAKE2-256-Parallel/8" {
		t.Errorf("validator ids: %q %q", p.Requirements[0].ID, p.Requirements[1].ID)
	}
}
