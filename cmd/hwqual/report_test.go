package main

import (
	"bytes"
	"encoding/json"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/hwqual/hwqual/internal/chromium"
	"github.com/hwqual/hwqual/reports/schema"
)

// savedReports are reports real runs of hwqual wrote (see its README).
const savedReports = "../../reports/testdata/reports"

func saved(name string) string { return filepath.Join(savedReports, name) }

func TestReportRenderHTMLInChromium(t *testing.T) {
	bin := chromium.Find(t)
	out := filepath.Join(t.TempDir(), "r.html")
	if r := hwqual(t, "report", "render", saved("storage-vm.json"), "--format", "html", "-o", out); r.code != 0 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	img := chromium.Screenshot(t, bin, out, 1280, 4000)
	if nw := chromium.NonWhite(img); nw < 0.02 {
		t.Errorf("screenshot is blank (%.2f%% non-white)", nw*100)
	}
	if n := chromium.CountNear(img, color.RGBA{0xff, 0xcd, 0xd2, 0xff}, 6); n < 50 {
		t.Errorf("no fail colour on screen (%d pixels)", n)
	}
	if n := chromium.CountNear(img, color.RGBA{0x15, 0x65, 0xc0, 0xff}, 6); n < 50 {
		t.Errorf("no chart line on screen (%d pixels)", n)
	}
	dom := chromium.DOM(t, bin, out)
	for _, id := range []string{`id="results"`, `id="chart-scores"`, `id="chart-latency"`, `id="chart-sustained"`} {
		if !strings.Contains(dom, id) {
			t.Errorf("rendered DOM lacks %s", id)
		}
	}
	if got := strings.Count(dom, "<svg"); got != 3 {
		t.Errorf("rendered DOM has %d SVG charts, want 3", got)
	}
}

func TestReportRenderFormats(t *testing.T) {
	for format, want := range map[string]string{
		"table": "| Category | Function", "md": "## Hardware qualification", "prom": "# TYPE hwqual_score gauge",
		"json": `"schema_version": 2`, "html": "<!DOCTYPE html>",
	} {
		r := hwqual(t, "report", "render", saved("v1/validator-vm.json"), "--format", format)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("--format %s: exit %d, stdout lacks %q; stderr %s", format, r.code, want, r.stderr)
		}
		if format == "json" {
			if err := schema.Validate([]byte(r.stdout)); err != nil {
				t.Errorf("rendered JSON against its schema: %v", err)
			}
		}
	}
}

func TestReportRenderPromFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "node.prom")
	if r := hwqual(t, "report", "render", saved("storage-vm.json"), "--format", "prom", "-o", out); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, _ := os.ReadFile(out)
	mfs, err := parseProm(b)
	if err != nil {
		t.Fatalf("does not parse: %v", err)
	}
	for _, m := range mfs["hwqual_score"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "check" && l.GetValue() == "metric:Read Latency p99" && m.GetGauge().GetValue() > 1 {
				t.Errorf("latency %v: not in seconds", m.GetGauge().GetValue())
			}
		}
	}
}

func TestReportRenderBadInputExitsTwo(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	os.WriteFile(corrupt, []byte(`{"schema_version": 1, "checks": [`), 0o644)
	newer := filepath.Join(dir, "newer.json")
	b, _ := os.ReadFile(saved("validator-vm.json"))
	os.WriteFile(newer, bytes.Replace(b, []byte(`"schema_version": 2`), []byte(`"schema_version": 99`), 1), 0o644)
	inv := filepath.Join(dir, "inventory.json")
	os.WriteFile(inv, []byte(`{"cpu": {"arch": "x86_64"}}`), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"corrupt", []string{"report", "render", corrupt}, "corrupt.json: not a hwqual JSON document"},
		{"newer schema", []string{"report", "render", newer}, "schema_version 99: written by a newer hwqual"},
		{"foreign", []string{"report", "render", inv}, "not a hwqual qualification report"},
		{"missing", []string{"report", "render", filepath.Join(dir, "nope.json")}, "no such file"},
		{"bad format", []string{"report", "render", saved("validator-vm.json"), "--format", "pdf"}, `--format "pdf"`},
		{"compare one", []string{"report", "compare", saved("validator-vm.json")}, "requires at least 2"},
		{"fleet missing dir", []string{"report", "fleet", filepath.Join(dir, "nodir")}, "no such file"},
		{"output dir missing", []string{"report", "render", saved("validator-vm.json"), "-o", filepath.Join(dir, "no", "r.md")}, "no such file or directory"},
		{"output over input", []string{"report", "render", newer, "--format", "json", "-o", newer}, "would be overwritten"},
		{"json over input", []string{"report", "compare", corrupt, newer, "--json=" + newer}, "would be overwritten"},
		{"json space form over input", []string{"report", "compare", corrupt, newer, "--json", newer}, "(it may be an input)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := hwqual(t, tt.args...)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if r.code != 2 || len(lines) != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d (want 2), stderr %q (want one line with %q)", r.code, r.stderr, tt.want)
			}
		})
	}
}

