package reports

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/units"
)

const mib = 1 << 20

func sampleReport() *Report {
	checks := []Check{
		{ID: "metric:BLAKE2-256", Kind: KindMetric, Category: "CPU", Function: "BLAKE2-256", Severity: "fail", Status: StatusPass, Method: "m",
			Numeric: &Numeric{Unit: units.BytesPerSecond, Minimum: 783.27 * mib, Threshold: 783.27 * mib * 0.9, Score: 1.65 * 1024 * mib, Samples: []float64{1.6e9, 1.8e9, 1.7e9},
				Estimator: "whole_window", SampleSeconds: []float64{0.05, 0.05, 0.05},
				Stats: Stats{Min: 1.6e9, Max: 1.8e9, Mean: 1.7e9, Stddev: 1e8, CV: 0.0588}, RelativePercent: 215.8, Noisy: true}},
		{ID: "metric:Rnd Write", Kind: KindMetric, Category: "Disk", Function: "Rnd Write", Severity: "fail", Status: StatusFail,
			Notes: []string{"a note", "marginal fail: the 95% interval 350.00 MiBs–380.00 MiBs contains the threshold 378.00 MiBs; another run could land on the other side (--strict counts a marginal pass as a failure)"},
			Numeric: &Numeric{Unit: units.BytesPerSecond, Minimum: 420 * mib, Threshold: 378 * mib, Score: 366.24 * mib, Samples: []float64{366.24 * mib},
				Estimator: "median", CILow: 350 * mib, CIHigh: 380 * mib, CILevel: 0.95, Marginal: true,
				Stats: Stats{Min: 366.24 * mib, Max: 366.24 * mib, Mean: 366.24 * mib}, RelativePercent: 87.2, Extra: map[string]float64{"workers": 2}}},
		{ID: "metric:Seq Write", Kind: KindMetric, Category: "Disk", Function: "Seq Write", Severity: "fail", Status: StatusNotMeasured, Reason: "filesystem refused fsync",
			Numeric: &Numeric{Unit: units.BytesPerSecond, Minimum: 950 * mib, Threshold: 855 * mib}},
		{ID: "metric:Copy", Kind: KindMetric, Category: "Memory", Function: "Copy", Severity: "warn", Status: StatusWarn,
			Numeric: &Numeric{Unit: units.BytesPerSecond, Minimum: 11.49 * 1024 * mib, Score: 9 * 1024 * mib, Samples: []float64{9 * 1024 * mib}, RelativePercent: 78.3}},
	}
	return &Report{
		Header: NewHeader(DocQualification), Tool: Tool{Name: "hwqual", Version: "v1.2.3"},
		Timestamp: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Host: "val-01",
		Profile:          ProfileRef{Name: "validator", Origin: "builtin:validator", SHA256: strings.Repeat("ab", 32)},
		TolerancePercent: 10, Dir: "/var/lib/polkadot", Checks: checks,
		Summary: Summary{Total: 4, Passed: 1, Failed: 1, Warned: 1, NotMeasured: 1, Marginal: 1},
	}
}

func TestResultCellMatchesSubstrate(t *testing.T) {
	tests := []struct {
		c    Check
		want string
	}{
		{Check{Kind: KindMetric, Status: StatusPass, Numeric: &Numeric{RelativePercent: 215.8}}, "✅ Pass (215.8 %)"},
		{Check{Kind: KindMetric, Status: StatusFail, Numeric: &Numeric{RelativePercent: 87.2}}, "❌ Fail ( 87.2 %)"},
		{Check{Kind: KindMetric, Status: StatusPass, Numeric: &Numeric{RelativePercent: 99.44}}, "✅ Pass ( 99.4 %)"},
		{Check{Kind: KindMetric, Status: StatusWarn, Numeric: &Numeric{RelativePercent: 78.3}}, "❗ Warn ( 78.3 %)"},
		{Check{Kind: KindMetric, Status: StatusPass, Numeric: &Numeric{RelativePercent: 101.2, Marginal: true}}, "✅ Pass (101.2 %) marginal"},
		{Check{Status: StatusNotMeasured}, "❔ Not measured"},
		{Check{Status: StatusInfo}, "📋 Info"},
	}
	for _, tt := range tests {
		if got := ResultCell(tt.c); got != tt.want {
			t.Errorf("ResultCell(%s) = %q, want %q", tt.c.Status, got, tt.want)
		}
	}
}

