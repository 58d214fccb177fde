package render

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
)

// DiskLine is the sentence naming the device the disk rows measured.
func DiskLine(r *model.Report) string {
	if r.Disk == nil {
		return ""
	}
	return "Disk under test: " + r.Disk.String()
}

// writeDiskLines puts the disk under test and its warnings above the table.
func writeDiskLines(w io.Writer, r *model.Report) error {
	if r.Disk == nil {
		return nil
	}
	lines := []string{DiskLine(r)}
	for _, warn := range r.Disk.Warnings {
		lines = append(lines, "  warning: "+warn)
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

// latencyHeader is the header of every latency table.
var latencyHeader = []string{"Metric", "Reads", "Min", "Mean", "Stddev", "p50", "p90", "p99", "p99.9", "p99.99", "Max", "IOPS"}

// latencyRow renders one latency summary in µs/ms.
func latencyRow(name string, l *diskstat.Latency) []string {
	f := func(ns float64) string { return units.FormatLatency(ns) }
	return []string{name, fmt.Sprint(l.Count), f(float64(l.MinNs)), f(l.MeanNs), f(l.StddevNs),
		f(float64(l.P50Ns)), f(float64(l.P90Ns)), f(float64(l.P99Ns)), f(float64(l.P999Ns)), f(float64(l.P9999Ns)),
		f(float64(l.MaxNs)), units.FormatIOPS(l.IOPS)}
}

// latencyChecks are the measured checks carrying a latency histogram.
func latencyChecks(r *model.Report) []model.Check {
	return checksWith(r, func(d *diskstat.Details) bool { return d.Latency != nil })
}

// sustainedChecks are the checks carrying a sustained timeline, including
// those judged not measured for want of evidence past the cache: their
// timeline shows why.
func sustainedChecks(r *model.Report) []model.Check {
	var cs []model.Check
	for _, c := range r.Checks {
		if c.Disk != nil && c.Disk.Sustained != nil {
			cs = append(cs, c)
		}
	}
	return cs
}

func checksWith(r *model.Report, has func(*diskstat.Details) bool) []model.Check {
	var cs []model.Check
	for _, c := range r.Checks {
		if c.Disk != nil && has(c.Disk) && c.Status != model.StatusNotMeasured {
			cs = append(cs, c)
		}
	}
	return cs
}

// writeDiskTables writes the latency table under the terminal table; the
// sustained-write summary is already among the notes.
func writeDiskTables(w io.Writer, r *model.Report) error {
	cs := latencyChecks(r)
	if len(cs) == 0 {
		return nil
	}
	rows := [][]string{latencyHeader}
	for _, c := range cs {
		rows = append(rows, latencyRow(c.Function, c.Disk.Latency))
	}
	var b strings.Builder
	b.WriteString("Read latency (one HDR histogram per metric, percentiles to 3 significant digits):\n")
	widths := make([]int, len(latencyHeader))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], len([]rune(cell)))
		}
	}
	for _, row := range rows {
		b.WriteString(" ")
		for i, cell := range row {
			pad := widths[i] - len([]rune(cell))
			if i == 0 {
				b.WriteString(" " + cell + strings.Repeat(" ", pad))
			} else {
				b.WriteString("  " + strings.Repeat(" ", pad) + cell)
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeDiskMarkdown adds the latency table and the sustained-write
// summary to the Markdown report.
func writeDiskMarkdown(b *strings.Builder, r *model.Report) {
	if cs := latencyChecks(r); len(cs) > 0 {
		b.WriteString("\n### Read latency\n\n")
		b.WriteString("| " + strings.Join(latencyHeader, " | ") + " |\n")
		b.WriteString("|---" + strings.Repeat("|---:", len(latencyHeader)-1) + "|\n")
		for _, c := range cs {
			row := latencyRow(c.Function, c.Disk.Latency)
			for i := range row {
				row[i] = escapeMD(row[i])
			}
			b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		}
	}
	if cs := sustainedChecks(r); len(cs) > 0 {
		b.WriteString("\n### Sustained write\n\n")
		for _, c := range cs {
			writeSustainedMarkdown(b, c)
		}
	}
}

// timelineRows is how many timeline rows the Markdown report shows; the
// JSON report keeps every interval.
const timelineRows = 24

// writeSustainedMarkdown writes one sustained write: the summary, the
// cliff and its cause, why the write stopped, and the timeline.
func writeSustainedMarkdown(b *strings.Builder, c model.Check) {
	s := c.Disk.Sustained
	cliff := "no cliff within " + units.GiB(float64(s.WrittenBytes))
	steadyOf := "of the last third"
	if s.Cliff != nil {
		what := "cache cliff (the write cache ran out)"
		if s.Cliff.Cause == diskstat.CauseThermal {
			what = fmt.Sprintf("thermal throttling (the drive reached its warning temperature, %.0f °C, as throughput fell: cool it rather than replace it)", s.WarningCelsius)
		}
		cliff = fmt.Sprintf("%s after %s (%.1f s), at %s", what, units.GiB(float64(s.Cliff.WrittenBytes)),
			float64(s.Cliff.ElapsedNs)/1e9, units.FormatThroughput(s.Cliff.BytesPerSecond))
		steadyOf = "after the cliff"
	}
	fmt.Fprintf(b, "- **%s:** %s written in %d samples of %d ms; peak %s; steady state (median %s, %.0f s) %s; %s\n",
		escapeMD(c.Function), units.GiB(float64(s.WrittenBytes)), len(s.Timeline), s.IntervalNs/1e6,
		units.FormatThroughput(s.PeakBytesPerSecond), steadyOf, float64(s.SteadyNs)/1e9, units.FormatThroughput(s.SteadyBytesPerSecond), escapeMD(cliff))
	if s.ProofBytes > 0 {
		fmt.Fprintf(b, "- proof volume %s (%s); stopped: %s\n", units.GiB(float64(s.ProofBytes)), escapeMD(s.ProofRule), escapeMD(s.StoppedBecause))
	}
	if len(s.Timeline) == 0 {
		return
	}
	_, hasTemp := diskstat.MaxTemperature(s.Timeline)
	if hasTemp {
		b.WriteString("\n| s | written | throughput | °C |\n|---:|---:|---:|---:|\n")
	} else {
		b.WriteString("\n| s | written | throughput |\n|---:|---:|---:|\n")
	}
	for _, i := range timelineIndexes(s.Timeline, s.Cliff, timelineRows) {
		p := s.Timeline[i]
		mark := ""
		if s.Cliff != nil && p.ElapsedNs == s.Cliff.ElapsedNs {
			mark = " (cliff)"
		}
		fmt.Fprintf(b, "| %.2f | %.2f GiB | %s%s |", float64(p.ElapsedNs)/1e9, float64(p.WrittenBytes)/(1<<30),
			units.FormatThroughput(p.BytesPerSecond), mark)
		if hasTemp {
			temp := "-"
			if p.TemperatureCelsius != nil {
				temp = fmt.Sprintf("%.0f", *p.TemperatureCelsius)
			}
			b.WriteString(" " + temp + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// timelineIndexes picks at most n evenly spaced points of tl, always
// keeping the first, the last and the cliff.
func timelineIndexes(tl []diskstat.Point, cliff *diskstat.Cliff, n int) []int {
	var idx []int
	seen := map[int]bool{}
	add := func(i int) {
		if !seen[i] {
			seen[i] = true
			idx = append(idx, i)
		}
	}
	step := max(1, (len(tl)+n-1)/n)
	for i := 0; i < len(tl); i += step {
		add(i)
	}
	add(len(tl) - 1)
	if cliff != nil {
		for i, p := range tl {
			if p.ElapsedNs == cliff.ElapsedNs {
				add(i)
			}
		}
	}
	slices.Sort(idx)
	return idx
}
