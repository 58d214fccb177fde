package reports

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/chromium"
)

// sampleBurnInTimelines is sampleBurnIn with five samples per timeline
// over four minutes: enough for every chart to draw a line.
func sampleBurnInTimelines() *BurnIn {
	b := sampleBurnIn()
	b.Timelines = Timelines{}
	for i := range 5 {
		at := b.Started.Add(time.Duration(i) * time.Minute)
		b.Timelines.Frequency = append(b.Timelines.Frequency, FreqSample{Time: at, Phase: "cpu", MHz: []int{4000 - 300*i, 4200}, MaxMHz: []int{4500, 4500}})
		b.Timelines.Temperature = append(b.Timelines.Temperature, TempSample{Time: at, Celsius: map[string]float64{"k10temp/Tctl": 60 + 3*float64(i), "nvme0/Composite": 40 + float64(i)}})
		b.Timelines.Quick = append(b.Timelines.Quick, QuickSample{Time: at, ID: "metric:BLAKE2-256", Metric: "BLAKE2-256", Unit: "bytes_per_second", Score: float64(1<<30) * (1 - 0.04*float64(i))})
		b.Timelines.ErrorCounts = append(b.Timelines.ErrorCounts, CountSample{Time: at, Errors: i / 2, Warnings: i / 3})
	}
	return b
}

// embeddedFonts matches the @font-face rules gonum embeds in each chart:
// ~150 KiB of base64 per face that say nothing about the report.
var embeddedFonts = regexp.MustCompile(`@font-face\s*\{[^}]*\}`)

func TestBurnInHTML(t *testing.T) {
	b := sampleBurnInTimelines()
	b.Host = `<script>alert(1)</script>`
	var buf bytes.Buffer
	if err := WriteBurnInHTML(&buf, b); err != nil {
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
	if err := WriteBurnInHTML(&buf, sampleBurnIn()); err != nil {
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
	if err := WriteBurnInHTML(&a, sampleBurnInTimelines()); err != nil {
		t.Fatal(err)
	}
	if err := WriteBurnInHTML(&b, sampleBurnInTimelines()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renderings of the same report differ")
	}
	golden(t, "burnin.html", embeddedFonts.ReplaceAll(a.Bytes(), []byte("@font-face{…}")))
}

// The burn-in's Prometheus output parses with expfmt, in base units, and
// carries what the report says: verdict, counts, duration, last write.
func TestBurnInPrometheus(t *testing.T) {
	b := sampleBurnInTimelines()
	var buf bytes.Buffer
	if err := WriteBurnInPrometheus(&buf, b); err != nil {
		t.Fatal(err)
	}
	mfs := parseProm(t, buf.Bytes())
	value := func(name string, labels map[string]string) float64 {
		t.Helper()
		mf, ok := mfs[name]
		if !ok {
			t.Fatalf("no %s in\n%s", name, buf.String())
		}
	metrics:
		for _, m := range mf.GetMetric() {
			have := map[string]string{}
			for _, l := range m.GetLabel() {
				have[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if have[k] != v {
					continue metrics
				}
			}
			if m.TimestampMs != nil {
				t.Errorf("%s carries a timestamp", name)
			}
			return m.GetGauge().GetValue()
		}
		t.Fatalf("no %s%v", name, labels)
		return 0
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"hwqual_burnin_verdict", map[string]string{"result": "fail"}, 1},
		{"hwqual_burnin_verdict", map[string]string{"result": "pass"}, 0},
		{"hwqual_burnin_verdict", map[string]string{"result": "incomplete"}, 0},
		{"hwqual_burnin_verification_errors", nil, 2},
		{"hwqual_burnin_findings", map[string]string{"severity": "fail"}, 2},
		{"hwqual_burnin_findings", map[string]string{"severity": "incomplete"}, 1},
		{"hwqual_burnin_findings", map[string]string{"severity": "warn"}, 0},
		{"hwqual_burnin_elapsed_seconds", nil, 60},
		{"hwqual_burnin_requested_seconds", nil, 120},
		{"hwqual_burnin_complete", nil, 0},
		{"hwqual_burnin_checkpoint_timestamp_seconds", nil, float64(b.Updated.Unix())},
		{"hwqual_burnin_temperature_max_celsius", map[string]string{"sensor": "k10temp/Tctl"}, 72},
	} {
		if got := value(c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %g, want %g", c.name, c.labels, got, c.want)
		}
	}
}

// TestBurnInHTMLRendersInChromium: the burn-in page paints in headless
// Chromium with its fail colours and chart lines, and the parsed DOM holds
// the four charts.
func TestBurnInHTMLRendersInChromium(t *testing.T) {
	bin := chromium.Find(t)
	var buf bytes.Buffer
	if err := WriteBurnInHTML(&buf, sampleBurnInTimelines()); err != nil {
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
