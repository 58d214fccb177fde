package netperf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hwqual/hwqual/reports"
)

// Report is the document `hwqual net` writes: one test against one peer.
type Report struct {
	reports.Header
	Tool      reports.Tool `json:"tool"`
	Timestamp time.Time    `json:"timestamp"`
	Host      string       `json:"host"`
	Result    *Result      `json:"result"`
}

// NewReport wraps a result into a document.
func NewReport(res *Result, version, host string, at time.Time) *Report {
	return &Report{Header: reports.NewHeader(reports.DocNet), Tool: reports.Tool{Name: "hwqual", Version: version},
		Timestamp: at.UTC(), Host: host, Result: res}
}

// WriteJSON writes the report in hwqual's one JSON style.
func WriteJSON(w io.Writer, r *Report) error { return reports.EncodeJSON(w, r) }

// FormatBits renders bits per second the way network people read them
// (decimal units: 1 Gbit/s = 10^9 bit/s).
func FormatBits(bps float64) string {
	switch {
	case bps >= 1e9:
		return fmt.Sprintf("%.2f Gbit/s", bps/1e9)
	case bps >= 1e6:
		return fmt.Sprintf("%.2f Mbit/s", bps/1e6)
	case bps >= 1e3:
		return fmt.Sprintf("%.2f kbit/s", bps/1e3)
	}
	return fmt.Sprintf("%.0f bit/s", bps)
}

func formatNs(ns int64) string {
	if ns < 0 {
		return "unknown"
	}
	return time.Duration(ns).Round(time.Microsecond).String()
}

func retrans(n int64) string {
	if n < 0 {
		return "unknown"
	}
	return fmt.Sprint(n)
}

type row struct{ name, value string }

func rows(r *Result) []row {
	var out []row
	for _, f := range []struct {
		name string
		flow *Flow
	}{{"Upload", r.Upload}, {"Download", r.Download}} {
		if f.flow == nil {
			continue
		}
		out = append(out, row{f.name, fmt.Sprintf("%s (sender %s), retransmits %s, RTT under load %s",
			FormatBits(f.flow.BitsPerSecond), FormatBits(f.flow.SenderBitsPerSecond), retrans(f.flow.Retransmits), formatNs(f.flow.RTTUnderLoadNs))})
		for _, s := range f.flow.Streams {
			out = append(out, row{fmt.Sprintf("  stream %d", s.ID), fmt.Sprintf("%s, retransmits %s", FormatBits(s.BitsPerSecond), retrans(s.Retransmits))})
		}
		var iv []string
		for _, i := range f.flow.Intervals {
			iv = append(iv, fmt.Sprintf("%.0f", i.BitsPerSecond/1e6))
		}
		out = append(out, row{"  per second", strings.Join(iv, " ") + " Mbit/s"})
	}
	if l := r.Latency; l != nil {
		out = append(out, row{"Latency", fmt.Sprintf("p50 %s, p99 %s, min %s, max %s over %d connects",
			formatNs(l.P50Ns), formatNs(l.P99Ns), formatNs(l.MinNs), formatNs(l.MaxNs), l.Count)})
	} else if r.LatencyError != "" {
		out = append(out, row{"Latency", "not measured: " + r.LatencyError})
	}
	return out
}

// WriteText writes the result for a person reading a terminal.
func WriteText(w io.Writer, r *Report) error {
	res := r.Result
	fmt.Fprintf(w, "Peer %s, %s, %d stream(s), %.1f s\n", res.Peer, res.Mode, res.Streams, res.Seconds)
	for _, rw := range rows(res) {
		fmt.Fprintf(w, "%-12s %s\n", rw.name, rw.value)
	}
	_, err := fmt.Fprintln(w)
	return err
}

// WriteMarkdown writes the result as a Markdown section.
func WriteMarkdown(w io.Writer, r *Report) error {
	res := r.Result
	fmt.Fprintf(w, "## Network: %s\n\n", res.Peer)
	fmt.Fprintf(w, "%s, %d stream(s), %.1f s, measured %s by hwqual %s.\n\n", res.Mode, res.Streams, res.Seconds, r.Timestamp.Format(time.RFC3339), r.Tool.Version)
	fmt.Fprintln(w, "| Measure | Value |")
	fmt.Fprintln(w, "|---|---|")
	for _, rw := range rows(res) {
		fmt.Fprintf(w, "| %s | %s |\n", strings.TrimSpace(rw.name), rw.value)
	}
	if res.LatencyMethod != "" {
		fmt.Fprintf(w, "\nLatency: %s.\n", res.LatencyMethod)
	}
	_, err := fmt.Fprintln(w)
	return err
}
