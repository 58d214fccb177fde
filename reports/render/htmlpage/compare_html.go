package htmlpage

import (
	"fmt"
	"io"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
)

// writeCompareHTML writes the comparison as a self-contained HTML page.
func writeCompareHTML(w io.Writer, c *model.Comparison) error {
	var d htmlDoc
	d.open("hwqual comparison", "\ntd.best { font-weight: bold; }\n")
	d.raw("<h1>Hardware comparison</h1>\n<h2>Results</h2>\n<table id=\"compare\">\n<thead><tr><th>Check</th>")
	for _, m := range c.Machines {
		d.raw("<th>")
		d.text(m.Label)
		d.raw("<br><small>")
		d.text(m.Profile)
		d.raw("</small></th>")
	}
	d.raw("</tr></thead>\n<tbody>\n")
	for _, r := range c.Rows {
		d.raw("<tr>")
		d.el("td", "", r.Function)
		for i, cl := range r.Cells {
			class := "num result-" + string(cl.Status)
			if cl.Best {
				class += " best"
			}
			d.el("td", attr("class", class)+attr("title", string(cl.Status)), render.CompareValue(r, i))
		}
		d.raw("</tr>\n")
	}
	d.raw("</tbody>\n</table>\n")
	d.el("p", "", "Cells are coloured by the result under each report's own profile (green pass, red fail, orange warn, grey not measured, white information); the best score of a row is bold; (×) is the ratio to the first machine.")
	d.raw("\n<h2>Machines</h2>\n<table id=\"machines\">\n<thead><tr><th>Property</th>")
	for _, m := range c.Machines {
		d.el("th", "", m.Label)
	}
	d.raw("</tr></thead>\n<tbody>\n")
	for _, row := range c.Inventory {
		d.raw("<tr>")
		d.el("th", attr("scope", "row"), render.InventoryField(row))
		for _, v := range row.Values {
			d.el("td", "", v)
		}
		d.raw("</tr>\n")
	}
	d.raw("</tbody>\n</table>\n<h2>Summary</h2>\n<ul>\n")
	for _, l := range render.CompareSummaryLines(c) {
		d.el("li", "", l)
		d.raw("\n")
	}
	d.raw("</ul>\n")
	d.close()
	if _, err := w.Write(d.b.Bytes()); err != nil {
		return fmt.Errorf("write HTML comparison: %w", err)
	}
	return nil
}
