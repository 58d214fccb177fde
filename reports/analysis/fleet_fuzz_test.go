package analysis

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/prom"
)

// FuzzFleetAndCompare feeds arbitrary files to the code that reads other
// machines' reports: loading never panics, and whatever loads can be
// summarised, compared and rendered without panicking either.
func FuzzFleetAndCompare(f *testing.F) {
	for _, name := range []string{"validator-vm.json", "storage-vm.json", "v1/storage-vm.json"} {
		b, err := os.ReadFile(reportstest.Path("reports", name))
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
		r, err := model.LoadReport(path)
		if err != nil {
			return
		}
		fleet := &model.Fleet{Hosts: []model.FleetHost{fleetHost(r, time.Now())}}
		c, err := Compare([]*model.Report{r, r}, []string{"a", "b"})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		for _, w := range []func() error{
			func() error { return render.Table(fleet)(&buf) },
			func() error { return render.Table(c)(&buf) },
			func() error { return render.Markdown(c)(&buf) },
			func() error { return prom.Text(r)(&buf) },
		} {
			_ = w() // errors are fine (a renderer may refuse); panics are not
		}
	})
}
