package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sampleBurnIn() *BurnIn {
	t0 := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)
	return &BurnIn{
		Header: NewHeader(DocBurnIn), Tool: Tool{Name: "hwqual", Version: "test"}, Host: "node1",
		Started: t0, Updated: t0.Add(time.Minute), RequestedSeconds: 120, ElapsedSeconds: 60, Runs: 1,
		MemoryBytes: 512 << 20, DiskFileBytes: 1 << 30, DiskIO: "direct",
		Phases: []BurnInPhase{{Name: "memory", Cycle: 1, Start: t0, End: t0.Add(10 * time.Second), Work: "a|b", Errors: 1}},
		Timelines: Timelines{
			Frequency:   []FreqSample{{Time: t0, Phase: "cpu", MHz: []int{4000, 4200}}},
			Temperature: []TempSample{{Time: t0, Celsius: map[string]float64{"k10temp/Tctl": 71.5}}},
			Quick:       []QuickSample{{Time: t0, Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: 1 << 30}},
		},
		Errors:     []VerifyError{{Time: t0, Kind: "memory", Test: "solid bits 3/64", Where: "half b", Offset: 4096, Expected: "0x0", Found: "0x1"}},
		ErrorCount: 1,
		Verdict:    Verdict{Result: StatusFail, Findings: []Finding{{Severity: StatusFail, Check: "memory-verify", When: t0, Where: "half b offset 4096 (0x1000)", Evidence: "solid bits 3/64: expected 0x0, found 0x1"}}},
	}
}

// The renderers show the verdict, the evidence and the timelines, and
// never judge: a FAIL verdict in the data is what they print.
func TestBurnInRenderers(t *testing.T) {
	b := sampleBurnIn()
	var table, md, js bytes.Buffer
	if err := WriteBurnInTable(&table, b); err != nil {
		t.Fatal(err)
	}
	if err := WriteBurnInMarkdown(&md, b); err != nil {
		t.Fatal(err)
	}
	if err := WriteBurnInJSON(&js, b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Burn-in FAIL", "memory-verify", "half b offset 4096", "k10temp/Tctl (°C)", "1.00 GiBs", "in progress or killed"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	if !strings.Contains(md.String(), `a\|b`) || !strings.Contains(md.String(), "**Burn-in FAIL") {
		t.Errorf("markdown:\n%s", md.String())
	}
	back, err := ReadBurnIn(&js)
	if err != nil {
		t.Fatal(err)
	}
	if back.Verdict.Result != StatusFail || back.Errors[0].Offset != 4096 || back.Timelines.Frequency[0].MHz[1] != 4200 {
		t.Fatalf("round trip: %+v", back)
	}
}

// ReadBurnIn reads untrusted files (checkpoints after a crash): it must
// never panic, and what it accepts is a burn-in document.
func FuzzReadBurnIn(f *testing.F) {
	var js bytes.Buffer
	WriteBurnInJSON(&js, sampleBurnIn())
	f.Add(js.Bytes())
	f.Add([]byte(`{"schema_version":2,"kind":"burnin"}`))
	f.Add([]byte(`{"schema_version":9,"kind":"burnin"}`))
	f.Add([]byte(`{"schema_version":2,"kind":"inventory"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBurnIn(bytes.NewReader(data))
		if err != nil {
			return
		}
		if b.Kind != DocBurnIn {
			t.Fatalf("accepted kind %q", b.Kind)
		}
		var out bytes.Buffer
		if err := WriteBurnInTable(&out, b); err != nil {
			t.Fatal(err)
		}
		// HTML and Prometheus may refuse odd data (an error), never panic.
		_ = WriteBurnInHTML(&out, b)
		_ = WriteBurnInPrometheus(&out, b)
	})
}

// The burn-in renderers' output is pinned by golden files
// (go test ./reports -run Golden -update rewrites them).
func TestGoldenBurnIn(t *testing.T) {
	b := sampleBurnIn()
	for _, c := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"burnin.table.txt", func(w *bytes.Buffer) error { return WriteBurnInTable(w, b) }},
		{"burnin.md", func(w *bytes.Buffer) error { return WriteBurnInMarkdown(w, b) }},
		{"burnin.json", func(w *bytes.Buffer) error { return WriteBurnInJSON(w, b) }},
		{"burnin.prom", func(w *bytes.Buffer) error { return WriteBurnInPrometheus(w, b) }},
	} {
		var buf bytes.Buffer
		if err := c.render(&buf); err != nil {
			t.Fatal(err)
		}
		golden(t, c.name, buf.Bytes())
	}
}

// report fleet summarises qualification reports; a burn-in report in the
// directory is listed as skipped, named as what it is.
func TestFleetSkipsBurnIn(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{"q.json": "testdata/reports/validator-vm.json", "b.json": "testdata/golden/burnin.json"} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := BuildFleet(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Hosts) != 1 || len(f.Skipped) != 1 || f.Skipped[0].File != "b.json" || !strings.Contains(f.Skipped[0].Reason, "a burn-in report") {
		t.Errorf("hosts %d, skipped %+v", len(f.Hosts), f.Skipped)
	}
}
