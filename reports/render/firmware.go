package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwqual/hwqual/firmware/nvme"
)

// writeFirmwareTable writes `hwqual firmware check` for a terminal: one
// row per drive, with the reasons and sources below it.
func writeFirmwareTable(w io.Writer, r *nvme.CheckReport) error {
	if len(r.Drives) == 0 {
		_, err := fmt.Fprintln(w, r.NoDrivesLine())
		return err
	}
	t := newGrid(w)
	t.Header("Drive", "Model", "Serial", "Firmware", "Firmware verdict", "Health", "Verdict")
	for _, d := range r.Drives {
		if err := t.Append(d.Name, d.Model, d.Serial, d.Firmware, string(d.FirmwareCheck.Verdict), string(d.HealthCheck.Verdict), string(d.Verdict)); err != nil {
			return fmt.Errorf("table row %s: %w", d.Name, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("render table: %w", err)
	}
	for _, n := range r.Notes() {
		if _, err := fmt.Fprintln(w, "  "+n); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "Advisories: %s\n", r.Advisories)
	return err
}

// writeFirmwareMarkdown writes the firmware check as a Markdown section.
func writeFirmwareMarkdown(w io.Writer, r *nvme.CheckReport) error {
	var b strings.Builder
	b.WriteString("## NVMe firmware and health\n\n")
	if len(r.Drives) == 0 {
		b.WriteString(r.NoDrivesLine() + "\n")
	} else {
		b.WriteString("| Drive | Model | Serial | Firmware | Firmware verdict | Health | Verdict |\n|---|---|---|---|---|---|---|\n")
		for _, d := range r.Drives {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | **%s** |\n", escapeMD(d.Name), escapeMD(d.Model),
				escapeMD(d.Serial), escapeMD(d.Firmware), d.FirmwareCheck.Verdict, d.HealthCheck.Verdict, d.Verdict)
		}
		b.WriteString("\n")
		for _, n := range r.Notes() {
			fmt.Fprintf(&b, "- %s\n", escapeMD(n))
		}
	}
	fmt.Fprintf(&b, "\nAdvisories: %s\n", escapeMD(r.Advisories))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write Markdown report: %w", err)
	}
	return nil
}
