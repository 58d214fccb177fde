package htmlpage

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
	"github.com/hwqual/hwqual/reports/render/text"
)

// htmlStyle is the page's whole styling: no external assets, no script,
// readable in print (charts and rows are not split across pages).
const htmlStyle = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.pass td.result { background: #c8e6c9; }
tr.fail td.result { background: #ffcdd2; }
tr.warn td.result { background: #ffe0b2; }
tr.not_measured td.result { background: #e0e0e0; }
tr.info td.result { background: #e3f2fd; }
td.result-pass { background: #c8e6c9; }
td.result-fail { background: #ffcdd2; }
td.result-warn { background: #ffe0b2; }
td.result-not_measured { background: #e0e0e0; }
.verdict { padding: 0.6em 1em; font-weight: bold; font-size: 1.1em; border-radius: 4px; }
.verdict.pass { background: #c8e6c9; color: #1b5e20; }
.verdict.fail { background: #ffcdd2; color: #b71c1c; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.15em 1em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
figure { margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.85em; color: #555; }
ul.notes { font-size: 0.85em; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
`

// htmlDoc writes an HTML page with escaping at every text insertion. It is
// built by hand rather than with html/template: the template engine calls
// methods by reflection, which makes the linker keep every exported method
// of every type in the binary (plot's PDF/PNG backends among them).
type htmlDoc struct{ b bytes.Buffer }

// text writes s escaped.
func (d *htmlDoc) text(s string) { d.b.WriteString(html.EscapeString(s)) }

// raw writes markup hwqual itself produced (tags, the charts' SVG).
func (d *htmlDoc) raw(s string) { d.b.WriteString(s) }

// el writes <tag attrs>text</tag> with the text escaped.
func (d *htmlDoc) el(tag, attrs, text string) {
	d.raw("<" + tag + attrs + ">")
	d.text(text)
	d.raw("</" + tag + ">")
}

// attr is ` name="value"` with the value escaped.
func attr(name, value string) string { return " " + name + `="` + html.EscapeString(value) + `"` }

func (d *htmlDoc) open(title, extraStyle string) {
	d.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	d.el("title", "", title)
	d.raw("\n<style>" + htmlStyle + extraStyle + "</style>\n</head>\n<body>\n")
}

func (d *htmlDoc) close() { d.raw("</body>\n</html>\n") }

// writeHTML writes the report as one self-contained HTML page: summary,
// machine, the result table coloured by result, and inline SVG charts.
func writeHTML(w io.Writer, r *model.Report) error {
	var d htmlDoc
	d.open(fmt.Sprintf("hwqual: %s (%s)", r.Host, r.Profile.Name), "")
	d.el("h1", "", "Hardware qualification: "+r.Host)
	verdictClass := "fail"
	if r.Summary.Pass && !r.Interrupted {
		verdictClass = "pass"
	}
	d.raw("\n")
	d.el("p", attr("class", "verdict "+verdictClass)+attr("id", "verdict"), text.VerdictLine(r))
	d.raw("\n<dl class=\"meta\">\n")
	meta := func(k, v string) {
		d.el("dt", "", k)
		d.el("dd", "", v)
		d.raw("\n")
	}
	meta("Date", r.Timestamp.UTC().Format(time.RFC3339))
	sha := r.Profile.SHA256
	if len(sha) > 12 {
		sha = sha[:12]
	}
	meta("Profile", fmt.Sprintf("%s (%s, sha256 %s)", r.Profile.Name, r.Profile.Origin, sha))
	meta("Tolerance", fmt.Sprintf("%.0f %%", r.TolerancePercent))
	if r.Dir != "" {
		meta("Disk benchmarks in", r.Dir)
	}
	if r.Disk != nil {
		meta("Disk under test", r.Disk.String())
	}
	meta("Tool", r.Tool.Name+" "+r.Tool.Version)
	d.raw("</dl>\n")
	if r.Inventory != nil {
		d.raw("<h2>Machine</h2>\n")
		for _, s := range render.InventorySections(r.Inventory) {
			d.el("h3", "", s.Title)
			d.raw("\n<table class=\"inventory\">\n")
			for _, row := range s.Rows {
				d.raw("<tr>")
				d.el("th", attr("scope", "row"), row[0])
				d.el("td", "", row[1])
				d.raw("</tr>\n")
			}
			d.raw("</table>\n")
		}
	}
	d.raw("<h2>Results</h2>\n<table id=\"results\">\n<thead><tr><th>Category</th><th>Function</th><th>Score</th><th>Minimum</th><th>Result</th></tr></thead>\n<tbody>\n")
	for _, c := range r.Checks {
		d.raw("<tr" + attr("class", string(c.Status)) + attr("id", c.ID) + ">")
		d.el("td", "", c.Category)
		d.el("td", "", c.Function)
		d.el("td", attr("class", "num"), text.ScoreCell(c))
		d.el("td", attr("class", "num"), text.MinimumCell(c))
		d.el("td", attr("class", "result"), resultWords(c))
		d.raw("</tr>\n")
	}
	d.raw("</tbody>\n</table>\n")
	d.el("p", "", text.SummaryLine(r))
	d.raw("\n")
	if notes := text.NoteLines(r); len(notes) > 0 {
		d.raw("<ul class=\"notes\">\n")
		for _, n := range notes {
			d.el("li", "", n)
			d.raw("\n")
		}
		d.raw("</ul>\n")
	}
	d.raw("<h2>Charts</h2>\n")
	charts := []htmlChart[*model.Report]{
		{"chart-scores", "Each score as a percentage of its minimum; the shaded band is the tolerance within which a score still passes.",
			"No score judged against a minimum was measured.", ScoresChart},
		{"chart-latency", "Read-latency percentiles (log scale) from the HDR histogram of every read.",
			"No read-latency histogram in this report.", LatencyChart},
		{"chart-sustained", "Sustained sequential write: throughput per interval; a red line marks where the drive's write cache ran out.",
			"No sustained write in this report.", SustainedChart},
	}
	if err := writeCharts(&d, r, charts); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	d.close()
	if _, err := w.Write(d.b.Bytes()); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// htmlChart is one figure of a page: an SVG drawn from the document D, or,
// when there is nothing to draw, the line that says so.
type htmlChart[D any] struct {
	id, caption, missing string
	draw                 func(D) ([]byte, error)
}

// writeCharts writes each chart of doc as a figure (the embedded fonts
// only once per page), then a line for every chart that had nothing to draw.
func writeCharts[D any](d *htmlDoc, doc D, charts []htmlChart[D]) error {
	fonts := map[string]bool{}
	var missing []string
	for _, ch := range charts {
		svg, err := ch.draw(doc)
		if err != nil {
			return fmt.Errorf("%s: %w", ch.id, err)
		}
		if svg == nil {
			missing = append(missing, ch.missing)
			continue
		}
		d.raw("<figure" + attr("id", ch.id) + ">\n")
		d.raw(string(dropRepeatedFonts(svg, fonts))) // drawn by gonum, its text XML-escaped
		d.el("figcaption", "", ch.caption)
		d.raw("\n</figure>\n")
	}
	for _, m := range missing {
		d.el("p", attr("class", "missing"), m)
		d.raw("\n")
	}
	return nil
}

// resultWords is the Result cell without its emoji: the page shows the
// result by colour, and a printer or a machine without an emoji font would
// draw a box.
func resultWords(c model.Check) string {
	cell := text.ResultCell(c)
	if _, rest, ok := strings.Cut(cell, " "); ok {
		return rest
	}
	return cell
}

// dropRepeatedFonts removes a chart's embedded-font block when an earlier
// chart on the page embedded the same one: styles inside inline SVG apply
// to the whole document, and each face is ~150 KiB.
func dropRepeatedFonts(svg []byte, seen map[string]bool) []byte {
	start := bytes.Index(svg, []byte("<defs>"))
	end := bytes.Index(svg, []byte("</defs>"))
	if start < 0 || end < start {
		return svg
	}
	end += len("</defs>")
	block := string(svg[start:end])
	var kept strings.Builder
	for _, face := range strings.SplitAfter(block, "}") {
		key := strings.TrimSpace(face)
		if !strings.Contains(key, "@font-face") {
			kept.WriteString(face)
			continue
		}
		if !seen[key] {
			seen[key] = true
			kept.WriteString(face)
		}
	}
	return slices.Concat(svg[:start], []byte(kept.String()), svg[end:])
}
