package model

import (
	"time"

	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/internal/units"
)

// DocCompare is the kind of the comparison document.
const DocCompare = schema.Compare

// Comparison puts two or more reports side by side on the checks they
// share, with every score's ratio to the first machine's, and a summary in
// the Phoronix Test Suite manner: wins per machine and the geometric mean
// of the ratios, each turned so that above 1 means better.
type Comparison struct {
	Header
	Machines []ComparedMachine `json:"machines"`
	Rows     []CompareRow      `json:"rows"`
	// Omitted are the checks not every report has (another profile or
	// schema version): compared on none, listed so nothing vanishes.
	Omitted   []OmittedCheck `json:"omitted,omitempty"`
	Inventory []InventoryRow `json:"inventory"`
	Summary   CompareSummary `json:"summary"`
}

// ComparedMachine is one report in a comparison; the first is the base of
// every ratio.
type ComparedMachine struct {
	// Label names the machine in columns: its host, with the file added
	// when two reports come from the same host.
	Label         string    `json:"label"`
	Host          string    `json:"host"`
	File          string    `json:"file"`
	Profile       string    `json:"profile"`
	SchemaVersion int       `json:"schema_version"`
	Timestamp     time.Time `json:"timestamp"`
	Pass          bool      `json:"pass"`
}

// CompareRow is one check across the machines.
type CompareRow struct {
	ID            string        `json:"id"`
	Category      string        `json:"category"`
	Function      string        `json:"function"`
	Unit          units.Kind    `json:"unit"`
	LowerIsBetter bool          `json:"lower_is_better,omitempty"`
	Cells         []CompareCell `json:"cells"`
}

// CompareCell is one machine's result on a check. Ratio is Score over the
// first machine's score (absent when either was not measured); Better is
// the same ratio turned so above 1 means better than the first machine.
type CompareCell struct {
	Score  *float64 `json:"score,omitempty"`
	Found  string   `json:"found,omitempty"`
	Status Status   `json:"result"`
	Ratio  *float64 `json:"ratio,omitempty"`
	Better *float64 `json:"better_ratio,omitempty"`
	// CILow and CIHigh are the score's 95 % interval, when its report has
	// one.
	CILow  *float64 `json:"ci_low,omitempty"`
	CIHigh *float64 `json:"ci_high,omitempty"`
	// Indistinct marks a score whose interval overlaps the first machine's:
	// the two differ by less than their intervals, no measurable
	// difference, whatever the ratio says.
	Indistinct bool `json:"no_measurable_difference,omitempty"`
	// Best marks the machine(s) with the best score on the row: the top
	// score and every score whose interval overlaps its. A row whose best
	// is shared that way is no machine's win.
	Best bool `json:"best,omitempty"`
}

// OmittedCheck is a check some of the reports lack.
type OmittedCheck struct {
	ID string `json:"id"`
	// In lists the machines (labels) whose reports have the check.
	In []string `json:"in"`
}

// InventoryRow is one machine property across the reports.
type InventoryRow struct {
	Field   string   `json:"field"`
	Values  []string `json:"values"`
	Differs bool     `json:"differs"`
}

// CompareSummary is the Phoronix-style closing line.
type CompareSummary struct {
	// Compared counts the numeric checks measured on every machine: the
	// rows wins and geometric means are computed over.
	Compared int   `json:"compared"`
	Wins     []int `json:"wins"`
	// GeoMeanBetter is, per machine, the geometric mean of its better
	// ratios to the first machine (the first's is 1).
	GeoMeanBetter []float64 `json:"geomean_better_ratio"`
}
