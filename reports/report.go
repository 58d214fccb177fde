// Package reports holds the qualification report — one struct built from a
// profile evaluation — and the renderers that write it as a terminal table,
// JSON or Markdown. Renderers only format; they never compute verdicts.
package reports

import (
	"time"

	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/inventory"
)

// SchemaVersion is the version of hwqual's JSON layout (internal/schema);
// ReadJSON still reads version 1 reports.
const SchemaVersion = schema.Version

// Document kinds: the `kind` every JSON document carries next to
// schema_version, so a reader knows what it holds before parsing the rest.
const (
	DocQualification = schema.Qualification
	DocInventory     = schema.Inventory
	DocFirmwareCheck = schema.FirmwareCheck
	DocBMCCheck      = schema.BMCCheck
)

// Header opens every JSON document hwqual writes.
type Header = schema.Header

// NewHeader is the header of a document of kind written by this hwqual.
func NewHeader(kind string) Header { return schema.New(kind) }

// Report is the outcome of one qualification run.
type Report struct {
	Header
	Tool             Tool       `json:"tool"`
	Timestamp        time.Time  `json:"timestamp"`
	Host             string     `json:"host"`
	Profile          ProfileRef `json:"profile"`
	TolerancePercent float64    `json:"tolerance_percent"`
	// Dir is where disk benchmarks wrote their scratch files.
	Dir string `json:"dir,omitempty"`
	// Disk is what backs Dir: filesystem, layers and physical disks.
	Disk *blockdev.Info `json:"disk,omitempty"`
	// Interrupted is set when a signal stopped the run before every
	// metric was measured.
	Interrupted bool    `json:"interrupted,omitempty"`
	Checks      []Check `json:"checks"`
	Summary     Summary `json:"summary"`
	// Inventory is the machine the report is about.
	Inventory *inventory.Inventory `json:"inventory,omitempty"`
}

// Tool identifies the program that made the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ProfileRef identifies the requirements a report was judged against.
type ProfileRef struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Origin is "builtin:NAME" or the path the profile was read from.
	Origin string `json:"origin"`
	SHA256 string `json:"sha256"`
}

// Status is a check's outcome.
type Status string

// Check outcomes.
const (
	StatusPass Status = "pass"
	// StatusFail is a missed requirement of severity fail.
	StatusFail Status = "fail"
	// StatusWarn is a missed requirement of severity warn.
	StatusWarn Status = "warn"
	// StatusInfo is a metric measured for the record, never judged.
	StatusInfo Status = "info"
	// StatusNotMeasured is a metric this machine could not be measured on;
	// it never counts as a pass.
	StatusNotMeasured Status = "not_measured"
	// StatusIncomplete is a burn-in verdict without the evidence a PASS
	// needs: a watch the verdict relies on was unknown for the whole run.
	// It is never a pass (exit 1), and FAIL beats it.
	StatusIncomplete Status = "incomplete"
)

// CheckKind says what a check judged: a measured metric, an inventory
// rule or a firmware verdict. It decides which part of the Check is set.
type CheckKind string

// Check kinds.
const (
	// KindMetric is a benchmark's score against a minimum or maximum; the
	// check carries a Numeric part (and a Disk part for disk metrics).
	KindMetric CheckKind = "metric"
	// KindRule is an inventory field against a rule; the check carries a
	// Text part (found, required).
	KindRule CheckKind = "rule"
	// KindFirmware is one drive's firmware verdict; the check carries a
	// Text part (found).
	KindFirmware CheckKind = "firmware"
)

// Check is one requirement judged on this machine.
type Check struct {
	// ID names the check the same way on every run and machine, so
	// reports can be compared: "metric:BLAKE2-256",
	// "metric:BLAKE2-256-Parallel/8", "rule:cpu.physical_cores",
	// "firmware:nvme/S5GXNF0R123456". See docs/reports.md.
	ID       string
	Kind     CheckKind
	Category string
	Function string
	Severity string
	Status   Status
	// Method says how the metric was measured or the fact was found.
	Method string
	// Reason explains a not-measured check.
	Reason string
	Notes  []string
	// Numeric is a metric's measurement and bounds; nil on rule and
	// firmware checks.
	Numeric *Numeric
	// Text is what a rule or firmware check found and required; nil on
	// metric checks.
	Text *Text
	// Disk carries a disk metric's latency histogram summary, sustained
	// timeline and I/O mode; nil on every other check.
	Disk *diskstat.Details
}

// Numeric is a measured check's numbers, all in the base unit Unit.
type Numeric struct {
	Unit units.Kind
	// Minimum is the profile's number; Threshold is what the score had to
	// reach after tolerance.
	Minimum   float64
	Threshold float64
	// Maximum bounds a lower-is-better metric (latency) instead of
	// Minimum; Threshold is then the highest passing score.
	Maximum float64
	// Score is the median of Samples.
	Score   float64
	Samples []float64
	Stats   Stats
	// RelativePercent is Score/Minimum×100, Substrate's "Pass (215.8 %)".
	RelativePercent float64
	Noisy           bool
	// Extra carries secondary figures keyed with their unit.
	Extra map[string]float64
}

// Stats summarise a check's samples beyond the median score.
type Stats struct {
	Min, Max, Mean, Stddev float64
	// CV is Stddev/Mean.
	CV float64
}

// Text is what a rule or firmware check found on the machine ("2",
// "unknown", "3B2QGXA7 CRITICAL") and, for rules, what is required (">= 8").
type Text struct {
	Found    string `json:"found"`
	Required string `json:"required,omitempty"`
}

// Summary counts checks by outcome and carries the verdict, computed by
// qualify.Summarize before any renderer sees the report.
type Summary struct {
	Total       int `json:"total"`
	Passed      int `json:"passed"`
	Failed      int `json:"failed"`
	Warned      int `json:"warned"`
	Info        int `json:"info"`
	NotMeasured int `json:"not_measured"`
	// Pass is true when no required check failed or went unmeasured.
	Pass bool `json:"pass"`
}
