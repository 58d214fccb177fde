// Package model holds the documents hwqual writes — the qualification
// report built from a profile evaluation, the burn-in report, the network
// test, the comparison and the fleet summary — with their JSON encoding,
// loading and the migration of version 1 reports. It has no rendering:
// the measuring code (qualify, burnin) builds these documents without
// linking chart, HTML or Prometheus code; reports/render formats them and
// reports/analysis derives comparisons and fleet views from them.
package model

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
	// Fidelity says, on a row named after a Substrate benchmark, whether
	// the row was measured to score what Substrate's own code scores on
	// this CPU type (docs/substrate-fidelity.md); nil on every other check.
	Fidelity *Fidelity
}

// Fidelity is a Substrate-named row's proof status on the CPU it ran on.
type Fidelity struct {
	// Measured is true when `make fidelity` put the row within its band
	// (0.95-1.05 × Substrate's code, 0.90-1.10 for disk rows) on a CPU of
	// this vendor, family and model range.
	Measured bool `json:"measured"`
	// CPU is the CPU the row ran on: "AMD family 26 model 2".
	CPU string `json:"cpu"`
	// MeasuredOn lists the CPU types where the row was measured in band.
	MeasuredOn []FidelityMeasurement `json:"measured_on"`
}

// FidelityMeasurement is one CPU type on which a row was measured in band.
type FidelityMeasurement struct {
	// CPU is the vendor, family and model range: "AMD family 25 models
	// 0x00-0x0f (Zen 3, EPYC Milan)".
	CPU    string `json:"cpu"`
	Date   string `json:"date"`
	Commit string `json:"commit"`
	// Ratio is the median hwqual ÷ Substrate over the measured rounds.
	Ratio float64 `json:"ratio"`
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
	// Score is made from Samples by Estimator: their median, or for rows
	// named after a Substrate benchmark the whole-window rate (total work
	// over total time, SampleSeconds weighing each sample).
	Score     float64
	Estimator string
	Samples   []float64
	// SampleSeconds are the samples' window lengths (whole-window rows).
	SampleSeconds []float64
	// CILow and CIHigh bound Score with confidence CILevel (0.95); CILevel
	// is 0 when the samples were too few for an interval.
	CILow, CIHigh float64
	CILevel       float64
	// Marginal is set when a judged score's interval contains its
	// threshold: the verdict is the score's (as Substrate's), but another
	// run could land on the other side.
	Marginal bool
	Stats    Stats
	// RelativePercent is Score/Minimum×100, Substrate's "Pass (215.8 %)".
	RelativePercent float64
	Noisy           bool
	// Extra carries secondary figures keyed with their unit.
	Extra map[string]float64
	// Workers is how many workers a parallel metric ran, and
	// WorkersRequested how many the profile (or the module's default)
	// asked for; 0 on serial metrics. Fewer than asked is not measured.
	Workers          int
	WorkersRequested int
	// CPUs lists the logical CPUs the workers were pinned to, worker
	// order; empty when they ran unpinned.
	CPUs []int
}

// Stats summarise a check's samples beyond the score.
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
	// Marginal counts judged scores whose 95 % interval contains their
	// threshold, whatever their verdict.
	Marginal int `json:"marginal"`
	// Strict is set when the run was judged with --strict: a marginal
	// pass of a required check is then not a pass.
	Strict bool `json:"strict,omitempty"`
	// Pass is true when no required check failed or went unmeasured (and,
	// under Strict, none passed only marginally).
	Pass bool `json:"pass"`
}
