package render

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
)

func TestWriteTable(t *testing.T) {
	var buf bytes.Buffer
	if err := writeTable(&buf, reportstest.SampleReport()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"| Category | Function   | Score       | Minimum     | Result                     |",
		"| CPU      | BLAKE2-256 | 1.65 GiBs * | 783.27 MiBs | ✅ Pass (215.8 %)          |",
		"| Disk     | Rnd Write  | 366.24 MiBs | 420.00 MiBs | ❌ Fail ( 87.2 %) marginal |",
		"Rnd Write: marginal fail: the 95% interval 350.00 MiBs–380.00 MiBs contains the threshold",
		"| Disk     | Seq Write  | -           | 950.00 MiBs | ❔ Not measured            |",
		"Seq Write: not measured: filesystem refused fsync",
		"BLAKE2-256: * noisy: CV 5.9% over 3 samples",
		"Rnd Write: a note",
		"From 4 benchmarks in total, 1 passed, 1 failed, 1 warned, 1 not measured and 0 for information (10% fault tolerance). 1 marginal (interval contains the threshold).",
		"The hardware fails to meet the requirements",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := writeMarkdown(&buf, reportstest.SampleReport()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"## Hardware qualification: val-01 (validator)",
		"- **Date:** 2026-11-21T12:00:00Z",
		"- **Profile:** validator (builtin:validator, sha256 `abababababab`)",
		"| Category | Function | Score | Minimum | Result | Samples |",
		"| CPU | BLAKE2-256 | 1.65 GiBs \\* | 783.27 MiBs | ✅ Pass (215.8 %) | 3 (CV 5.9 %) |",
		"| Disk | Seq Write | - | 950.00 MiBs | ❔ Not measured | - |",
		"**The hardware fails to meet the requirements**",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	in := reportstest.SampleReport()
	var buf bytes.Buffer
	if err := JSON(in)(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for _, key := range []string{`"schema_version": 2`, `"kind": "qualification"`, `"id": "metric:BLAKE2-256"`, `"score_bytes_per_second"`, `"samples_bytes_per_second"`, `"minimum_bytes_per_second"`, `"tolerance_percent": 10`, `"sha256"`, `"result": "not_measured"`} {
		if !strings.Contains(raw, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	out, err := model.ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// An unmeasured check has no samples; the wire form says [] for them.
	in.Checks[2].Numeric.Samples = []float64{}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip changed the report:\n in: %+v\nout: %+v", in, out)
	}
}

func FuzzReadJSON(f *testing.F) {
	var buf bytes.Buffer
	JSON(reportstest.SampleReport())(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schema_version":1,"checks":[{"unit":"bytes_per_second","samples_bytes_per_second":[1,"x"]}]}`))
	if v1, err := os.ReadFile(reportstest.Path("v1-run.json")); err == nil {
		f.Add(v1) // a schema 1 report takes the converting path
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := model.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever parses must render without error.
		var out bytes.Buffer
		if err := JSON(r)(&out); err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if err := Markdown(r)(&out); err != nil {
			t.Fatalf("markdown: %v", err)
		}
	})
}
