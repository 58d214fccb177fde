package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
)

// DiskLine is the sentence naming the device the disk rows measured.
func DiskLine(r *Report) string {
	if r.Disk == nil {
		return ""
	}
	return "Disk under test: " + r.Disk.String()
}

// writeDiskLines puts the disk under test and its warnings above the table.
func writeDiskLines(w io.Writer, r *Report) error {
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
func latencyChecks(r *Report) []Check {
	return checksWith(r, func(d *diskstat.Details) bool { return d.Latency != nil })
}

// sustainedChecks are the measured checks carrying a sustained timeline.
func sustainedChecks(r *Report) []Check {
	return checksWith(r, func(d *diskstat.Details) bool { return d.Sustained != nil })
}

func checksWith(r *Report, has func(*diskstat.Details) bool) []Check {
	var cs []Check
	for _, c := range r.Checks {
		if c.Disk != nil && has(c.Disk) && c.Status != StatusNotMeasured {
			cs = append(cs, c)
		}
	}
	return cs
}

// writeDiskTables writes the latency table under the terminal table; the
// sustained-write summary is already among the notes.
func writeDiskTables(w io.Writer, r *Report) error {
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
func writeDiskMarkdown(b *strings.Builder, r *Report) {
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
			s := c.Disk.Sustained
			cliff := fmt.Sprintf("no cliff within %.1f GiB", float64(s.WrittenBytes)/(1<<30))
			if s.Cliff != nil {
				cliff = fmt.Sprintf("after %.1f GiB (%.1f s), at %s", float64(s.Cliff.WrittenBytes)/(1<<30),
					float64(s.Cliff.ElapsedNs)/1e9, units.FormatThroughput(s.Cliff.BytesPerSecond))
			}
			fmt.Fprintf(b, "- **%s:** %.1f GiB written in %d samples of %d ms; peak %s; steady state (median of the last third) %s; cache cliff: %s\n",
				escapeMD(c.Function), float64(s.WrittenBytes)/(1<<30), len(s.Timeline), s.IntervalNs/1e6,
				units.FormatThroughput(s.PeakBytesPerSecond), units.FormatThroughput(s.SteadyBytesPerSecond), escapeMD(cliff))
		}
	}
}
