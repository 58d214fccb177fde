package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/netperf"
	"github.com/hwqual/hwqual/reports/model"
)

func netNs(ns int64) string {
	if ns < 0 {
		return "unknown"
	}
	return time.Duration(ns).Round(time.Microsecond).String()
}

func netRetrans(n int64) string {
	if n < 0 {
		return "unknown"
	}
	return fmt.Sprint(n)
}

type netRow struct{ name, value string }

func netRows(r *netperf.Result) []netRow {
	var out []netRow
	for _, f := range []struct {
		name string
		flow *netperf.Flow
	}{{"Upload", r.Upload}, {"Download", r.Download}} {
		if f.flow == nil {
			continue
		}
		out = append(out, netRow{f.name, fmt.Sprintf("%s (sender %s), retransmits %s, RTT under load %s",
			units.FormatBits(f.flow.BitsPerSecond), units.FormatBits(f.flow.SenderBitsPerSecond), netRetrans(f.flow.Retransmits), netNs(f.flow.RTTUnderLoadNs))})
		for _, s := range f.flow.Streams {
			out = append(out, netRow{fmt.Sprintf("  stream %d", s.ID), fmt.Sprintf("%s, retransmits %s", units.FormatBits(s.BitsPerSecond), netRetrans(s.Retransmits))})
		}
		var iv []string
		for _, i := range f.flow.Intervals {
			iv = append(iv, fmt.Sprintf("%.0f", i.BitsPerSecond/1e6))
		}
		out = append(out, netRow{"  per second", strings.Join(iv, " ") + " Mbit/s"})
	}
	if l := r.Latency; l != nil {
		out = append(out, netRow{"Latency", fmt.Sprintf("p50 %s, p99 %s, min %s, max %s over %d connects",
			netNs(l.P50Ns), netNs(l.P99Ns), netNs(l.MinNs), netNs(l.MaxNs), l.Count)})
	} else if r.LatencyError != "" {
		out = append(out, netRow{"Latency", "not measured: " + r.LatencyError})
	}
	return out
}

// writeNetText writes the result for a person reading a terminal.
func writeNetText(w io.Writer, r *model.NetReport) error {
	res := r.Result
	fmt.Fprintf(w, "Peer %s, %s, %d stream(s), %.1f s\n", res.Peer, res.Mode, res.Streams, res.Seconds)
	for _, rw := range netRows(res) {
		fmt.Fprintf(w, "%-12s %s\n", rw.name, rw.value)
	}
	_, err := fmt.Fprintln(w)
	return err
}

// writeNetMarkdown writes the result as a Markdown section.
func writeNetMarkdown(w io.Writer, r *model.NetReport) error {
	res := r.Result
	fmt.Fprintf(w, "## Network: %s\n\n", res.Peer)
	fmt.Fprintf(w, "%s, %d stream(s), %.1f s, measured %s by hwqual %s.\n\n", res.Mode, res.Streams, res.Seconds, r.Timestamp.Format(time.RFC3339), r.Tool.Version)
	fmt.Fprintln(w, "| Measure | Value |")
	fmt.Fprintln(w, "|---|---|")
	for _, rw := range netRows(res) {
		fmt.Fprintf(w, "| %s | %s |\n", strings.TrimSpace(rw.name), rw.value)
	}
	if res.LatencyMethod != "" {
		fmt.Fprintf(w, "\nLatency: %s.\n", res.LatencyMethod)
	}
	_, err := fmt.Fprintln(w)
	return err
}
