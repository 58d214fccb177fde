package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzFleetAndCompare feeds arbitrary files to the code that reads other
// machines' reports: loading never panics, and whatever loads can be
// summarised, compared and rendered without panicking either.
func FuzzFleetAndCompare(f *testing.F) {
	for _, name := range []string{"validator-vm.json", "storage-vm.json", "v1/storage-vm.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "reports", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"schema_version": 2, "kind": "qualification", "checks": [{"id": "metric:X", "kind": "metric", "numeric": {"unit": "ns", "score_ns": -1}}]}`))
	f.Add([]byte(`{"schema_version": 1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "r.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := LoadReport(path)
		if err != nil {
			return
		}
		fh := fleetHost(r, time.Now())
		_ = fleetRow(fh)
		c, err := Compare([]*Report{r, r}, []string{"a", "b"})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		for _, w := range []func() error{
			func() error { return WriteCompareTable(&buf, c) },
			func() error { return WriteCompareMarkdown(&buf, c) },
			func() error { return WritePrometheus(&buf, r) },
		} {
			_ = w() // errors are fine (a renderer may refuse); panics are not
		}
	})
}
