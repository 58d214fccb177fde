package analysis

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// BuildFleet reads every regular file in dir (not recursing) and keeps each
// host's latest report by timestamp. A file that is unreadable, corrupt or
// not a qualification report is listed as skipped, never fatal; only an
// unreadable dir is an error.
func BuildFleet(dir string, now time.Time) (*model.Fleet, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("fleet: %w", err)
	}
	f := &model.Fleet{Header: model.NewHeader(model.DocFleet), Dir: dir, GeneratedAt: now.UTC(), Hosts: []model.FleetHost{}, Skipped: []model.SkippedFile{}}
	latest := map[string]*model.Report{}
	files := map[string]string{}
	older := map[string]int{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		r, err := model.LoadReport(path)
		if err != nil {
			reason := strings.TrimPrefix(err.Error(), "report "+path+": ")
			if errors.Is(err, model.ErrNotQualification) {
				reason = "foreign: " + reason
			}
			f.Skipped = append(f.Skipped, model.SkippedFile{File: e.Name(), Reason: reason})
			continue
		}
		if r.Host == "" {
			f.Skipped = append(f.Skipped, model.SkippedFile{File: e.Name(), Reason: "report names no host"})
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
	slices.SortFunc(f.Hosts, func(a, b model.FleetHost) int { return strings.Compare(a.Host, b.Host) })
	f.Totals.Skipped = len(f.Skipped)
	return f, nil
}

func fleetHost(r *model.Report, now time.Time) model.FleetHost {
	h := model.FleetHost{
		Host: r.Host, Profile: r.Profile.Name, Timestamp: r.Timestamp, AgeSeconds: now.Sub(r.Timestamp).Seconds(),
		Pass: r.Summary.Pass && !r.Interrupted, Interrupted: r.Interrupted, Failing: []string{}, Firmware: []string{},
	}
	for _, c := range r.Checks {
		id := c.ID
		if c.Blocking() {
			h.Failing = append(h.Failing, id)
		}
		if c.Kind == model.KindFirmware {
			found := c.Found()
			if c.Status == model.StatusNotMeasured {
				found = "not measured"
			}
			h.Firmware = append(h.Firmware, fmt.Sprintf("%s: %s", c.Function, found))
		}
		if c.Disk != nil && c.Disk.Latency != nil && h.ReadLatencyP99Seconds == nil && c.Disk.Latency.Count > 0 {
			h.ReadLatencyP99Seconds = ptrTo(float64(c.Disk.Latency.P99Ns) / 1e9)
		}
		if m, ok := margin(c); ok && (h.WorstMargin == nil || m < h.WorstMargin.Percent) {
			h.WorstMargin = &model.Margin{Check: id, Percent: m}
		}
	}
	return h
}

// margin is a judged numeric check's room to its bound in percent. The
// report's RelativePercent is score÷minimum for a minimum and the share of
// the maximum used for a maximum.
func margin(c model.Check) (float64, bool) {
	if !c.Judged() {
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
