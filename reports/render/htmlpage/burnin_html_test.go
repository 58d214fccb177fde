package htmlpage

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/chromium"
	"github.com/hwqual/hwqual/reports/internal/reportstest"
)

// embeddedFonts matches the @font-face rules gonum embeds in each chart:
// ~150 KiB of base64 per face that say nothing about the report.
var embeddedFonts = regexp.MustCompile(`@font-face\s*\{[^}]*\}`)

func TestBurnInHTML(t *testing.T) {
	b := reportstest.SampleBurnInTimelines()
	b.Host = `<script>alert(1)</script>`
	var buf bytes.Buffer
	if err := writeBurnInHTML(&buf, b); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{`class="verdict fail"`, `id="findings"`, `class="result-fail"`, "memory-verify",
		"solid bits 3/64: expected 0x0, found 0x1", `id="errors"`, "4096 (0x1000)", `id="phases"`,
		`id="chart-quick"`, `id="chart-frequency"`, `id="chart-temperature"`, `id="chart-errors"`, "nvme0/Composite", "@media print"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("report text reached the page unescaped")
	}
	if n := strings.Count(page, "@font-face"); n > 4 {
		t.Errorf("%d embedded font faces: repeated faces must be dropped", n)
	}
	// A checkpoint without samples says which charts are missing.
	buf.Reset()
	if err := writeBurnInHTML(&buf, reportstest.SampleBurnIn()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No error-count samples in this report.") || strings.Contains(buf.String(), `id="chart-errors"`) {
		t.Error("a report without error-count samples must say so, not draw an empty chart")
	}
}

// The page is deterministic: its golden file pins it, with the embedded
// font data (identical in every page, and large) cut out.
func TestGoldenBurnInHTML(t *testing.T) {
	var a, b bytes.Buffer
	if err := writeBurnInHTML(&a, reportstest.SampleBurnInTimelines()); err != nil {
		t.Fatal(err)
	}
	if err := writeBurnInHTML(&b, reportstest.SampleBurnInTimelines()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renderings of the same report differ")
	}
	reportstest.Golden(t, "burnin.html", embeddedFonts.ReplaceAll(a.Bytes(), []byte("@font-face{…}")))
}

// TestBurnInHTMLRendersInChromium: the burn-in page paints in headless
// Chromium with its fail colours and chart lines, and the parsed DOM holds
// the four charts.
func TestBurnInHTMLRendersInChromium(t *testing.T) {
	bin := chromium.Find(t)
	var buf bytes.Buffer
	if err := writeBurnInHTML(&buf, reportstest.SampleBurnInTimelines()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "burnin.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	img := chromium.Screenshot(t, bin, path, 1280, 3000)
	if nw := chromium.NonWhite(img); nw < 0.02 {
		t.Errorf("screenshot is blank (%.2f%% non-white)", nw*100)
	}
	for name, c := range map[string]color.RGBA{"fail verdict and cell": {0xff, 0xcd, 0xd2, 0xff}, "chart line": colorLine} {
		if n := chromium.CountNear(img, c, 6); n < 50 {
			t.Errorf("%s colour %v: %d pixels on screen, want a visible area", name, c, n)
		}
	}
	dom := chromium.DOM(t, bin, path)
	if got := strings.Count(dom, "<svg"); got != 4 {
		t.Errorf("DOM has %d SVG charts, want 4", got)
	}
	if !strings.Contains(dom, `id="findings"`) || !strings.Contains(dom, `id="errors"`) {
		t.Error("DOM lacks the findings or the errors table")
	}
}
