package model

import (
	"time"

	"github.com/hwqual/hwqual/internal/schema"
)

// DocFleet is the kind of the fleet summary document.
const DocFleet = schema.Fleet

// Fleet summarises a directory of reports: one row per host, from its
// latest report, and every file that could not be used with the reason.
type Fleet struct {
	Header
	Dir         string        `json:"dir"`
	GeneratedAt time.Time     `json:"generated_at"`
	Hosts       []FleetHost   `json:"hosts"`
	Skipped     []SkippedFile `json:"skipped"`
	Totals      FleetTotals   `json:"totals"`
}

// FleetHost is one host's latest report, reduced to what a fleet view needs.
type FleetHost struct {
	Host      string    `json:"host"`
	File      string    `json:"file"`
	Profile   string    `json:"profile"`
	Timestamp time.Time `json:"timestamp"`
	// AgeSeconds is how old the report was when the summary was made.
	AgeSeconds  float64 `json:"age_seconds"`
	Pass        bool    `json:"pass"`
	Interrupted bool    `json:"interrupted,omitempty"`
	// Failing lists the checks that failed or, being required, could not
	// be measured.
	Failing []string `json:"failing"`
	// WorstMargin is the judged score closest to (or furthest past) its
	// bound.
	WorstMargin *Margin `json:"worst_margin,omitempty"`
	// ReadLatencyP99Seconds comes from the first disk check with a latency
	// histogram.
	ReadLatencyP99Seconds *float64 `json:"read_latency_p99_seconds,omitempty"`
	// Firmware is each firmware check's finding ("nvme0 …: 3B2QGXA7 CRITICAL").
	Firmware []string `json:"firmware"`
	// OlderReports counts the host's reports superseded by this one.
	OlderReports int `json:"older_reports"`
}

// Margin is how far a score is from its bound in percent: positive has
// room, negative missed it (before tolerance).
type Margin struct {
	Check   string  `json:"check"`
	Percent float64 `json:"percent"`
}

// SkippedFile is a file in the directory that is not a usable report.
type SkippedFile struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// FleetTotals count the hosts by verdict.
type FleetTotals struct {
	Hosts   int `json:"hosts"`
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}
