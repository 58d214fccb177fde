package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/hwqual/hwqual/internal/units"
)

// statusMark is the emoji of a result, as in the qualification table.
func statusMark(s Status) string {
	cell := ResultCell(Check{Status: s})
	if mark, _, ok := strings.Cut(cell, " "); ok {
		return mark
	}
	return cell
}

// compareCell is one machine's cell: score, ratio to the first machine,
// result mark.
func compareCell(row CompareRow, i int) string {
	return compareValue(row, i) + " " + statusMark(row.Cells[i].Status)
}

// compareValue is the cell without the result mark: the HTML page shows
// the result by colour, and a machine without an emoji font would print boxes.
func compareValue(row CompareRow, i int) string {
	c := row.Cells[i]
	var s string
	switch {
	case c.Score != nil:
		s = units.Format(*c.Score, row.Unit)
		if i > 0 && c.Ratio != nil {
			s += fmt.Sprintf(" (%.2f×)", *c.Ratio)
		}
		if c.Indistinct {
			s += " no measurable difference"
		}
	case c.Found != "":
		s = c.Found
	default:
		s = "not measured"
	}
	return s
}

// CompareSummaryLines are the closing lines of every compare rendering.
func CompareSummaryLines(c *Comparison) []string {
	var wins, geo []string
	for i, m := range c.Machines {
		wins = append(wins, fmt.Sprintf("%s %d", m.Label, c.Summary.Wins[i]))
		geo = append(geo, fmt.Sprintf("%s %.3f", m.Label, c.Summary.GeoMeanBetter[i]))
	}
	lines := []string{
		fmt.Sprintf("Wins (best score clear of every other machine's 95%% interval, over %d checks measured on every machine): %s", c.Summary.Compared, strings.Join(wins, ", ")),
		fmt.Sprintf("Geometric mean of score ratios to %s (lower-is-better metrics inverted; above 1 is better): %s", c.Machines[0].Label, strings.Join(geo, ", ")),
	}
	var verdicts []string
	for _, m := range c.Machines {
		v := "fails"
		if m.Pass {
			v = "passes"
		}
		verdicts = append(verdicts, fmt.Sprintf("%s %s %s", m.Label, v, m.Profile))
	}
	lines = append(lines, "Verdicts under each report's own profile: "+strings.Join(verdicts, "; "))
	for _, o := range c.Omitted {
		lines = append(lines, fmt.Sprintf("Left out (not in every report): %s, only in %s", o.ID, strings.Join(o.In, ", ")))
	}
	return lines
}

func newTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	)
}

func compareHeader(c *Comparison) []any {
	h := []any{"Check"}
	for _, m := range c.Machines {
		h = append(h, m.Label)
	}
	return h
}

// WriteCompareTable writes the comparison as terminal tables: results,
// then the machines' inventory, then the summary.
func WriteCompareTable(w io.Writer, c *Comparison) error {
	t := newTable(w)
	t.Header(compareHeader(c)...)
	for _, row := range c.Rows {
		cells := []any{row.Function}
		for i := range row.Cells {
			cells = append(cells, compareCell(row, i))
		}
		if err := t.Append(cells...); err != nil {
			return fmt.Errorf("compare table row %s: %w", row.ID, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("render compare table: %w", err)
	}
	inv := newTable(w)
	inv.Header(append([]any{"Machine"}, compareHeader(c)[1:]...)...)
	for _, row := range c.Inventory {
		cells := []any{inventoryField(row)}
		for _, v := range row.Values {
			cells = append(cells, v)
		}
		if err := inv.Append(cells...); err != nil {
			return fmt.Errorf("compare inventory row %s: %w", row.Field, err)
		}
	}
	if err := inv.Render(); err != nil {
		return fmt.Errorf("render compare inventory: %w", err)
	}
	for _, l := range CompareSummaryLines(c) {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// inventoryField marks a property that differs between the machines.
func inventoryField(row InventoryRow) string {
	if row.Differs {
		return row.Field + " ≠"
	}
	return row.Field
}

// WriteCompareMarkdown writes the comparison as a Markdown section.
func WriteCompareMarkdown(w io.Writer, c *Comparison) error {
	var b strings.Builder
	b.WriteString("## Hardware comparison\n\n| Check |")
	sep := "|---|"
	for _, m := range c.Machines {
		fmt.Fprintf(&b, " %s |", escapeMD(m.Label))
		sep += "---:|"
	}
	b.WriteString("\n" + sep + "\n")
	for _, row := range c.Rows {
		fmt.Fprintf(&b, "| %s |", escapeMD(row.Function))
		for i := range row.Cells {
			fmt.Fprintf(&b, " %s |", escapeMD(compareCell(row, i)))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n| Machine |")
	for _, m := range c.Machines {
		fmt.Fprintf(&b, " %s |", escapeMD(m.Label))
	}
	b.WriteString("\n" + strings.ReplaceAll(sep, "---:", "---") + "\n")
	for _, row := range c.Inventory {
		fmt.Fprintf(&b, "| %s |", escapeMD(inventoryField(row)))
		for _, v := range row.Values {
			fmt.Fprintf(&b, " %s |", escapeMD(v))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	for _, l := range CompareSummaryLines(c) {
		fmt.Fprintf(&b, "- %s\n", escapeMD(l))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write Markdown comparison: %w", err)
	}
	return nil
}

// WriteCompareJSON writes the comparison document.
func WriteCompareJSON(w io.Writer, c *Comparison) error {
	return EncodeJSON(w, c)
}

// WriteCompareHTML writes the comparison as a self-contained HTML page.
func WriteCompareHTML(w io.Writer, c *Comparison) error {
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
			d.el("td", attr("class", class)+attr("title", string(cl.Status)), compareValue(r, i))
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
		d.el("th", attr("scope", "row"), inventoryField(row))
		for _, v := range row.Values {
			d.el("td", "", v)
		}
		d.raw("</tr>\n")
	}
	d.raw("</tbody>\n</table>\n<h2>Summary</h2>\n<ul>\n")
	for _, l := range CompareSummaryLines(c) {
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
