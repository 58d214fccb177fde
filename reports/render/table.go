package render

import (
	"fmt"
	"io"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render/text"
)

// writeTable writes the terminal table Substrate's users know, followed by
// notes, the summary count and the verdict.
func writeTable(w io.Writer, r *model.Report) error {
	if err := writeDiskLines(w, r); err != nil {
		return err
	}
	t := newGrid(w)
	t.Header("Category", "Function", "Score", "Minimum", "Result")
	for _, c := range r.Checks {
		if err := t.Append(c.Category, c.Function, text.ScoreCell(c), text.MinimumCell(c), text.ResultCell(c)); err != nil {
			return fmt.Errorf("table row %s: %w", c.Function, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("render table: %w", err)
	}
	for _, line := range text.NoteLines(r) {
		if _, err := fmt.Fprintln(w, "  "+line); err != nil {
			return err
		}
	}
	if err := writeDiskTables(w, r); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%s\n%s\n", text.SummaryLine(r), text.VerdictLine(r))
	return err
}
