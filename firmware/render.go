package firmware

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// CheckReport is the result of `hwqual firmware check`, the one struct
// every renderer reads.
type CheckReport struct {
	SchemaVersion int `json:"schema_version"`
	// Root is where sysfs and /dev were read from.
	Root string `json:"root"`
	// Advisories is the database used: "builtin" or a path.
	Advisories string `json:"advisories"`
	Drives     []Row  `json:"drives"`
	// Critical is true when any drive's verdict is CRITICAL.
	Critical bool `json:"critical"`
}

// NewCheckReport wraps judged rows.
func NewCheckReport(root, advisories string, rows []Row) *CheckReport {
	r := &CheckReport{SchemaVersion: 1, Root: root, Advisories: advisories, Drives: rows}
	if r.Drives == nil {
		r.Drives = []Row{}
	}
	for _, d := range rows {
		r.Critical = r.Critical || d.Verdict == VerdictCritical
	}
	return r
}

// NoDrivesLine is what every renderer says on a machine without NVMe.
func (r *CheckReport) NoDrivesLine() string {
	return fmt.Sprintf("No NVMe controllers found (nothing under %s).", strings.TrimSuffix(r.Root, "/")+"/sys/class/nvme")
}

// notes are the per-drive explanations shown under the table.
func (r *CheckReport) notes() []string {
	var out []string
	for _, d := range r.Drives {
		for _, e := range d.Explanations() {
			out = append(out, d.Name+": "+e)
		}
	}
	return out
}

// Explanations are the lines that say why a drive got its verdicts: the
// firmware reason with its source, the health reason, remarks and admin
// read errors.
func (r Row) Explanations() []string {
	fw := fmt.Sprintf("firmware %s: %s", r.FirmwareCheck.Verdict, r.FirmwareCheck.Reason)
	if r.FirmwareCheck.Source != "" {
		fw += " [source: " + r.FirmwareCheck.Source + "]"
	}
	out := append([]string{fw, fmt.Sprintf("health %s: %s", r.HealthCheck.Verdict, r.HealthCheck.Reason)}, r.Notes...)
	if r.Admin != nil {
		out = append(out, r.Admin.Errors...)
	}
	return out
}

// WriteCheckTable writes a terminal table, one row per drive, with the
// reasons and sources below it.
func WriteCheckTable(w io.Writer, r *CheckReport) error {
	if len(r.Drives) == 0 {
		_, err := fmt.Fprintln(w, r.NoDrivesLine())
		return err
	}
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	)
	t.Header("Drive", "Model", "Serial", "Firmware", "Firmware verdict", "Health", "Verdict")
	for _, d := range r.Drives {
		if err := t.Append(d.Name, d.Model, d.Serial, d.Controller.Firmware, string(d.FirmwareCheck.Verdict), string(d.HealthCheck.Verdict), string(d.Verdict)); err != nil {
			return fmt.Errorf("table row %s: %w", d.Name, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("render table: %w", err)
	}
	for _, n := range r.notes() {
		if _, err := fmt.Fprintln(w, "  "+n); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "Advisories: %s\n", r.Advisories)
	return err
}

// WriteCheckJSON writes the report as indented JSON.
func WriteCheckJSON(w io.Writer, r *CheckReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

var mdEscaper = strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`)

// WriteCheckMarkdown writes the report as a Markdown section.
func WriteCheckMarkdown(w io.Writer, r *CheckReport) error {
	var b strings.Builder
	b.WriteString("## NVMe firmware and health\n\n")
	if len(r.Drives) == 0 {
		b.WriteString(r.NoDrivesLine() + "\n")
	} else {
		b.WriteString("| Drive | Model | Serial | Firmware | Firmware verdict | Health | Verdict |\n|---|---|---|---|---|---|---|\n")
		for _, d := range r.Drives {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | **%s** |\n", mdEscaper.Replace(d.Name), mdEscaper.Replace(d.Model),
				mdEscaper.Replace(d.Serial), mdEscaper.Replace(d.Controller.Firmware), d.FirmwareCheck.Verdict, d.HealthCheck.Verdict, d.Verdict)
		}
		b.WriteString("\n")
		for _, n := range r.notes() {
			fmt.Fprintf(&b, "- %s\n", mdEscaper.Replace(n))
		}
	}
	fmt.Fprintf(&b, "\nAdvisories: %s\n", mdEscaper.Replace(r.Advisories))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write Markdown report: %w", err)
	}
	return nil
}
