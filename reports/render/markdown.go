package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render/text"
)

// writeMarkdown writes the report as a Markdown section to paste into a
// server's hardware documentation.
func writeMarkdown(w io.Writer, r *model.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Hardware qualification: %s (%s)\n\n", escapeMD(r.Host), escapeMD(r.Profile.Name))
	fmt.Fprintf(&b, "- **Date:** %s\n", r.Timestamp.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "- **Host:** %s\n", escapeMD(r.Host))
	fmt.Fprintf(&b, "- **Profile:** %s (%s, sha256 `%.12s`)\n", escapeMD(r.Profile.Name), escapeMD(r.Profile.Origin), r.Profile.SHA256)
	fmt.Fprintf(&b, "- **Tolerance:** %.0f%%\n", r.TolerancePercent)
	if r.Dir != "" {
		fmt.Fprintf(&b, "- **Disk benchmarks in:** `%s`\n", r.Dir)
	}
	if r.Inventory != nil {
		fmt.Fprintf(&b, "- **Machine:** %s\n", escapeMD(MachineLine(r.Inventory)))
	}
	if r.Disk != nil {
		fmt.Fprintf(&b, "- **Disk under test:** %s\n", escapeMD(r.Disk.String()))
	}
	fmt.Fprintf(&b, "- **Tool:** %s %s\n\n", r.Tool.Name, r.Tool.Version)

	b.WriteString("| Category | Function | Score | Minimum | Result | Samples |\n")
	b.WriteString("|---|---|---:|---:|---|---:|\n")
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", escapeMD(c.Category), escapeMD(c.Function),
			escapeMD(text.ScoreCell(c)), escapeMD(text.MinimumCell(c)), escapeMD(text.ResultCell(c)), text.SampleCell(c))
	}
	if notes := text.NoteLines(r); len(notes) > 0 {
		b.WriteString("\n")
		for _, n := range notes {
			fmt.Fprintf(&b, "- %s\n", escapeMD(n))
		}
	}
	writeDiskMarkdown(&b, r)
	fmt.Fprintf(&b, "\n%s\n\n**%s**\n", text.SummaryLine(r), text.VerdictLine(r))
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write Markdown report: %w", err)
	}
	return nil
}
