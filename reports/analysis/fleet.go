package reports

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/units"
)

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

// BuildFleet reads every regular file in dir (not recursing) and keeps each
// host's latest report by timestamp. A file that is unreadable, corrupt or
// not a qualification report is listed as skipped, never fatal; only an
// unreadable dir is an error.
func BuildFleet(dir string, now time.Time) (*Fleet, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("fleet: %w", err)
	}
	f := &Fleet{Header: NewHeader(DocFleet), Dir: dir, GeneratedAt: now.UTC(), Hosts: []FleetHost{}, Skipped: []SkippedFile{}}
	latest := map[string]*Report{}
	files := map[string]string{}
	older := map[string]int{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		r, err := LoadReport(path)
		if err != nil {
			reason := strings.TrimPrefix(err.Error(), "report "+path+": ")
			if errors.Is(err, ErrNotQualification) {
				reason = "foreign: " + reason
			}
			f.Skipped = append(f.Skipped, SkippedFile{File: e.Name(), Reason: reason})
			continue
		}
		if r.Host == "" {
			f.Skipped = append(f.Skipped, SkippedFile{File: e.Name(), Reason: "report names no host"})
			continue
		}
		if prev, ok := latest[r.Host]; ok {
			older[r.Host]++
			if !r.Timestamp.After(prev.Timestamp) {
				continue
			}
		}
		latest[r.Host], files[r.Host] = r, e.Name()
	}
	for host, r := range latest {
		h := fleetHost(r, now)
		h.File, h.OlderReports = files[host], older[host]
		f.Hosts = append(f.Hosts, h)
		f.Totals.Hosts++
		if h.Pass {
			f.Totals.Passed++
		} else {
			f.Totals.Failed++
		}
	}
	slices.SortFunc(f.Hosts, func(a, b FleetHost) int { return strings.Compare(a.Host, b.Host) })
	f.Totals.Skipped = len(f.Skipped)
	return f, nil
}

func fleetHost(r *Report, now time.Time) FleetHost {
	h := FleetHost{
		Host: r.Host, Profile: r.Profile.Name, Timestamp: r.Timestamp, AgeSeconds: now.Sub(r.Timestamp).Seconds(),
		Pass: r.Summary.Pass && !r.Interrupted, Interrupted: r.Interrupted, Failing: []string{}, Firmware: []string{},
	}
	for _, c := range r.Checks {
		id := c.ID
		if c.Status == StatusFail || (c.Status == StatusNotMeasured && c.Severity == "fail") {
			h.Failing = append(h.Failing, id)
		}
		if c.Kind == KindFirmware {
			found := c.found()
			if c.Status == StatusNotMeasured {
				found = "not measured"
			}
			h.Firmware = append(h.Firmware, fmt.Sprintf("%s: %s", c.Function, found))
		}
		if c.Disk != nil && c.Disk.Latency != nil && h.ReadLatencyP99Seconds == nil && c.Disk.Latency.Count > 0 {
			h.ReadLatencyP99Seconds = ptrTo(float64(c.Disk.Latency.P99Ns) / 1e9)
		}
		if m, ok := margin(c); ok && (h.WorstMargin == nil || m < h.WorstMargin.Percent) {
			h.WorstMargin = &Margin{Check: id, Percent: m}
		}
	}
	return h
}

// margin is a judged numeric check's room to its bound in percent. The
// report's RelativePercent is score÷minimum for a minimum and the share of
// the maximum used for a maximum.
func margin(c Check) (float64, bool) {
	if c.Numeric == nil || c.Status == StatusNotMeasured || c.Status == StatusInfo || c.Severity == "info" {
		return 0, false
	}
	switch n := c.Numeric; {
	case n.Maximum != 0:
		return 100 - n.RelativePercent, true
	case n.Minimum != 0:
		return n.RelativePercent - 100, true
	}
	return 0, false
}

// latencyCell formats an optional latency in seconds.
func latencyCell(s *float64) string {
	if s == nil {
		return "-"
	}
	return units.FormatLatency(*s * 1e9)
}
