package nvme

import (
	"fmt"
	"strings"

	"github.com/hwqual/hwqual/firmware/advisory"
	"github.com/hwqual/hwqual/internal/schema"
)

// CheckReport is the result of `hwqual firmware check`, judged here and
// only formatted by the renderers in reports/.
type CheckReport struct {
	schema.Header
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
	r := &CheckReport{Header: schema.New(schema.FirmwareCheck), Root: root, Advisories: advisories, Drives: rows}
	if r.Drives == nil {
		r.Drives = []Row{}
	}
	for _, d := range rows {
		r.Critical = r.Critical || d.Verdict == advisory.VerdictCritical
	}
	return r
}

// NoDrivesLine is what every renderer says on a machine without NVMe.
func (r *CheckReport) NoDrivesLine() string {
	return fmt.Sprintf("No NVMe controllers found (nothing under %s).", strings.TrimSuffix(r.Root, "/")+"/sys/class/nvme")
}

// Notes are the per-drive explanations shown under the table.
func (r *CheckReport) Notes() []string {
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
