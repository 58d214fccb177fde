package render

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
)

// burnInRow is one line of a burn-in report's summary tables, shared by
// the terminal table and Markdown so both say the same.
type burnInRow []string

// BurnInSection is one titled table of a burn-in report, shared by the
// terminal, Markdown and HTML renderings so all say the same.
type BurnInSection struct {
	Title  string
	Header []string
	Rows   []burnInRow
}

// BurnInSections lays the report out as titled tables: phases, timelines
// (reduced to first/min/max/last per series), findings and unknowns.
func BurnInSections(b *model.BurnIn) []BurnInSection {
	type section = BurnInSection
	var out []section

	phases := section{Title: "Phases", Header: []string{"Phase", "Cycle", "Start", "Seconds", "Errors", "Work"}}
	for _, p := range b.Phases {
		secs := "running"
		if !p.End.IsZero() {
			secs = fmt.Sprintf("%.0f", p.End.Sub(p.Start).Seconds())
		}
		phases.Rows = append(phases.Rows, burnInRow{p.Name, fmt.Sprint(p.Cycle), p.Start.Format(time.TimeOnly), secs, fmt.Sprint(p.Errors), p.Work})
	}
	out = append(out, phases)

	tl := section{Title: "Timelines", Header: []string{"Series", "Samples", "First", "Min", "Max", "Last"}}
	if n := len(b.Timelines.Frequency); n > 0 {
		mean := func(s model.FreqSample) float64 {
			sum := 0
			for _, v := range s.MHz {
				sum += v
			}
			return float64(sum) / float64(max(1, len(s.MHz)))
		}
		lo, hi := mean(b.Timelines.Frequency[0]), 0.0
		for _, s := range b.Timelines.Frequency {
			for _, v := range s.MHz {
				lo, hi = min(lo, float64(v)), max(hi, float64(v))
			}
		}
		tl.Rows = append(tl.Rows, burnInRow{"core frequency (MHz; first/last: mean of cores)", fmt.Sprint(n),
			fmt.Sprintf("%.0f", mean(b.Timelines.Frequency[0])), fmt.Sprintf("%.0f", lo), fmt.Sprintf("%.0f", hi), fmt.Sprintf("%.0f", mean(b.Timelines.Frequency[n-1]))})
	}
	sensors := map[string][]float64{}
	for _, s := range b.Timelines.Temperature {
		for k, v := range s.Celsius {
			sensors[k] = append(sensors[k], v)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(sensors)) {
		v := sensors[k]
		tl.Rows = append(tl.Rows, burnInRow{k + " (°C)", fmt.Sprint(len(v)), fmt.Sprintf("%.1f", v[0]), fmt.Sprintf("%.1f", slices.Min(v)), fmt.Sprintf("%.1f", slices.Max(v)), fmt.Sprintf("%.1f", v[len(v)-1])})
	}
	quick := map[string][]model.QuickSample{}
	for _, q := range b.Timelines.Quick {
		quick[q.Metric] = append(quick[q.Metric], q)
	}
	for _, m := range slices.Sorted(maps.Keys(quick)) {
		q := quick[m]
		f := func(v float64) string { return units.Format(v, units.Kind(q[0].Unit)) }
		lo, hi := q[0].Score, q[0].Score
		for _, s := range q {
			lo, hi = min(lo, s.Score), max(hi, s.Score)
		}
		tl.Rows = append(tl.Rows, burnInRow{m + " (quick)", fmt.Sprint(len(q)), f(q[0].Score), f(lo), f(hi), f(q[len(q)-1].Score)})
	}
	if n := len(b.Timelines.ErrorCounts); n > 0 {
		e := b.Timelines.ErrorCounts
		tl.Rows = append(tl.Rows, burnInRow{"errors / warnings", fmt.Sprint(n), fmt.Sprintf("%d / %d", e[0].Errors, e[0].Warnings), "", "", fmt.Sprintf("%d / %d", e[n-1].Errors, e[n-1].Warnings)})
	}
	out = append(out, tl)

	fs := section{Title: "Findings", Header: []string{"Result", "Check", "When", "Where", "Evidence"}}
	for _, f := range append(slices.Clip(b.Verdict.Findings), b.Verdict.Unknown...) {
		fs.Rows = append(fs.Rows, burnInRow{string(f.Severity), f.Check, f.When.Format(time.RFC3339), f.Where, f.Evidence})
	}
	out = append(out, fs)
	return out
}

// BurnInHeader is the lines above the tables.
func BurnInHeader(b *model.BurnIn) []string {
	state := "complete"
	switch {
	case b.Interrupted:
		state = "interrupted (resume with --resume)"
	case !b.Complete:
		state = "in progress or killed (checkpoint; resume with --resume)"
	}
	disk := "not run"
	switch {
	case b.DiskFileBytes > 0 && b.DiskIO != "":
		disk = fmt.Sprintf("%d MiB verify file, %s I/O", b.DiskFileBytes>>20, b.DiskIO)
		if b.DiskNote != "" {
			disk += " (" + b.DiskNote + ")"
		}
	case b.DiskFileBytes > 0:
		disk = fmt.Sprintf("%d MiB verify file, not written yet", b.DiskFileBytes>>20)
	case b.DiskNote != "":
		disk = "not run: " + b.DiskNote
	}
	lines := []string{
		fmt.Sprintf("Burn-in of %s: %s of %s, %s, %d run(s), started %s",
			b.Host, time.Duration(b.ElapsedSeconds*float64(time.Second)).Round(time.Second), time.Duration(b.RequestedSeconds*float64(time.Second)), state, b.Runs, b.Started.Format(time.RFC3339)),
		fmt.Sprintf("Memory under test: %d MiB; disk: %s; verification errors: %d", b.MemoryBytes>>20, disk, b.ErrorCount),
	}
	for _, u := range b.Unknown {
		lines = append(lines, "unknown: "+u)
	}
	for _, n := range b.Notes {
		lines = append(lines, "note: "+n)
	}
	return lines
}

// BurnInVerdictLine is the last line: the verdict in words.
func BurnInVerdictLine(b *model.BurnIn) string {
	unknown := make([]string, len(b.Verdict.Unknown))
	for i, u := range b.Verdict.Unknown {
		unknown[i] = u.Where
	}
	switch {
	case b.Verdict.Result == model.StatusFail:
		return "Burn-in FAIL: the machine is not fit for service (see findings)"
	case b.Verdict.Result == model.StatusIncomplete:
		return fmt.Sprintf("Burn-in INCOMPLETE: no errors found, but not a pass: unknown for the whole run: %s (see findings; --accept-unknown makes them warnings)", strings.Join(unknown, ", "))
	case b.Verdict.Result == model.StatusWarn:
		return "Burn-in WARN: no errors, but see the warnings before putting the machine into service"
	case len(unknown) > 0:
		return fmt.Sprintf("Burn-in PASS: no verification errors and no new hardware errors in what was watched; unknown, accepted with --accept-unknown: %s", strings.Join(unknown, ", "))
	default:
		return "Burn-in PASS: no verification errors, no new hardware errors, no throttling"
	}
}

// writeBurnInTable writes the report for a terminal.
func writeBurnInTable(w io.Writer, b *model.BurnIn) error {
	var sb strings.Builder
	for _, l := range BurnInHeader(b) {
		sb.WriteString(l + "\n")
	}
	for _, s := range BurnInSections(b) {
		if len(s.Rows) == 0 {
			continue
		}
		fmt.Fprintf(&sb, "%s:\n", s.Title)
		widths := make([]int, len(s.Header))
		for i, h := range s.Header {
			widths[i] = len([]rune(h))
		}
		for _, r := range s.Rows {
			for i, c := range r {
				widths[i] = max(widths[i], len([]rune(c)))
			}
		}
		line := func(cells []string) {
			sb.WriteString(" ")
			for i, c := range cells {
				if i == len(cells)-1 {
					sb.WriteString(" " + c)
				} else {
					fmt.Fprintf(&sb, " %-*s", widths[i], c)
				}
			}
			sb.WriteString("\n")
		}
		line(s.Header)
		for _, r := range s.Rows {
			line(r)
		}
	}
	sb.WriteString(BurnInVerdictLine(b) + "\n")
	_, err := io.WriteString(w, sb.String())
	return err
}

// writeBurnInMarkdown writes the report as Markdown.
func writeBurnInMarkdown(w io.Writer, b *model.BurnIn) error {
	var sb strings.Builder
	sb.WriteString("# hwqual burn-in\n\n")
	for _, l := range BurnInHeader(b) {
		sb.WriteString("- " + mdEscape(l) + "\n")
	}
	for _, s := range BurnInSections(b) {
		fmt.Fprintf(&sb, "\n## %s\n\n", s.Title)
		if len(s.Rows) == 0 {
			sb.WriteString("None.\n")
			continue
		}
		sb.WriteString("| " + strings.Join(s.Header, " | ") + " |\n|" + strings.Repeat("---|", len(s.Header)) + "\n")
		for _, r := range s.Rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = mdEscape(c)
			}
			sb.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		}
	}
	fmt.Fprintf(&sb, "\n**%s**\n", BurnInVerdictLine(b))
	_, err := io.WriteString(w, sb.String())
	return err
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
