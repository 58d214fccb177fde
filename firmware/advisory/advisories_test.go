package advisory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltinAdvisories(t *testing.T) {
	db := Builtin()
	if db.Origin != "builtin" || len(db.Advisories) < 8 {
		t.Fatalf("builtin database: origin %q, %d entries", db.Origin, len(db.Advisories))
	}
	families := map[string]bool{}
	for _, a := range db.Advisories {
		families[a.Family.String()] = true
		if a.Source == "" || a.Summary == "" {
			t.Errorf("line %d: entry without source or summary", a.Line)
		}
	}
	// Every Samsung line in the shared facts is seeded.
	for _, f := range []string{"xB2QGXA7", "xB2QJXD7", "xB2QJXG7", "xB2QEXM7", "xB4QFXO7", "SVT0xB6Q"} {
		if !families[f] {
			t.Errorf("family %s missing from the built-in advisories", f)
		}
	}
}

func TestParseAdvisoriesErrors(t *testing.T) {
	const good = "  - model: 'Samsung SSD 980 PRO .*'\n    family: xB2QGXA7\n    newest: 5B2QGXA7\n    summary: s\n    source: https://example.org\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"empty", "", "f.yaml: empty advisory file"},
		{"no list", "advisories: []\n", "f.yaml:1: advisories: must be a non-empty list"},
		{"top-level typo", "advisory:\n" + good, "f.yaml:1: advisory: unknown key (want advisories)"},
		{"not a mapping", "vm\n", "f.yaml:1: want a mapping with one key, advisories"},
		{"list for a string", "advisories:\n" + strings.Replace(good, "summary: s", "summary: [a, b]", 1), "f.yaml:2: advisories[0].entry: cannot unmarshal !!seq into string"},
		{"unknown key", "advisories:\n" + good + "    sevrity: critical\n", "f.yaml:2: advisories[0].sevrity: unknown key"},
		{"bad regexp", "advisories:\n" + strings.Replace(good, "980 PRO .*", "980 (PRO", 1), "f.yaml:2: advisories[0].model: \"Samsung SSD 980 (PRO\" is not a regular expression"},
		{"family without x", "advisories:\n" + strings.Replace(good, "xB2QGXA7", "5B2QGXA7", 1), "f.yaml:2: advisories[0].family: \"5B2QGXA7\": want exactly one lowercase x"},
		{"newest outside family", "advisories:\n" + strings.Replace(good, "newest: 5B2QGXA7", "newest: 8B2QJXD7", 1), "advisories[0].newest: \"8B2QJXD7\" is not in family xB2QGXA7"},
		{"bad severity", "advisories:\n" + good + "    bad: [3B2QGXA7]\n    severity: urgent\n", "advisories[0].severity: \"urgent\" (want critical, update or info)"},
		{"no source", "advisories:\n" + strings.Replace(good, "    source: https://example.org\n", "", 1), "advisories[0].source: missing"},
		{"second entry", "advisories:\n" + good + good + "    verified: maybe\n", "f.yaml:7: advisories[1]"},
		{"syntax", "advisories:\n  - model: [\n", "f.yaml:2: YAML syntax: did not find expected node content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestLoadAdvisoriesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mine.yaml")
	data := "advisories:\n  - model: 'ACME NVMe 1TB'\n    family: 1.0.x\n    newest: 1.0.3\n    summary: in-house fleet baseline\n    source: ticket 42\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err == nil {
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "only digits, capital letters") {
			t.Fatalf("dotted family: got %v", err)
		}
	}
	data = strings.ReplaceAll(data, "1.0.", "AC10")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if j := JudgeFirmware(db, "ACME NVMe 1TB", "AC102"); j.Verdict != VerdictUpdate || j.Source != "ticket 42" {
		t.Errorf("got %+v, want UPDATE from ticket 42", j)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("missing file: want an error")
	}
}

func FuzzParseAdvisories(f *testing.F) {
	f.Add(builtinAdvisories)
	f.Add([]byte("advisories:\n  - model: x\n    family: x1\n    source: s\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		db, err := Parse("fuzz.yaml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			return
		}
		for _, a := range db.Advisories {
			if a.Model == nil || a.Source == "" {
				t.Fatalf("accepted entry without model or source: %+v", a)
			}
			JudgeFirmware(db, "Samsung SSD 980 PRO 2TB", "3B2QGXA7")
		}
	})
}
