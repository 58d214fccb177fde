// Package reports holds the qualification report — one struct built from a
// profile evaluation — and the renderers that write it as a terminal table,
// JSON or Markdown. Renderers only format; they never compute verdicts.
package reports

import (
	"time"

	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/inventory"
)

// SchemaVersion is the version of the JSON layout. It changes when a field
// is renamed or removed, not when one is added.
const SchemaVersion = 1

// Report is the outcome of one qualification run.
type Report struct {
	SchemaVersion    int        `json:"schema_version"`
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
)

// Check is one requirement judged against one measured metric. Values are in
// the base unit named by Kind.
type Check struct {
	Category string
	Function string
	Kind     units.Kind
	Severity string
	Status   Status
	// Method says how the metric was measured.
	Method string
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
	Min     float64
	Max     float64
	Mean    float64
	Stddev  float64
	CV      float64
	// RelativePercent is Score/Minimum×100, Substrate's "Pass (215.8 %)".
	RelativePercent float64
	Noisy           bool
	// Reason explains a not-measured check.
	Reason string
	Notes  []string
	// Extra carries secondary figures keyed with their unit.
	Extra map[string]float64
	// Found and Required are set on checks of Kind units.Text (inventory
	// rules, firmware verdicts), which have no numeric score: what the
	// machine has ("2", "unknown", "3B2QGXA7 CRITICAL") and, for rules,
	// what is required (">= 8").
	Found    string
	Required string
	// Details carry disk metrics' latency histogram summary, sustained
	// timeline and I/O mode.
	Details *diskstat.Details
}

// Summary counts checks by outcome and gives the verdict.
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

// Summarize counts the checks. A required (severity fail) check that was
// not measured fails the verdict: hwqual never calls unproven hardware fit.
func Summarize(checks []Check) Summary {
	s := Summary{Total: len(checks)}
	requiredUnmeasured := 0
	for _, c := range checks {
		switch c.Status {
		case StatusPass:
			s.Passed++
		case StatusFail:
			s.Failed++
		case StatusWarn:
			s.Warned++
		case StatusInfo:
			s.Info++
		case StatusNotMeasured:
			s.NotMeasured++
			if c.Severity == "fail" {
				requiredUnmeasured++
			}
		}
	}
	s.Pass = s.Failed == 0 && requiredUnmeasured == 0
	return s
}
