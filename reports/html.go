package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"
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

var htmlPage = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>hwqual: {{.R.Host}} ({{.R.Profile.Name}})</title>
<style>{{.Style}}</style>
</head>
<body>
<h1>Hardware qualification: {{.R.Host}}</h1>
<p class="verdict {{.VerdictClass}}" id="verdict">{{.Verdict}}</p>
<dl class="meta">
<dt>Date</dt><dd>{{.Date}}</dd>
<dt>Profile</dt><dd>{{.R.Profile.Name}} ({{.R.Profile.Origin}}, sha256 <code>{{.ShortSHA}}</code>)</dd>
<dt>Tolerance</dt><dd>{{printf "%.0f" .R.TolerancePercent}} %</dd>
{{- if .R.Dir}}<dt>Disk benchmarks in</dt><dd><code>{{.R.Dir}}</code></dd>{{end}}
{{- if .Disk}}<dt>Disk under test</dt><dd>{{.Disk}}</dd>{{end}}
<dt>Tool</dt><dd>{{.R.Tool.Name}} {{.R.Tool.Version}}</dd>
</dl>
{{- if .Inventory}}
<h2>Machine</h2>
{{- range .Inventory}}
<h3>{{.Title}}</h3>
<table class="inventory">
{{- range .Rows}}<tr><th scope="row">{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}
</table>
{{- end}}
{{- end}}
<h2>Results</h2>
<table id="results">
<thead><tr><th>Category</th><th>Function</th><th>Score</th><th>Minimum</th><th>Result</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr class="{{.Status}}" id="{{.ID}}"><td>{{.Category}}</td><td>{{.Function}}</td><td class="num">{{.Score}}</td><td class="num">{{.Minimum}}</td><td class="result">{{.Result}}</td></tr>
{{- end}}
</tbody>
</table>
<p>{{.SummaryLine}}</p>
{{- if .Notes}}
<ul class="notes">
{{- range .Notes}}<li>{{.}}</li>{{end}}
</ul>
{{- end}}
<h2>Charts</h2>
{{- range .Charts}}
<figure id="{{.ID}}">
{{.SVG}}
<figcaption>{{.Caption}}</figcaption>
</figure>
{{- end}}
{{- range .Missing}}<p class="missing">{{.}}</p>{{end}}
</body>
</html>
`))

type htmlRow struct {
	ID, Category, Function, Score, Minimum, Result string
	Status                                         Status
}

type htmlChart struct {
	ID, Caption string
	SVG         template.HTML
}

type htmlSection struct {
	Title string
	Rows  [][2]string
}

// WriteHTML writes the report as one self-contained HTML page: summary,
// machine, the result table coloured by result, and inline SVG charts.
func WriteHTML(w io.Writer, r *Report) error {
	data := struct {
		R                                           *Report
		Style                                       template.CSS
		Date, ShortSHA, Disk, Verdict, VerdictClass string
		SummaryLine                                 string
		Inventory                                   []htmlSection
		Rows                                        []htmlRow
		Notes, Missing                              []string
		Charts                                      []htmlChart
	}{
		R: r, Style: template.CSS(htmlStyle), Date: r.Timestamp.UTC().Format(time.RFC3339),
		Verdict: VerdictLine(r), VerdictClass: "fail", SummaryLine: SummaryLine(r), Notes: NoteLines(r),
	}
	if len(r.Profile.SHA256) >= 12 {
		data.ShortSHA = r.Profile.SHA256[:12]
	}
	if r.Summary.Pass && !r.Interrupted {
		data.VerdictClass = "pass"
	}
	if r.Disk != nil {
		data.Disk = r.Disk.String()
	}
	if r.Inventory != nil {
		for _, s := range inventorySections(r.Inventory) {
			data.Inventory = append(data.Inventory, htmlSection{Title: s.title, Rows: s.rows})
		}
	}
	for _, c := range r.Checks {
		data.Rows = append(data.Rows, htmlRow{
			ID: c.ID, Category: c.Category, Function: c.Function, Status: c.Status,
			Score: ScoreCell(c), Minimum: MinimumCell(c), Result: resultWords(c),
		})
	}
	charts := []struct {
		id, caption, missing string
		draw                 func(*Report) ([]byte, error)
	}{
		{"chart-scores", "Each score as a percentage of its minimum; the shaded band is the tolerance within which a score still passes.",
			"No score judged against a minimum was measured.", ScoresChart},
		{"chart-latency", "Read-latency percentiles (log scale) from the HDR histogram of every read.",
			"No read-latency histogram in this report.", LatencyChart},
		{"chart-sustained", "Sustained sequential write: throughput per interval; a red line marks where the drive's write cache ran out.",
			"No sustained write in this report.", SustainedChart},
	}
	fonts := map[string]bool{}
	for _, ch := range charts {
		svg, err := ch.draw(r)
		if err != nil {
			return fmt.Errorf("write HTML report: %s: %w", ch.id, err)
		}
		if svg == nil {
			data.Missing = append(data.Missing, ch.missing)
			continue
		}
		svg = dropRepeatedFonts(svg, fonts)
		data.Charts = append(data.Charts, htmlChart{ID: ch.id, Caption: ch.caption, SVG: template.HTML(svg)}) // SVG drawn by gonum, its text XML-escaped
	}
	var buf bytes.Buffer
	if err := htmlPage.Execute(&buf, data); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// resultWords is the Result cell without its emoji: the page shows the
// result by colour, and a printer or a machine without an emoji font would
// draw a box.
func resultWords(c Check) string {
	cell := ResultCell(c)
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