func TestWriteTable(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, sampleReport()); err != nil {
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

func TestSummaryLineKeepsSubstrateWording(t *testing.T) {
	r := &Report{TolerancePercent: 10, Summary: Summary{Total: 5, Passed: 5, Pass: true}}
	if got, want := SummaryLine(r), "From 5 benchmarks in total, 5 passed and 0 failed (10% fault tolerance)."; got != want {
		t.Errorf("SummaryLine = %q, want %q", got, want)
	}
	if got, want := VerdictLine(r), "The hardware meets the requirements"; got != want {
		t.Errorf("VerdictLine = %q, want %q", got, want)
	}
	r.Interrupted = true
	if got := VerdictLine(r); !strings.HasPrefix(got, "Interrupted") {
		t.Errorf("interrupted verdict = %q", got)
	}
}

func TestWriteMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, sampleReport()); err != nil {
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
	in := sampleReport()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for _, key := range []string{`"schema_version": 2`, `"kind": "qualification"`, `"id": "metric:BLAKE2-256"`, `"score_bytes_per_second"`, `"samples_bytes_per_second"`, `"minimum_bytes_per_second"`, `"tolerance_percent": 10`, `"sha256"`, `"result": "not_measured"`} {
		if !strings.Contains(raw, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	out, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// An unmeasured check has no samples; the wire form says [] for them.
	in.Checks[2].Numeric.Samples = []float64{}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip changed the report:\n in: %+v\nout: %+v", in, out)
	}
}

func TestReadJSONRejectsOtherSchema(t *testing.T) {
	if _, err := ReadJSON(strings.NewReader(`{"schema_version": 99}`)); err == nil || !strings.Contains(err.Error(), "schema_version 99") {
		t.Fatalf("err = %v", err)
	}
	if _, err := ReadJSON(strings.NewReader(`{"schema_version": 1, "checks": [{"function": "x"}]}`)); err == nil {
		t.Fatal("check without unit accepted")
	}
}

func FuzzReadJSON(f *testing.F) {
	var buf bytes.Buffer
	WriteJSON(&buf, sampleReport())
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schema_version":1,"checks":[{"unit":"bytes_per_second","samples_bytes_per_second":[1,"x"]}]}`))
	if v1, err := os.ReadFile("testdata/v1-run.json"); err == nil {
		f.Add(v1) // a schema 1 report takes the converting path
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever parses must render without error.
		var out bytes.Buffer
		if err := WriteJSON(&out, r); err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if err := WriteMarkdown(&out, r); err != nil {
			t.Fatalf("markdown: %v", err)
		}
	})
}

// TestVerdictLineStrict: a run that failed only because --strict refused a
// marginal pass says so, not that something failed or went unmeasured.
func TestVerdictLineStrict(t *testing.T) {
	r := &Report{Checks: []Check{{Kind: KindMetric, Severity: "fail", Status: StatusPass, Numeric: &Numeric{Marginal: true}}},
		Summary: Summary{Total: 1, Passed: 1, Marginal: 1, Strict: true}}
	if got := VerdictLine(r); !strings.Contains(got, "only marginally") {
		t.Errorf("verdict %q, want the marginal reason", got)
	}
	r.Summary.Strict, r.Summary.Pass = false, true
	if got := VerdictLine(r); got != "The hardware meets the requirements" {
		t.Errorf("lenient verdict %q", got)
	}
}
