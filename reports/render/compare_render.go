package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render/text"
)

// statusMark is the emoji of a result, as in the qualification table.
func statusMark(s model.Status) string {
	cell := text.ResultCell(model.Check{Status: s})
	if mark, _, ok := strings.Cut(cell, " "); ok {
		return mark
	}
	return cell
}

// compareCell is one machine's cell: score, ratio to the first machine,
// result mark.
func compareCell(row model.CompareRow, i int) string {
	return CompareValue(row, i) + " " + statusMark(row.Cells[i].Status)
}

// CompareValue is the cell without the result mark: the HTML page shows
// the result by colour, and a machine without an emoji font would print boxes.
func CompareValue(row model.CompareRow, i int) string {
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
func CompareSummaryLines(c *model.Comparison) []string {
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

func compareHeader(c *model.Comparison) []any {
	h := []any{"Check"}
	for _, m := range c.Machines {
		h = append(h, m.Label)
	}
	return h
}

// writeCompareTable writes the comparison as terminal tables: results,
// then the machines' inventory, then the summary.
func writeCompareTable(w io.Writer, c *model.Comparison) error {
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
		cells := []any{InventoryField(row)}
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

// InventoryField marks a property that differs between the machines.
func InventoryField(row model.InventoryRow) string {
	if row.Differs {
		return row.Field + " ≠"
	}
	return row.Field
}

// writeCompareMarkdown writes the comparison as a Markdown section.
func writeCompareMarkdown(w io.Writer, c *model.Comparison) error {
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
		fmt.Fprintf(&b, "| %s |", escapeMD(InventoryField(row)))
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
