package profiles

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	kibps = 1024.0
	mibps = 1024 * kibps
	gibps = 1024 * mibps
)

// substrateFile is one of the real reference-hardware files in
// testdata/substrate (README.md there names repository, path and commit).
func substrateFile(t testing.TB, name string) (string, []byte) {
	t.Helper()
	path := filepath.Join("testdata", "substrate", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

type wantRow struct {
	id            string
	minimum       float64 // bytes/s
	validatorOnly bool
}

// referenceFiles are the published files and the minimums each holds, as
// the Rust test beside each file (hardware.rs json_static_data_is_correct)
// or the PR that set them states them.
var referenceFiles = []struct {
	file string
	rows []wantRow
}{
	{"polkadot-sdk-current.json", []wantRow{
		{"metric:BLAKE2-256", 1000 * mibps, false},
		{"metric:BLAKE2-256-Parallel/8", 1000 * mibps, true},
		{"metric:SR25519-Verify", 637.619999744 * kibps, false},
		{"metric:Copy", 11.4925205078125003 * gibps, false},
		{"metric:Seq Write", 950 * mibps, false},
		{"metric:Rnd Write", 420 * mibps, false},
	}},
	{"polkadot-sdk-2024-08.json", []wantRow{
		{"metric:BLAKE2-256", 783.27 * mibps, false},
		{"metric:BLAKE2-256-Parallel/8", 966.43 * mibps, true},
		{"metric:SR25519-Verify", 560.670000128 * kibps, false},
		{"metric:Copy", 11.4925205078125003 * gibps, false},
		{"metric:Seq Write", 950 * mibps, false},
		{"metric:Rnd Write", 420 * mibps, false},
	}},
	// substrate PR #13317 (February 2023): 783.27 MiB/s, 560.67 KiB/s,
	// 11.49 GiB/s, 950 and 420 MiB/s; no parallel entry.
	{"substrate-2023.json", []wantRow{
		{"metric:BLAKE2-256", 783.27 * mibps, false},
		{"metric:SR25519-Verify", 560.670000128 * kibps, false},
		{"metric:Copy", 11.4925205078125003 * gibps, false},
		{"metric:Seq Write", 950 * mibps, false},
		{"metric:Rnd Write", 420 * mibps, false},
	}},
	{"substrate-2022-polkadot_requirements.json", []wantRow{
		{"metric:BLAKE2-256", 1029 * mibps, false},
		{"metric:SR25519-Verify", 666 * kibps, false},
		{"metric:Copy", 14.323 * gibps, false},
		{"metric:Seq Write", 502 * mibps, false},
		{"metric:Rnd Write", 227 * mibps, false},
	}},
}

func TestReferenceHardwareFiles(t *testing.T) {
	for _, tt := range referenceFiles {
		for _, role := range Roles {
			t.Run(tt.file+"/"+string(role), func(t *testing.T) {
				path, data := substrateFile(t, tt.file)
				p, err := ParseReferenceHardware(path, data, role)
				if err != nil {
					t.Fatal(err)
				}
				if p.Origin != path || p.SHA256 != digest(data) || !strings.Contains(p.Source, path) || !strings.Contains(p.Source, p.SHA256) {
					t.Errorf("origin %q, sha %q, source %q", p.Origin, p.SHA256, p.Source)
				}
				if len(p.Requirements) != len(tt.rows) {
					t.Fatalf("%d requirements, want %d", len(p.Requirements), len(tt.rows))
				}
				for i, w := range tt.rows {
					r := p.Requirements[i]
					if r.ID != w.id || r.Kind != KindMetric {
						t.Errorf("[%d] id %q kind %s, want %q", i, r.ID, r.Kind, w.id)
					}
					if math.Abs(r.Minimum-w.minimum) > 1e-12*w.minimum {
						t.Errorf("[%d] %s minimum %v, want %v", i, r.ID, r.Minimum, w.minimum)
					}
					wantSev := SeverityFail
					if w.validatorOnly && role == RoleNonValidator {
						wantSev = SeverityInfo
					}
					if r.Severity != wantSev {
						t.Errorf("[%d] %s severity %s, want %s", i, r.ID, r.Severity, wantSev)
					}
					if !strings.Contains(r.Source, filepath.Base(path)) || strings.Contains(r.Source, "validator_only") != w.validatorOnly {
						t.Errorf("[%d] source %q", i, r.Source)
					}
				}
			})
		}
	}
}

// The built-in validator profile carries the current file's numbers: every
// Substrate row has the same id, workers, minimum (to the bit) and
// severity, so the two give the same verdicts on the same scores.
func TestCurrentReferenceFileIsTheValidatorProfile(t *testing.T) {
	path, data := substrateFile(t, "polkadot-sdk-current.json")
	fromFile, err := ParseFile(path, data)
	if err != nil {
		t.Fatal(err)
	}
	builtin, err := Load("validator")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Requirement{}
	for _, r := range builtin.Requirements {
		byID[r.ID] = r
	}
	for _, r := range fromFile.Requirements {
		b, ok := byID[r.ID]
		if !ok {
			t.Errorf("validator profile lacks %s", r.ID)
			continue
		}
		if b.Minimum != r.Minimum || b.Workers != r.Workers || b.Severity != r.Severity || b.Metric != r.Metric {
			t.Errorf("%s: validator %v %s workers %d, file %v %s workers %d", r.ID, b.Minimum, b.Severity, b.Workers, r.Minimum, r.Severity, r.Workers)
		}
		for _, tol := range []float64{0, 10} {
			for _, score := range []float64{r.Threshold(tol), math.Nextafter(r.Threshold(tol), 0), r.Minimum * 2} {
				if b.Passes(score, tol) != r.Passes(score, tol) {
					t.Errorf("%s: verdicts differ at score %v, tolerance %v", r.ID, score, tol)
				}
			}
		}
	}
}

// The storage profile's CPU and memory warnings and its disk minimums are
// the 2023 file's numbers, to the bit.
func TestSubstrate2023FileIsTheStorageMinimums(t *testing.T) {
	path, data := substrateFile(t, "substrate-2023.json")
	fromFile, err := ParseFile(path, data)
	if err != nil {
		t.Fatal(err)
	}
	storage, err := Load("storage")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Requirement{}
	for _, r := range storage.Requirements {
		byID[r.ID] = r
	}
	for _, r := range fromFile.Requirements {
		if s, ok := byID[r.ID]; !ok || s.Minimum != r.Minimum {
			t.Errorf("%s: storage minimum %v (found %v), 2023 file %v", r.ID, s.Minimum, ok, r.Minimum)
		}
	}
}

// Importing writes YAML that parses to the same checks: ids, metrics,
// workers, minimums (same text, same float), severities and sources.
func TestImportRoundTrip(t *testing.T) {
	for _, tt := range referenceFiles {
		for _, role := range Roles {
			path, data := substrateFile(t, tt.file)
			p, err := ParseReferenceHardware(path, data, role)
			if err != nil {
				t.Fatal(err)
			}
			out, err := ImportYAML(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{path, p.SHA256, "rule: cpu.physical_cores"} {
				if !strings.Contains(string(out), want) {
					t.Errorf("%s: import lacks %q", tt.file, want)
				}
			}
			back, err := Parse("imported.yaml", out)
			if err != nil {
				t.Fatalf("%s (%s): imported YAML does not parse: %v\n%s", tt.file, role, err, out)
			}
			if back.Name != p.Name || back.Description != p.Description || back.Source != p.Source {
				t.Errorf("%s: header %q/%q/%q, want %q/%q/%q", tt.file, back.Name, back.Description, back.Source, p.Name, p.Description, p.Source)
			}
			assertSameChecks(t, tt.file, p.Requirements, back.Requirements)
		}
	}
}

func assertSameChecks(t *testing.T, what string, want, got []Requirement) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d requirements, want %d", what, len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		w.Line, g.Line = 0, 0
		if w.ID != g.ID || w.Kind != g.Kind || w.Metric != g.Metric || w.Workers != g.Workers ||
			w.Minimum != g.Minimum || w.MinimumText != g.MinimumText || w.Severity != g.Severity || w.Source != g.Source ||
			w.Maximum != g.Maximum || w.Rule != nil || g.Rule != nil || w.Firmware != g.Firmware || g.Proof != nil {
			t.Errorf("%s [%d]:\n got %+v\nwant %+v", what, i, g, w)
		}
	}
}

// Load and ParseFile tell the formats apart by extension or, without
// one, by the list a reference file starts with.
func TestLoadReferenceHardwareByPathOrContent(t *testing.T) {
	_, data := substrateFile(t, "polkadot-sdk-current.json")
	dir := t.TempDir()
	for _, name := range []string{"chain.json", "chain.JSON", "reference_hardware"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := Load(path)
		if err != nil {
			t.Fatalf("Load(%s): %v", name, err)
		}
		if len(p.Requirements) != 6 || p.Requirements[1].ID != "metric:BLAKE2-256-Parallel/8" || p.Requirements[1].Severity != SeverityFail {
			t.Errorf("Load(%s) = %+v", name, p.Requirements)
		}
		if out, err := ImportYAML(p); err != nil || p.Name == "" {
			t.Errorf("Load(%s): name %q, import %v", name, p.Name, err)
		} else if _, err := Parse(name+".yaml", out); err != nil {
			t.Errorf("Load(%s): import does not parse: %v", name, err)
		}
	}
}

func TestIsReferenceHardware(t *testing.T) {
	list, mapping := []byte(" \n[{\"metric\": \"MemCopy\"}]"), []byte("name: x\n")
	for _, tt := range []struct {
		file string
		data []byte
		want bool
	}{
		{"a.json", mapping, true}, // named JSON: JSON errors, not YAML ones
		{"a.JSON", list, true},
		{"reference_hardware", list, true},
		{"reference_hardware", mapping, false},
		{"a.yaml", list, false}, // named YAML: the YAML parser says what is wrong
		{"a.yml", list, false},
		{"a.txt", nil, false},
	} {
		if got := IsReferenceHardware(tt.file, tt.data); got != tt.want {
			t.Errorf("IsReferenceHardware(%q, %q) = %v", tt.file, tt.data, got)
		}
	}
}

func TestReferenceHardwareErrors(t *testing.T) {
	entry := func(body string) string { return "[\n\t{\n" + body + "\n\t}\n]\n" }
	tests := []struct {
		name string
		json string
		want []string // substrings of the one-line error
	}{
		{"malformed", `[{"metric": "Blake2256", "minimum": 1.0}`, []string{"bad.json:1:", "JSON syntax", "end of file"}},
		{"trailing comma", "[\n{\"metric\": \"Blake2256\", \"minimum\": 1.0},\n]", []string{"bad.json:3:", "JSON syntax"}},
		{"not json", "metric: Blake2256\n", []string{"bad.json:1:", "JSON syntax"}},
		{"empty file", "", []string{"bad.json:1:", "JSON syntax", "end of file"}},
		{"data after the list", `[{"metric": "Blake2256", "minimum": 1.0}] []`, []string{"bad.json:1:", "more data after the list"}},
		{"object, not list", `{"metric": "Blake2256", "minimum": 1.0}`, []string{"bad.json:1:", "JSON list"}},
		{"empty list", "[]", []string{"bad.json:1:", "no entries"}},
		{"entry not an object", "[\n1.0\n]", []string{"bad.json:2:", "[0]:", "object"}},
		{"unknown metric", entry(`"metric": "Blake2512", "minimum": 1.0`), []string{"bad.json:3:", "[0].metric", `unknown metric "Blake2512"`, "Blake2256Parallel"}},
		{"hwqual name as metric", entry(`"metric": "BLAKE2-256", "minimum": 1.0`), []string{"[0].metric", "unknown metric"}},
		{"metric a number", entry(`"metric": 3, "minimum": 1.0`), []string{"[0].metric", "metric name"}},
		{"missing metric", entry(`"minimum": 1.0`), []string{"bad.json:2:", "[0].metric", "missing"}},
		{"missing minimum", entry(`"metric": "MemCopy"`), []string{"bad.json:2:", "[0].minimum", "missing"}},
		{"integer minimum", entry(`"metric": "DiskSeqWrite",` + "\n" + `"minimum": 950`), []string{"bad.json:4:", "[0].minimum", "integer", "950.0"}},
		{"negative minimum", entry(`"metric": "MemCopy", "minimum": -1.5`), []string{"[0].minimum", "-1.5 must be positive"}},
		{"zero minimum", entry(`"metric": "MemCopy", "minimum": 0.0`), []string{"[0].minimum", "positive"}},
		{"negative zero", entry(`"metric": "MemCopy", "minimum": -0.0`), []string{"[0].minimum", "positive"}},
		{"overflowing minimum", entry(`"metric": "MemCopy", "minimum": 1e999`), []string{"[0].minimum", "not a finite number"}},
		{"minimum with unit text", entry(`"metric": "MemCopy", "minimum": "11 GiBs"`), []string{"[0].minimum", "not a number", "MiB/s"}},
		{"minimum null", entry(`"metric": "MemCopy", "minimum": null`), []string{"[0].minimum", "null is not a number"}},
		{"bad unit", entry(`"metric": "MemCopy", "minimum": {"MBs": 950.0}`), []string{"[0].minimum.MBs", "unknown unit", "KiBs, MiBs, GiBs"}},
		{"two units", entry(`"metric": "MemCopy", "minimum": {"MiBs": 950.0, "GiBs": 1.0}`), []string{"[0].minimum", "exactly one key"}},
		{"empty unit object", entry(`"metric": "MemCopy", "minimum": {}`), []string{"[0].minimum", "exactly one key"}},
		{"unit value a string", entry(`"metric": "MemCopy", "minimum": {"GiBs": "14"}`), []string{"[0].minimum.GiBs", "not a number"}},
		{"negative keyed minimum", entry(`"metric": "MemCopy", "minimum": {"GiBs": -14}`), []string{"[0].minimum.GiBs", "positive"}},
		{"misspelt flag", entry(`"metric": "MemCopy", "minimum": 1.0, "validator-only": true`), []string{"[0].validator-only", "unknown key"}},
		{"flag not a bool", entry(`"metric": "MemCopy", "minimum": 1.0, "validator_only": "yes"`), []string{"[0].validator_only", "true or false"}},
		{"contradicting flags", entry(`"metric": "MemCopy", "minimum": 1.0, "validator_only": true, "check_on_rc_authority": false`), []string{"[0].check_on_rc_authority", "contradicts"}},
		{"parallel without cores", entry(`"metric": "Blake2256Parallel", "minimum": 1.0`), []string{"[0].metric", "num_cores"}},
		{"parallel zero cores", entry(`"metric": {"Blake2256Parallel": {"num_cores": 0}}, "minimum": 1.0`), []string{"[0].metric.Blake2256Parallel.num_cores", "0 is not a positive whole number"}},
		{"parallel float cores", entry(`"metric": {"Blake2256Parallel": {"num_cores": 8.0}}, "minimum": 1.0`), []string{"num_cores", "8.0 is not"}},
		{"parallel string cores", entry(`"metric": {"Blake2256Parallel": {"num_cores": "8"}}, "minimum": 1.0`), []string{"num_cores", `"8" is not`}},
		{"parallel extra field", entry(`"metric": {"Blake2256Parallel": {"num_cores": 8, "pin": true}}, "minimum": 1.0`), []string{"[0].metric", "num_cores"}},
		{"fields on a plain metric", entry(`"metric": {"Blake2256": {}}, "minimum": 1.0`), []string{"[0].metric", "takes no fields"}},
		{"two variants", entry(`"metric": {"Blake2256": null, "MemCopy": null}, "minimum": 1.0`), []string{"[0].metric", "exactly one key"}},
		{"repeated key", entry(`"metric": "MemCopy",` + "\n" + `"minimum": 1.0,` + "\n" + `"minimum": 2.0`), []string{"bad.json:5:", "[0].minimum", "repeated key"}},
		{"repeated metric", `[{"metric": "MemCopy", "minimum": 1.0},` + "\n" + `{"metric": "MemCopy", "minimum": 2.0}]`, []string{"bad.json:2:", "[1].metric", "already required by entry [0]"}},
		{"deep nesting", strings.Repeat("[", 100000), []string{"bad.json:1:", "nested deeper"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseReferenceHardware("bad.json", []byte(tt.json), RoleValidator)
			assertOneLineError(t, err, tt.want)
		})
	}
}

// Substrate's own serde reader accepts integers inside a unit object (its
// value is a plain f64 there), and so do we.
func TestKeyedMinimumTakesIntegers(t *testing.T) {
	p, err := ParseReferenceHardware("old.json", []byte(`[{"metric": "DiskRndWrite", "minimum": {"MiBs": 227}}]`), RoleValidator)
	if err != nil {
		t.Fatal(err)
	}
	if r := p.Requirements[0]; r.Minimum != 227*mibps || r.MinimumText != "227 MiB/s" {
		t.Errorf("got %+v", r)
	}
}

func FuzzParseReferenceHardware(f *testing.F) {
	for _, tt := range referenceFiles {
		_, data := substrateFile(f, tt.file)
		f.Add(data)
	}
	f.Add([]byte(`[{"metric": {"Blake2256Parallel": {"num_cores": 16}}, "minimum": 1e3, "check_on_rc_authority": true}]`))
	f.Add([]byte(`[{"metric": "MemCopy", "minimum": {"GiBs": 1e308}}]`))
	f.Add([]byte(`[{"metric": "Sr25519Verify", "minimum": 5e-324}]`))
	f.Add([]byte(`[[[[{"a": [1, {"b": null}]}]]]]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, role := range Roles {
			p, err := ParseReferenceHardware("fuzz.json", data, role)
			if err != nil {
				if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "fuzz.json") {
					t.Fatalf("error %q: not one line naming the file", err)
				}
				continue
			}
			if len(p.Requirements) == 0 {
				t.Fatal("accepted a profile without requirements")
			}
			for _, r := range p.Requirements {
				if r.Kind != KindMetric || r.ID == "" || !(r.Minimum > 0) || math.IsInf(r.Minimum, 0) {
					t.Fatalf("accepted %+v", r)
				}
			}
			out, err := ImportYAML(p)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse("fuzz.yaml", out)
			if err != nil {
				t.Fatalf("import does not parse: %v\n%s", err, out)
			}
			assertSameChecks(t, "fuzz", p.Requirements, back.Requirements)
		}
	})
}
