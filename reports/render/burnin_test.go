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
		Errors: []VerifyError{{Time: t0, Kind: "memory", Test: "solid bits 3/64", Where: "half b", Offset: 4096, Expected: "0x0", Found: "0x1"},
			{Time: t0.Add(50 * time.Second), Kind: "disk", Test: "corrupted data, read before overwrite", Fault: "corrupted_data",
				Where: "/srv/.hwqual-burnin-disk-1 block 7", Offset: 7<<20 + 8192, Expected: "a3627d1427efa99a", Found: "28a937aef6b9c4bc",
				Detail: "4085 of 1048576 bytes differ, block bytes 8192–12287; header intact", Written: t0.Add(20 * time.Second), LastGood: t0.Add(30 * time.Second)}},
		ErrorCount: 2,
		Unknown:    []string{"ECC (EDAC) counts: not revealed by this machine: no EDAC memory controller"},
		Verdict: Verdict{Result: StatusFail, Findings: []Finding{
			{Severity: StatusFail, Check: "memory-verify", When: t0, Where: "half b offset 4096 (0x1000)", Evidence: "solid bits 3/64: expected 0x0, found 0x1"},
			{Severity: StatusFail, Check: "disk-verify", When: t0.Add(50 * time.Second), Where: "/srv/.hwqual-burnin-disk-1 block 7 offset 7348224 (0x702000)",
				Evidence: "corrupted data, read before overwrite: expected a3627d1427efa99a, found 28a937aef6b9c4bc (4085 of 1048576 bytes differ, block bytes 8192–12287; header intact); written 2026-11-30T05:00:20Z, last read back intact 2026-11-30T05:00:30Z"}},
			Unknown: []Finding{{Severity: StatusIncomplete, Check: "unknown-watch", When: t0.Add(time.Minute), Where: "ECC (EDAC) counts",
				Evidence: "not read once during the run, so memory errors the ECC corrected or could not correct would go unseen — ECC (EDAC) counts: not revealed by this machine: no EDAC memory controller"}}},
	}
}

// The verdict line says INCOMPLETE and names the unknown watches, and a
// PASS that accepted unknowns says which; the renderers print what the
// verdict holds.
func TestBurnInVerdictLineUnknowns(t *testing.T) {
	unknown := []Finding{{Severity: StatusIncomplete, Check: "unknown-watch", Where: "throttling"}, {Severity: StatusIncomplete, Check: "unknown-watch", Where: "NVMe SMART"}}
	for _, tc := range []struct {
		result Status
		accept bool
		want   string
	}{
		{StatusIncomplete, false, "Burn-in INCOMPLETE: no errors found, but not a pass: unknown for the whole run: throttling, NVMe SMART"},
		{StatusPass, true, "Burn-in PASS: no verification errors and no new hardware errors in what was watched; unknown, accepted with --accept-unknown: throttling, NVMe SMART"},
		{StatusFail, false, "Burn-in FAIL"},
	} {
		b := sampleBurnIn()
		b.AcceptUnknown = tc.accept
		b.Verdict = Verdict{Result: tc.result, Findings: []Finding{}, Unknown: unknown}
		if got := BurnInVerdictLine(b); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.result, got, tc.want)
		}
		var page bytes.Buffer
		if err := WriteBurnInHTML(&page, b); err != nil || !strings.Contains(page.String(), `class="verdict `+string(tc.result)+`"`) {
			t.Errorf("%s: HTML verdict class missing (%v)", tc.result, err)
		}
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
	for _, want := range []string{"disk-verify", "block 7 offset 7348224", "corrupted data, read before overwrite", "unknown-watch", "ECC (EDAC) counts", "direct I/O"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	back, err := ReadBurnIn(&js)
	if err != nil {
		t.Fatal(err)
	}
	if back.Verdict.Result != StatusFail || back.Errors[0].Offset != 4096 || back.Timelines.Frequency[0].MHz[1] != 4200 ||
		back.Errors[1].Fault != "corrupted_data" || !back.Errors[1].LastGood.Equal(b.Errors[1].LastGood) || len(back.Verdict.Unknown) != 1 {
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
