package render_test

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
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/htmlpage"
	"github.com/hwqual/hwqual/reports/render/prom"
)

// The verdict line says INCOMPLETE and names the unknown watches, and a
// PASS that accepted unknowns says which; the renderers print what the
// verdict holds.
func TestBurnInVerdictLineUnknowns(t *testing.T) {
	unknown := []model.Finding{{Severity: model.StatusIncomplete, Check: "unknown-watch", Where: "throttling"}, {Severity: model.StatusIncomplete, Check: "unknown-watch", Where: "NVMe SMART"}}
	for _, tc := range []struct {
		result model.Status
		accept bool
		want   string
	}{
		{model.StatusIncomplete, false, "Burn-in INCOMPLETE: no errors found, but not a pass: unknown for the whole run: throttling, NVMe SMART"},
		{model.StatusPass, true, "Burn-in PASS: no verification errors and no new hardware errors in what was watched; unknown, accepted with --accept-unknown: throttling, NVMe SMART"},
		{model.StatusFail, false, "Burn-in FAIL"},
	} {
		b := reportstest.SampleBurnIn()
		b.AcceptUnknown = tc.accept
		b.Verdict = model.Verdict{Result: tc.result, Findings: []model.Finding{}, Unknown: unknown}
		if got := render.BurnInVerdictLine(b); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.result, got, tc.want)
		}
		var page bytes.Buffer
		if err := htmlpage.Page(b)(&page); err != nil || !strings.Contains(page.String(), `class="verdict `+string(tc.result)+`"`) {
			t.Errorf("%s: HTML verdict class missing (%v)", tc.result, err)
		}
	}
}

// The renderers show the verdict, the evidence and the timelines, and
// never judge: a FAIL verdict in the data is what they print.
func TestBurnInRenderers(t *testing.T) {
	b := reportstest.SampleBurnIn()
	var table, md, js bytes.Buffer
	if err := render.Table(b)(&table); err != nil {
		t.Fatal(err)
	}
	if err := render.Markdown(b)(&md); err != nil {
		t.Fatal(err)
	}
	if err := render.JSON(b)(&js); err != nil {
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
	back, err := model.ReadBurnIn(&js)
	if err != nil {
		t.Fatal(err)
	}
	if back.Verdict.Result != model.StatusFail || back.Errors[0].Offset != 4096 || back.Timelines.Frequency[0].MHz[1] != 4200 ||
		back.Errors[1].Fault != "corrupted_data" || !back.Errors[1].LastGood.Equal(b.Errors[1].LastGood) || len(back.Verdict.Unknown) != 1 {
		t.Fatalf("round trip: %+v", back)
	}
}

// ReadBurnIn reads untrusted files (checkpoints after a crash): it must
// never panic, and what it accepts is a burn-in document.
func FuzzReadBurnIn(f *testing.F) {
	var js bytes.Buffer
	render.JSON(reportstest.SampleBurnIn())(&js)
	f.Add(js.Bytes())
	f.Add([]byte(`{"schema_version":2,"kind":"burnin"}`))
	f.Add([]byte(`{"schema_version":9,"kind":"burnin"}`))
	f.Add([]byte(`{"schema_version":2,"kind":"inventory"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := model.ReadBurnIn(bytes.NewReader(data))
		if err != nil {
			return
		}
		if b.Kind != model.DocBurnIn {
			t.Fatalf("accepted kind %q", b.Kind)
		}
		var out bytes.Buffer
		if err := render.Table(b)(&out); err != nil {
			t.Fatal(err)
		}
		// HTML and Prometheus may refuse odd data (an error), never panic.
		_ = htmlpage.Page(b)(&out)
		_ = prom.Text(b)(&out)
	})
}

// The burn-in renderers' output is pinned by golden files
// (go test ./reports/... -run Golden -update rewrites them).
func TestGoldenBurnIn(t *testing.T) {
	b := reportstest.SampleBurnIn()
	for _, c := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"burnin.table.txt", func(w *bytes.Buffer) error { return render.Table(b)(w) }},
		{"burnin.md", func(w *bytes.Buffer) error { return render.Markdown(b)(w) }},
		{"burnin.json", func(w *bytes.Buffer) error { return render.JSON(b)(w) }},
		{"burnin.prom", func(w *bytes.Buffer) error { return prom.Text(b)(w) }},
	} {
		var buf bytes.Buffer
		if err := c.render(&buf); err != nil {
			t.Fatal(err)
		}
		reportstest.Golden(t, c.name, buf.Bytes())
	}
}

// report fleet summarises qualification reports; a burn-in report in the
// directory is listed as skipped, named as what it is.
func TestFleetSkipsBurnIn(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{"q.json": reportstest.Path("reports", "validator-vm.json"), "b.json": reportstest.Path("golden", "burnin.json")} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := analysis.BuildFleet(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Hosts) != 1 || len(f.Skipped) != 1 || f.Skipped[0].File != "b.json" || !strings.Contains(f.Skipped[0].Reason, "a burn-in report") {
		t.Errorf("hosts %d, skipped %+v", len(f.Hosts), f.Skipped)
	}
}
