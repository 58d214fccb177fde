package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
)

// fleetColumns are the columns of every human-readable fleet rendering.
var fleetColumns = []any{"Host", "Profile", "Verdict", "Failing checks", "Worst margin", "Read p99", "Firmware", "Age"}

func fleetRow(h model.FleetHost) []string {
	verdict := "FAIL"
	switch {
	case h.Interrupted:
		verdict = "INTERRUPTED"
	case h.Pass:
		verdict = "PASS"
	}
	failing := "-"
	if n := len(h.Failing); n > 0 {
		// The table shows the first few; JSON keeps them all.
		const shown = 3
		failing = fmt.Sprintf("%d: %s", n, strings.Join(h.Failing[:min(n, shown)], ", "))
		if n > shown {
			failing += ", …"
		}
	}
	worst := "-"
	if h.WorstMargin != nil {
		worst = fmt.Sprintf("%+.1f %% %s", h.WorstMargin.Percent, h.WorstMargin.Check)
	}
	fw := strings.Join(h.Firmware, "; ")
	if fw == "" {
		fw = "-"
	}
	return []string{h.Host, h.Profile, verdict, failing, worst, latencyCell(h.ReadLatencyP99Seconds), fw, age(h.AgeSeconds)}
}

// latencyCell formats an optional latency in seconds.
func latencyCell(s *float64) string {
	if s == nil {
		return "-"
	}
	return units.FormatLatency(*s * 1e9)
}

// age prints a report's age the way an operator reads it: 45s, 3h12m, 5d4h.
func age(sec float64) string {
	d := time.Duration(sec * float64(time.Second))
	switch {
	case d < 0:
		return "in the future"
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < 48*time.Hour:
		return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
	default:
		return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
	}
}

// FleetTotalsLine closes every fleet rendering.
func FleetTotalsLine(f *model.Fleet) string {
	return fmt.Sprintf("%d hosts: %d passed, %d failed; %d files skipped", f.Totals.Hosts, f.Totals.Passed, f.Totals.Failed, f.Totals.Skipped)
}

func skippedLine(s model.SkippedFile) string { return fmt.Sprintf("skipped %s: %s", s.File, s.Reason) }

// writeFleetTable writes the fleet as a terminal table, then the skipped
// files and the totals.
func writeFleetTable(w io.Writer, f *model.Fleet) error {
	t := newTable(w)
	t.Header(fleetColumns...)
	for _, h := range f.Hosts {
		row := fleetRow(h)
		cells := make([]any, len(row))
		for i, c := range row {
			cells[i] = c
		}
		if err := t.Append(cells...); err != nil {
			return fmt.Errorf("fleet row %s: %w", h.Host, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("render fleet table: %w", err)
	}
	for _, s := range f.Skipped {
		if _, err := fmt.Fprintln(w, skippedLine(s)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, FleetTotalsLine(f))
	return err
}

// writeFleetMarkdown writes the fleet as a Markdown section.
func writeFleetMarkdown(w io.Writer, f *model.Fleet) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Fleet: %s\n\n|", escapeMD(f.Dir))
	for _, c := range fleetColumns {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString("\n|" + strings.Repeat("---|", len(fleetColumns)) + "\n")
	for _, h := range f.Hosts {
		b.WriteString("|")
		for _, c := range fleetRow(h) {
			fmt.Fprintf(&b, " %s |", escapeMD(c))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	for _, s := range f.Skipped {
		fmt.Fprintf(&b, "- %s\n", escapeMD(skippedLine(s)))
	}
	fmt.Fprintf(&b, "\n**%s**\n", FleetTotalsLine(f))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write Markdown fleet: %w", err)
	}
	return nil
}