func TestReportCompareSideBySide(t *testing.T) {
	a, b := saved("fleet/node-a-1796015626.json"), saved("fleet/node-b-1796015588.json")
	r := hwqual(t, "report", "compare", a, b)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"| Check", "node-a", "node-b", "BLAKE2-256", "×)", "Wins (best score clear of every other machine's 95% interval, over", "Geometric mean of score ratios to node-a", "Verdicts under each report's own profile"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("compare output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = hwqual(t, "report", "compare", a, b, "--format", "json")
	var doc struct {
		SchemaVersion int    `json:"schema_version"`
		Kind          string `json:"kind"`
		Summary       struct {
			Compared int       `json:"compared"`
			Wins     []int     `json:"wins"`
			GeoMean  []float64 `json:"geomean_better_ratio"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Kind != "compare" || doc.SchemaVersion == 0 {
		t.Fatalf("compare JSON: %v kind %q", err, doc.Kind)
	}
	if err := schema.Validate([]byte(r.stdout)); err != nil {
		t.Errorf("compare JSON against its schema: %v", err)
	}
	if doc.Summary.Compared == 0 || len(doc.Summary.Wins) != 2 || doc.Summary.GeoMean[0] != 1 {
		t.Errorf("summary %+v", doc.Summary)
	}
	// Different profiles compare on the checks they share and list the rest.
	r = hwqual(t, "report", "compare", saved("validator-vm.json"), saved("storage-vm.json"), "--format", "md")
	if r.code != 0 || !strings.Contains(r.stdout, "Left out (not in every report): metric:Sustained Seq Write") {
		t.Errorf("different profiles: exit %d\n%s", r.code, r.stdout)
	}
	// A schema 1 report compares with a schema 2 one on the shared ids;
	// both ran BLAKE2-256-Parallel on 2 workers (extra.workers), so both
	// read as metric:BLAKE2-256-Parallel/2 and that row is compared.
	r = hwqual(t, "report", "compare", saved("v1/validator-vm.json"), saved("validator-vm.json"))
	if r.code != 0 || !strings.Contains(r.stdout, "BLAKE2-256-Parallel") || strings.Contains(r.stdout, "Left out (not in every report): metric:BLAKE2-256-Parallel") || !strings.Contains(r.stdout, "Wins (best score") {
		t.Errorf("schema 1 vs 2: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestReportFleetSkipsCorruptFiles(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir(saved("fleet"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := os.ReadFile(saved("fleet/" + e.Name()))
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "corrupt.json"), []byte("{\"schema_version\": 1, \"tool\""), 0o644)

	r := hwqual(t, "report", "fleet", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rows := 0
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "| node-") {
			rows++
		}
	}
	if rows != 3 {
		t.Errorf("%d host rows, want 3 (node-a's older report superseded):\n%s", rows, r.stdout)
	}
	if n := strings.Count(r.stdout, "skipped "); n != 1 || !strings.Contains(r.stdout, "skipped corrupt.json: not a hwqual JSON document") {
		t.Errorf("want one skipped line for corrupt.json:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "3 hosts: ") {
		t.Errorf("no totals line:\n%s", r.stdout)
	}

	r = hwqual(t, "report", "fleet", dir, "--format", "json")
	if err := schema.Validate([]byte(r.stdout)); err != nil {
		t.Errorf("fleet JSON against its schema: %v", err)
	}
	// --json alone, as on every command: the document to stdout, the
	// table to stderr.
	r = hwqual(t, "report", "fleet", dir, "--json")
	if err := schema.Validate([]byte(r.stdout)); err != nil || !strings.Contains(r.stderr, "| node-a") {
		t.Errorf("fleet --json: %v; stderr %q", err, r.stderr)
	}
	prom := filepath.Join(t.TempDir(), "fleet.prom")
	if r := hwqual(t, "report", "fleet", dir, "--format", "prom", "-o", prom); r.code != 0 {
		t.Fatalf("prom: exit %d: %s", r.code, r.stderr)
	}
	b, _ := os.ReadFile(prom)
	mfs, err := parseProm(b)
	if err != nil {
		t.Fatalf("fleet prom does not parse: %v", err)
	}
	if got := len(mfs["hwqual_fleet_host_verdict"].GetMetric()); got != 3 {
		t.Errorf("%d host verdicts, want 3", got)
	}
}

// TestPromOnQualificationRun runs a qualification with --prom and checks
// the textfile parses and is replaced, not rewritten, by the next run.
func TestPromOnQualificationRun(t *testing.T) {
	dir := t.TempDir()
	prom := filepath.Join(dir, "hwqual.prom")
	easy := writeProfile(t, "name: easy\nrequirements:\n  - metric: BLAKE2-256\n    minimum: 1 KiB/s\n")
	if r := hwqual(t, append([]string{"--profile", easy, "--quiet", "--prom", prom}, quick...)...); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	first, err := os.Stat(prom)
	if err != nil {
		t.Fatal(err)
	}
	if r := hwqual(t, append([]string{"--profile", easy, "--quiet", "--prom", prom}, quick...)...); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	second, _ := os.Stat(prom)
	if os.SameFile(first, second) {
		t.Error("--prom rewrote the file in place instead of replacing it")
	}
	b, _ := os.ReadFile(prom)
	mfs, err := parseProm(b)
	if err != nil {
		t.Fatalf("--prom output does not parse: %v\n%s", err, b)
	}
	if v := mfs["hwqual_verdict"].GetMetric()[0].GetGauge().GetValue(); v != 1 {
		t.Errorf("hwqual_verdict %v, want 1", v)
	}
	if len(mfs["hwqual_score"].GetMetric()) != 1 {
		t.Errorf("want one hwqual_score series")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left beside the textfile: %d entries", len(entries))
	}

	// A destination that cannot be written is refused before measuring.
	r := hwqual(t, "--profile", easy, "--prom", filepath.Join(dir, "missing", "x.prom"))
	if r.code != 2 || !strings.Contains(r.stderr, "--prom") {
		t.Errorf("missing --prom dir: exit %d, stderr %q", r.code, r.stderr)
	}
}

func parseProm(b []byte) (map[string]*dto.MetricFamily, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	return p.TextToMetricFamilies(bytes.NewReader(b))
}

// TestFirmwareCheckProm writes the firmware gauges of a recorded machine
// (a 980 PRO on 3B2QGXA7 among its drives) as a node_exporter textfile.
func TestFirmwareCheckProm(t *testing.T) {
	prom := filepath.Join(t.TempDir(), "nvme.prom")
	r := hwqual(t, "--root", "../../firmware/testdata/machines/mixed", "firmware", "check", "--prom", prom)
	if r.code != 1 { // the recorded machine has a CRITICAL drive
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(prom)
	if err != nil {
		t.Fatal(err)
	}
	mfs, err := parseProm(b)
	if err != nil {
		t.Fatalf("does not parse: %v", err)
	}
	if v := mfs["hwqual_nvme_critical"].GetMetric()[0].GetGauge().GetValue(); v != 1 {
		t.Errorf("hwqual_nvme_critical %v, want 1", v)
	}
	if n := mfs["hwqual_nvme_drives"].GetMetric()[0].GetGauge().GetValue(); n < 2 || len(mfs["hwqual_nvme_firmware_ok"].GetMetric()) != int(n) {
		t.Errorf("%v drives, %d firmware gauges", n, len(mfs["hwqual_nvme_firmware_ok"].GetMetric()))
	}
	if r := hwqual(t, "--root", "../../firmware/testdata/machines/mixed", "firmware", "check", "--prom", "/nonexistent/x.prom"); r.code != 2 {
		t.Errorf("unwritable --prom: exit %d, want 2", r.code)
	}
}
