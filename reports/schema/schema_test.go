package schema_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/analysis"
	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/schema"
)

var saved = reportstest.Path("reports")

// savedReports are every report a real run of hwqual wrote into testdata,
// of both schema versions.
func savedReports(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(saved, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no saved reports: %v", err)
	}
	return files
}

func TestSchemasCompile(t *testing.T) {
	kinds, err := schema.Kinds()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"v2/qualification", "v2/compare", "v2/fleet", "v2/inventory", "v2/firmware-check", "v2/bmc-check", "v2/net", "v2/burnin"} {
		found := false
		for _, k := range kinds {
			found = found || k == want
		}
		if !found {
			t.Errorf("no schema %s (have %v)", want, kinds)
		}
	}
}

// TestSavedReportsValidate: every saved report, as written (schema 2) or
// as this hwqual rewrites it after reading (schema 1 converted), is valid.
func TestSavedReportsValidate(t *testing.T) {
	for _, f := range savedReports(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h, err := model.ReadHeader(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if h.SchemaVersion == model.SchemaVersion {
			if err := schema.Validate(b); err != nil {
				t.Errorf("%s as written: %v", f, err)
			}
		}
		r, err := model.LoadReport(f)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := model.EncodeJSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(buf.Bytes()); err != nil {
			t.Errorf("%s rewritten: %v", f, err)
		}
	}
}

func TestCompareAndFleetValidate(t *testing.T) {
	var reps []*model.Report
	var names []string
	for _, f := range savedReports(t) {
		r, err := model.LoadReport(f)
		if err != nil {
			t.Fatal(err)
		}
		reps, names = append(reps, r), append(names, f)
	}
	c, err := analysis.Compare(reps, names)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := model.EncodeJSON(&buf, c); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(buf.Bytes()); err != nil {
		t.Errorf("compare: %v", err)
	}

	dir := t.TempDir()
	for i, f := range names {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, filepath.Base(filepath.Dir(f))+"-"+filepath.Base(f)), b, 0o644)
		if i == 0 {
			os.WriteFile(filepath.Join(dir, "corrupt.json"), b[:len(b)/2], 0o644)
		}
	}
	f, err := analysis.BuildFleet(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := model.EncodeJSON(&buf, f); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(buf.Bytes()); err != nil {
		t.Errorf("fleet: %v", err)
	}
}

// TestGoldenDocumentsValidate: every JSON document the renderers' golden
// files hold (qualification, inventory, firmware-check, bmc-check, compare,
// fleet) is
// valid against the schema its header names.
func TestGoldenDocumentsValidate(t *testing.T) {
	files, err := filepath.Glob(reportstest.Path("golden", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden JSON: %v", err)
	}
	kinds := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h, err := model.ReadHeader(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		kinds[h.Kind] = true
		if err := schema.Validate(b); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, k := range []string{"qualification", "inventory", "firmware-check", "bmc-check", "net", "burnin", "compare", "fleet"} {
		if !kinds[k] {
			t.Errorf("no golden document of kind %s validated", k)
		}
	}
}

// TestSchemaRejects proves the schemas are not vacuous: a check without
// an id, an unknown key and a wrong kind each fail validation.
func TestSchemaRejects(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(saved, "validator-vm.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(string) string{
		"check without id": func(s string) string { return strings.Replace(s, `"id": "metric:BLAKE2-256",`, "", 1) },
		"unknown top key":  func(s string) string { return strings.Replace(s, `"host":`, `"hostname_typo": "x", "host":`, 1) },
		"bad result":       func(s string) string { return strings.Replace(s, `"result": "fail"`, `"result": "failed"`, 1) },
		"metric without id prefix": func(s string) string {
			return strings.Replace(s, `"id": "metric:BLAKE2-256",`, `"id": "BLAKE2-256",`, 1)
		},
	} {
		doc := mutate(string(b))
		if doc == string(b) {
			t.Fatalf("%s: mutation did not apply", name)
		}
		if err := schema.Validate([]byte(doc)); err == nil {
			t.Errorf("%s: validated", name)
		}
	}
}
