package model_test

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
)

const mib = 1 << 20

// TestReadV1Run: a report written by hwqual's schema 1 converts to the
// current model with ids, kinds and every number where it belongs.
func TestReadV1Run(t *testing.T) {
	r := reportstest.Report(t, "v1-run.json")
	if r.SchemaVersion != model.SchemaVersion || r.Kind != model.DocQualification || r.Profile.Name != "v1-fixture" || r.Inventory == nil {
		t.Fatalf("header: %+v", r.Header)
	}
	var ids []string
	for _, c := range r.Checks {
		ids = append(ids, c.ID+" "+string(c.Kind))
	}
	// The parallel rows are named by the workers that ran (extra.workers).
	want := []string{
		"metric:BLAKE2-256 metric", "metric:BLAKE2-256-Parallel/2 metric", "metric:Copy-Parallel/2 metric", "metric:Read Latency p99 metric",
		"rule:cpu.physical_cores rule", "rule:memory.type rule",
		"firmware:nvme/nvme0 firmware", "firmware:nvme/nvme1 firmware", "firmware:nvme/nvme2 firmware", "firmware:nvme/nvme10 firmware",
	}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids:\n got %q\nwant %q", ids, want)
	}
	b := r.Checks[0].Numeric
	if b.Unit != units.BytesPerSecond || b.Minimum != 104857600 || b.Threshold != 94371840 || b.Score != 208004808.47120875 ||
		len(b.Samples) != 2 || b.Stats.Min != 207156160.69789866 || b.Stats.CV != 0.0057699107992448566 || b.Extra["cpu_share"] == 0 {
		t.Errorf("BLAKE2-256 numbers: %+v", b)
	}
	lat := r.Checks[3]
	if lat.Numeric.Maximum != 1e6 || lat.Numeric.Unit != units.Nanoseconds || lat.Disk == nil || lat.Disk.Latency.P99Ns != 3252223 || lat.Disk.IO.Mode != "direct" {
		t.Errorf("latency check: %+v %+v", lat.Numeric, lat.Disk)
	}
	if rule := r.Checks[5]; rule.Text.Found != "unknown" || rule.Text.Required != "== DDR5" || rule.Numeric != nil || rule.Status != model.StatusWarn {
		t.Errorf("rule: %+v", rule)
	}
	if fw := r.Checks[6]; fw.Text.Found != "3B2QGXA7 CRITICAL" || fw.Status != model.StatusFail || len(fw.Notes) == 0 {
		t.Errorf("firmware: %+v", fw)
	}
	if r.Summary.Total != 10 || r.Summary.Failed != 2 {
		t.Errorf("summary: %+v", r.Summary)
	}
}

// TestReadV1Disk: the unit tests' schema 1 report (not-measured and noisy
// rows, a sustained timeline) converts and survives a v2 round trip.
func TestReadV1Disk(t *testing.T) {
	r := reportstest.Report(t, "v1-disk.json")
	seq := r.Checks[2]
	if seq.ID != "metric:Seq Write" || seq.Status != model.StatusNotMeasured || seq.Reason != "filesystem refused fsync" || seq.Numeric.Minimum != 950*mib {
		t.Errorf("not-measured row: %+v %+v", seq, seq.Numeric)
	}
	if !r.Checks[0].Numeric.Noisy || r.Checks[6].Disk.Sustained.Cliff == nil || r.Disk == nil {
		t.Errorf("noisy or sustained lost: %+v", r.Checks[6])
	}
	var buf bytes.Buffer
	if err := model.EncodeJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	back, err := model.ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, back) {
		t.Errorf("v1 → v2 → read changed the report:\n%+v\n%+v", r, back)
	}
}

func TestV1DuplicateRulesGetDistinctIDs(t *testing.T) {
	in := `{"schema_version": 1, "checks": [
	 {"category": "CPU", "function": "cpu.max_mhz", "unit": "text", "result": "pass", "found": "5000 MHz", "required": ">= 3.4 GHz"},
	 {"category": "CPU", "function": "cpu.max_mhz", "unit": "text", "result": "pass", "found": "5000 MHz", "required": "<= 6 GHz"},
	 {"category": "Firmware", "function": "NVMe firmware", "unit": "text", "result": "not_measured", "reason": "no NVMe"}]}`
	r, err := model.ReadJSON(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{r.Checks[0].ID, r.Checks[1].ID, r.Checks[2].ID}; !reflect.DeepEqual(got, []string{"rule:cpu.max_mhz>=3.4GHz", "rule:cpu.max_mhz<=6GHz", "firmware:nvme"}) {
		t.Errorf("ids = %q", got)
	}
}

// TestReadJSONErrorsAreOneLine: a newer schema, another document kind or a
// damaged file is refused with one line saying which.
func TestReadJSONErrorsAreOneLine(t *testing.T) {
	good, err := os.ReadFile(reportstest.Path("v1-run.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, in, want string }{
		{"newer", `{"schema_version": 3, "kind": "qualification"}`, "schema_version 3: written by a newer hwqual (this one reads up to 2); upgrade hwqual"},
		{"other kind", `{"schema_version": 2, "kind": "inventory"}`, `kind "inventory" is not a qualification report`},
		{"truncated", string(good[:len(good)/2]), "not a hwqual JSON document"},
		{"not JSON", "hello", "not a hwqual JSON document"},
		{"no version", `{"checks": []}`, "schema_version 0"},
		{"v2 check without id", `{"schema_version": 2, "kind": "qualification", "checks": [{"kind": "metric", "numeric": {"unit": "ns"}}]}`, "missing id"},
		{"v2 metric without numeric", `{"schema_version": 2, "kind": "qualification", "checks": [{"id": "metric:x", "kind": "metric"}]}`, "without numeric"},
		{"v2 bad kind", `{"schema_version": 2, "kind": "qualification", "checks": [{"id": "x", "kind": "vibe"}]}`, `kind "vibe"`},
	} {
		_, err := model.ReadJSON(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v, want one line with %q", tt.name, err, tt.want)
		}
	}
}
