package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/profiles"
)

// referenceFile copies one of the real Substrate reference-hardware files
// (profiles/testdata/substrate, sources in its README) to a temporary
// directory under name.
func referenceFile(t *testing.T, testdata, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "profiles", "testdata", "substrate", testdata))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// reportRows are the checks of a JSON report as the binary wrote them.
type reportRows struct {
	Profile struct{ Name, Origin, SHA256 string }
	Checks  []struct {
		ID       string
		Function string
		Severity string
		Result   string
		Numeric  struct {
			Minimum float64 `json:"minimum_bytes_per_second"`
		}
	}
}

func runReport(t *testing.T, profile, dir string) reportRows {
	t.Helper()
	r := hwqual(t, append([]string{"--profile", profile, "--dir", dir, "--json", "-", "--quiet"}, quick...)...)
	if r.code != 0 && r.code != 1 {
		t.Fatalf("--profile %s: exit %d: %s", profile, r.code, r.stderr)
	}
	var rep reportRows
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, r.stdout)
	}
	return rep
}

// `hwqual --profile reference_hardware.json` on the current polkadot-sdk
// file judges the same rows against the same minimums, at the same
// severity, as the built-in validator profile (verdicts follow: a check's
// verdict depends only on its requirement and its score); and the YAML
// `profiles import` writes runs the same checks again.
func TestReferenceHardwareProfileRuns(t *testing.T) {
	in := referenceFile(t, "polkadot-sdk-current.json", "reference_hardware.json")
	dir := t.TempDir()
	fromJSON := runReport(t, in, dir)
	assertEmpty(t, dir)

	validator, err := profiles.Load("validator")
	if err != nil {
		t.Fatal(err)
	}
	// Keyed by metric, not check id: the id of a parallel row may name the
	// workers that ran, which depends on this machine.
	want := map[string]profiles.Requirement{}
	for _, r := range validator.Requirements {
		want[r.Metric] = r
	}
	if fromJSON.Profile.Origin != in || len(fromJSON.Profile.SHA256) != 64 || len(fromJSON.Checks) != 6 {
		t.Fatalf("profile %+v, %d checks", fromJSON.Profile, len(fromJSON.Checks))
	}
	for _, c := range fromJSON.Checks {
		v, ok := want[c.Function]
		if !ok || c.Numeric.Minimum != v.Minimum || c.Severity != string(v.Severity) {
			t.Errorf("%s: minimum %v severity %s; validator profile has %v %s (found %v)", c.ID, c.Numeric.Minimum, c.Severity, v.Minimum, v.Severity, ok)
		}
	}

	yaml := filepath.Join(t.TempDir(), "chain.yaml")
	if r := hwqual(t, "profiles", "import", in, "-o", yaml); r.code != 0 || r.stdout != "" {
		t.Fatalf("import: %+v", r)
	}
	fromYAML := runReport(t, yaml, dir)
	if len(fromYAML.Checks) != len(fromJSON.Checks) {
		t.Fatalf("imported YAML ran %d checks, the JSON %d", len(fromYAML.Checks), len(fromJSON.Checks))
	}
	for i, c := range fromYAML.Checks {
		j := fromJSON.Checks[i]
		if c.ID != j.ID || c.Numeric.Minimum != j.Numeric.Minimum || c.Severity != j.Severity {
			t.Errorf("check %d: YAML %s %v %s, JSON %s %v %s", i, c.ID, c.Numeric.Minimum, c.Severity, j.ID, j.Numeric.Minimum, j.Severity)
		}
	}
	assertEmpty(t, dir)
}

