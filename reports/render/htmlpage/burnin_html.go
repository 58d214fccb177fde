package htmlpage

import (
	"fmt"
	"io"
	"time"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
)

// burnInHTMLErrors bounds the verification errors listed on the page; the
// JSON keeps up to MaxBurnInErrors and the count says how many there were.
const burnInHTMLErrors = 50

// writeBurnInHTML writes a burn-in report or checkpoint as one
// self-contained HTML page in the qualification page's style: the verdict,
// the run, the findings with their evidence, the verification errors with
// their location, and the timelines as inline SVG charts.
func writeBurnInHTML(w io.Writer, b *model.BurnIn) error {
	var d htmlDoc
	d.open("hwqual burn-in: "+b.Host, ".verdict.warn { background: #ffe0b2; color: #e65100; }\n"+
		".verdict.incomplete { background: #e0e0e0; color: #212121; }\ntd.result-incomplete { background: #e0e0e0; }\n")
	d.el("h1", "", "Burn-in: "+b.Host)
	d.raw("\n")
	d.el("p", attr("class", "verdict "+string(b.Verdict.Result))+attr("id", "verdict"), render.BurnInVerdictLine(b))
	d.raw("\n<ul class=\"summary\">\n")
	for _, l := range render.BurnInHeader(b) {
		d.el("li", "", l)
		d.raw("\n")
	}
	d.raw("</ul>\n<dl class=\"meta\">\n")
	meta := func(k, v string) {
		d.el("dt", "", k)
		d.el("dd", "", v)
		d.raw("\n")
	}
	meta("Started", b.Started.UTC().Format(time.RFC3339))
	meta("Last written", b.Updated.UTC().Format(time.RFC3339))
	if b.Profile != "" {
		meta("Quick measurements from profile", b.Profile)
	}
	if b.Dir != "" {
		meta("Directory", b.Dir)
	}
	meta("Tool", b.Tool.Name+" "+b.Tool.Version)
	d.raw("</dl>\n")

	for _, s := range render.BurnInSections(b) {
		id := map[string]string{"Phases": "phases", "Timelines": "timelines", "Findings": "findings"}[s.Title]
		d.el("h2", "", s.Title)
		d.raw("\n")
		if len(s.Rows) == 0 {
			d.el("p", attr("id", id), "None.")
			d.raw("\n")
			continue
		}
		d.raw("<table" + attr("id", id) + ">\n<thead><tr>")
		for _, h := range s.Header {
			d.el("th", "", h)
		}
		d.raw("</tr></thead>\n<tbody>\n")
		for _, r := range s.Rows {
			d.raw("<tr>")
			for i, c := range r {
				a := ""
				if s.Title == "Findings" && i == 0 {
					a = attr("class", "result-"+c) // severity coloured
				}
				d.el("td", a, c)
			}
			d.raw("</tr>\n")
		}
		d.raw("</tbody>\n</table>\n")
	}

	if len(b.Errors) > 0 {
		d.raw("<h2>Verification errors</h2>\n")
		if b.ErrorCount > min(len(b.Errors), burnInHTMLErrors) {
			d.el("p", "", fmt.Sprintf("The first %d of %d errors; the JSON report keeps up to %d.", min(len(b.Errors), burnInHTMLErrors), b.ErrorCount, model.MaxBurnInErrors))
			d.raw("\n")
		}
		d.raw("<table id=\"errors\">\n<thead><tr><th>When</th><th>Kind</th><th>Test</th><th>Where</th><th>Offset</th><th>Expected</th><th>Found</th><th>Detail</th></tr></thead>\n<tbody>\n")
		for _, e := range b.Errors[:min(len(b.Errors), burnInHTMLErrors)] {
			d.raw("<tr>")
			d.el("td", "", e.Time.UTC().Format(time.RFC3339))
			d.el("td", "", e.Kind)
			d.el("td", "", e.Test)
			d.el("td", "", e.Where)
			d.el("td", attr("class", "num"), fmt.Sprintf("%d (0x%x)", e.Offset, e.Offset))
			d.el("td", "", e.Expected)
			d.el("td", "", e.Found)
			d.el("td", "", e.Detail)
			d.raw("</tr>\n")
		}
		d.raw("</tbody>\n</table>\n")
	}

	d.raw("<h2>Charts</h2>\n")
	charts := []htmlChart[*model.BurnIn]{
		{"chart-quick", "Each quick measurement as a percentage of its first; below the dashed line the verdict warns.",
			"No quick measurement in this report.", BurnInQuickChart},
		{"chart-frequency", "Mean and slowest core frequency; the dashed line is 90 % of the cores' maximum, below which a sustained drop under load is throttling.",
			"No core frequency samples: this machine does not reveal them.", BurnInFrequencyChart},
		{"chart-temperature", "Temperatures of every hwmon sensor (CPU, NVMe, …).",
			"No temperature samples: this machine does not reveal them.", BurnInTemperatureChart},
		{"chart-errors", "Running count of errors (fail findings and verification errors) and warnings.",
			"No error-count samples in this report.", BurnInErrorChart},
	}
	if err := writeCharts(&d, b, charts); err != nil {
		return fmt.Errorf("write burn-in HTML: %w", err)
	}
	d.close()
	if _, err := w.Write(d.b.Bytes()); err != nil {
		return fmt.Errorf("write burn-in HTML: %w", err)
	}
	return nil
}
