package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// fleetColumns are the columns of every human-readable fleet rendering.
var fleetColumns = []any{"Host", "Profile", "Verdict", "Failing checks", "Worst margin", "Read p99", "Firmware", "Age"}

func fleetRow(h FleetHost) []string {
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
func FleetTotalsLine(f *Fleet) string {
	return fmt.Sprintf("%d hosts: %d passed, %d failed; %d files skipped", f.Totals.Hosts, f.Totals.Passed, f.Totals.Failed, f.Totals.Skipped)
}

func skippedLine(s SkippedFile) string { return fmt.Sprintf("skipped %s: %s", s.File, s.Reason) }

// WriteFleetTable writes the fleet as a terminal table, then the skipped
// files and the totals.
func WriteFleetTable(w io.Writer, f *Fleet) error {
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

// WriteFleetMarkdown writes the fleet as a Markdown section.
func WriteFleetMarkdown(w io.Writer, f *Fleet) error {
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

// WriteFleetJSON writes the fleet document.
func WriteFleetJSON(w io.Writer, f *Fleet) error {
	return EncodeJSON(w, f)
}

// FleetRegistry holds the fleet's gauges: per host its verdict and report
// time (so Prometheus sees hosts whose reports stopped coming), and the
// counts.
func FleetRegistry(f *Fleet) (*prometheus.Registry, error) {
	reg := prometheus.NewPedanticRegistry()
	verdict := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_host_verdict", Help: "1 when the host's latest report passed its profile, 0 otherwise.",
	}, []string{"host", "profile"})
	ts := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_host_report_timestamp_seconds", Help: "Unix time of the host's latest report.",
	}, []string{"host"})
	failing := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_host_failing_checks", Help: "Number of failed or required-but-unmeasured checks in the host's latest report.",
	}, []string{"host"})
	p99 := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_host_read_latency_p99_seconds", Help: "99th percentile read latency of the host's latest report.",
	}, []string{"host"})
	hosts := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_hosts", Help: "Hosts in the fleet directory by verdict of their latest report.",
	}, []string{"verdict"})
	skipped := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "hwqual_fleet_skipped_files", Help: "Files in the fleet directory that are not usable reports.",
	})
	for _, c := range []prometheus.Collector{verdict, ts, failing, p99, hosts, skipped} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("prometheus registry: %w", err)
		}
	}
	for _, h := range f.Hosts {
		verdict.WithLabelValues(h.Host, h.Profile).Set(boolGauge(h.Pass))
		ts.WithLabelValues(h.Host).Set(float64(h.Timestamp.UnixNano()) / 1e9)
		failing.WithLabelValues(h.Host).Set(float64(len(h.Failing)))
		if h.ReadLatencyP99Seconds != nil {
			p99.WithLabelValues(h.Host).Set(*h.ReadLatencyP99Seconds)
		}
	}
	hosts.WithLabelValues("pass").Set(float64(f.Totals.Passed))
	hosts.WithLabelValues("fail").Set(float64(f.Totals.Failed))
	skipped.Set(float64(f.Totals.Skipped))
	return reg, nil
}

// WriteFleetPrometheus writes the fleet's gauges in the text format.
func WriteFleetPrometheus(w io.Writer, f *Fleet) error {
	reg, err := FleetRegistry(f)
	if err != nil {
		return err
	}
	return writeGatherer(w, reg)
}

// WriteFleetPrometheusFile replaces path atomically with the fleet's gauges.
func WriteFleetPrometheusFile(path string, f *Fleet) error {
	reg, err := FleetRegistry(f)
	if err != nil {
		return err
	}
	return writeTextfile(path, reg)
}