func TestProfilesImportAndShow(t *testing.T) {
	in := referenceFile(t, "polkadot-sdk-current.json", "reference_hardware.json")
	show := hwqual(t, "profiles", "show", in)
	imported := hwqual(t, "profiles", "import", in)
	if show.code != 0 || imported.code != 0 || show.stdout != imported.stdout {
		t.Fatalf("show and import differ:\n%+v\n%+v", show, imported)
	}
	for _, want := range []string{"sha256: 474503feb8ca7961019846142948a118314bd0c8e71f524f1808bbe87221cb04", "0.622675781 MiB/s", "637.62 KiBs", "workers: 8"} {
		if !strings.Contains(show.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, show.stdout)
		}
	}
	nonValidator := hwqual(t, "profiles", "import", "--role", "non-validator", in)
	if nonValidator.code != 0 || !strings.Contains(nonValidator.stdout, "severity: info") || strings.Count(nonValidator.stdout, "severity: info") != 1 {
		t.Errorf("--role non-validator: %+v", nonValidator)
	}

	out := filepath.Join(t.TempDir(), "chain.yaml")
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// An existing file may be a profile a team edited: kept without --force.
	if r := hwqual(t, "profiles", "import", in, "-o", out); r.code != 2 || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("import -o over an existing file without --force: %+v", r)
	}
	if got, _ := os.ReadFile(out); string(got) != "old" {
		t.Fatalf("refused import changed the file: %q", got)
	}
	if r := hwqual(t, "profiles", "import", in, "-o", out, "--force"); r.code != 0 {
		t.Fatalf("import -o --force: %+v", r)
	}
	if got, _ := os.ReadFile(out); string(got) != imported.stdout {
		t.Errorf("-o wrote %q", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// Bad files, roles and outputs exit 2 with one line naming what is wrong,
// and the input is never overwritten.
func TestProfilesImportRefuses(t *testing.T) {
	in := referenceFile(t, "substrate-2023.json", "reference_hardware.json")
	before, _ := os.ReadFile(in)
	link := filepath.Join(t.TempDir(), "link.json")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "kusama.json")
	os.WriteFile(bad, []byte("[\n\t{\n\t\t\"metric\": \"Sr25519Verify\",\n\t\t\"minimum\": {\"MBs\": 0.5}\n\t}\n]\n"), 0o600)
	unknown := filepath.Join(dir, "unknown.json")
	os.WriteFile(unknown, []byte(`[{"metric": "Blake3", "minimum": 1.0}]`), 0o600)
	yamlProfile := writeProfile(t, "name: x\nrequirements:\n  - metric: Copy\n    minimum: 1 GiB/s\n")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"output is the input", []string{"profiles", "import", in, "-o", in}, []string{"-o", "input"}},
		{"output links to the input", []string{"profiles", "import", in, "-o", link}, []string{"-o", "input"}},
		{"output dir missing", []string{"profiles", "import", in, "-o", filepath.Join(dir, "no", "x.yaml")}, []string{"-o", "no such file"}},
		{"bad unit", []string{"profiles", "import", bad}, []string{bad + ":4:", "[0].minimum.MBs", "unknown unit"}},
		{"bad unit on a run", []string{"--profile", bad, "--dir", dir}, []string{"--profile", bad + ":4:", "[0].minimum.MBs"}},
		{"unknown metric in show", []string{"profiles", "show", unknown}, []string{unknown + ":1:", "[0].metric", `"Blake3"`}},
		{"missing file", []string{"profiles", "import", filepath.Join(dir, "nope.json")}, []string{"nope.json"}},
		{"yaml to import", []string{"profiles", "import", yamlProfile}, []string{"not a Substrate reference-hardware file"}},
		{"bad role", []string{"profiles", "import", "--role", "collator", in}, []string{"--role", "collator", "non-validator"}},
		{"role on yaml", []string{"profiles", "show", "--role", "validator", "validator"}, []string{"--role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := hwqual(t, tt.args...)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if r.code != 2 || len(lines) != 1 {
				t.Fatalf("exit %d, stderr %q; want exit 2 and one line", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
		})
	}
	if after, _ := os.ReadFile(in); string(after) != string(before) {
		t.Error("the input file changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}
