package htmlpage

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/chromium"
	"github.com/hwqual/hwqual/reports/internal/reportstest"
)

func TestHTMLSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := writeHTML(&buf, reportstest.Saved(t, "storage-vm.json")); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, banned := range []string{"<script", "http://", "https://", "<link", "@import", "src="} {
		// The SVG namespace URIs are identifiers, not fetched resources.
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(page, `"http://www.w3.org/2000/svg"`, ""), `"http://www.w3.org/1999/xlink"`, ""), banned) {
			t.Errorf("page contains %q: it must need nothing outside itself", banned)
		}
	}
	for _, want := range []string{`id="results"`, `id="chart-scores"`, `id="chart-latency"`, `id="chart-sustained"`, `<svg`, "@media print"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestHTMLWithoutDiskDetailsSaysSo(t *testing.T) {
	rep := reportstest.Saved(t, "validator-vm.json")
	var buf bytes.Buffer
	if err := writeHTML(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No sustained write in this report.") {
		t.Error("a report without a sustained write should say the chart is missing, not draw an empty one")
	}
}

// TestSustainedChartMarksCliff uses a schema 1 report whose sustained
// write fell off its cache: the chart names the cliff.
func TestSustainedChartMarksCliff(t *testing.T) {
	svg, err := SustainedChart(reportstest.Saved(t, "v1/storage-vm.json"))
	if err != nil || !strings.Contains(string(svg), "cache cliff at 1.5 s") {
		t.Errorf("no cliff marked (err %v)", err)
	}
}

func TestHTMLEscapesReportText(t *testing.T) {
	rep := reportstest.Saved(t, "validator-vm.json")
	rep.Host = `<script>alert(1)</script>`
	rep.Checks[0].Function = `A<b>&"`
	var buf bytes.Buffer
	if err := writeHTML(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script>") || strings.Contains(buf.String(), "A<b>") {
		t.Error("report text reached the page unescaped")
	}
}

// TestHTMLRendersInChromium renders the page in headless Chromium and
// checks it paints (not blank), the table's pass and fail colours and the
// charts' line colour are on screen, and the parsed DOM holds the table
// rows and three SVG charts.
func TestHTMLRendersInChromium(t *testing.T) {
	bin := chromium.Find(t)
	rep := reportstest.Saved(t, "storage-vm.json")
	path := filepath.Join(t.TempDir(), "r.html")
	var buf bytes.Buffer
	if err := writeHTML(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	CheckRenderedHTML(t, bin, path, len(rep.Checks), 3)
}

// CheckRenderedHTML is the browser check shared with the CLI test.
func CheckRenderedHTML(t *testing.T, bin, path string, rows, charts int) {
	t.Helper()
	img := chromium.Screenshot(t, bin, path, 1280, 4000)
	if nw := chromium.NonWhite(img); nw < 0.02 {
		t.Errorf("screenshot is blank (%.2f%% non-white)", nw*100)
	}
	for name, c := range map[string]color.RGBA{
		"pass cell": {0xc8, 0xe6, 0xc9, 0xff}, "fail cell": {0xff, 0xcd, 0xd2, 0xff}, "chart line": colorLine,
	} {
		if n := chromium.CountNear(img, c, 6); n < 50 {
			t.Errorf("%s colour %v: %d pixels on screen, want a visible area", name, c, n)
		}
	}
	dom := chromium.DOM(t, bin, path)
	if got := strings.Count(dom, "<tr class="); got != rows {
		t.Errorf("DOM has %d result rows, want %d", got, rows)
	}
	if got := strings.Count(dom, "<figure"); got != charts {
		t.Errorf("DOM has %d chart figures, want %d", got, charts)
	}
	if got := strings.Count(dom, "<svg"); got != charts {
		t.Errorf("DOM has %d SVGs, want %d", got, charts)
	}
}
