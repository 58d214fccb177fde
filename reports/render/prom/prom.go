package prom

import (
	"fmt"
	"io"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
)

// Prometheus metrics are in base units: a latency score (nanoseconds in the
// report) is exported in seconds, the unit label says which.
func promValue(v float64, k units.Kind) (float64, string) {
	switch k {
	case units.Nanoseconds:
		return v / 1e9, "seconds"
	case units.IOPS:
		return v, "operations_per_second"
	}
	return v, string(k)
}

// reportRegistry holds the report's gauges, ready for a Gatherer-based
// writer. Values are what the report says; nothing is judged here.
func reportRegistry(r *model.Report) (*prometheus.Registry, error) {
	reg := prometheus.NewPedanticRegistry()
	checkLabels := []string{"check", "unit", "profile"}
	score := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_score", Help: "Median score of a measured check, in the base unit named by the unit label.",
	}, checkLabels)
	minimum := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_minimum", Help: "Profile minimum of a higher-is-better check, in the base unit named by the unit label.",
	}, checkLabels)
	maximum := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_maximum", Help: "Profile maximum of a lower-is-better check, in the base unit named by the unit label.",
	}, checkLabels)
	passed := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_check_passed", Help: "1 when the check passed, 0 when it failed, warned or was not measured (info checks are not exported).",
	}, []string{"check", "profile", "severity"})
	measured := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_check_measured", Help: "1 when the check could be measured on this machine, 0 when it could not.",
	}, []string{"check", "profile"})
	verdict := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_verdict", Help: "1 when every required check passed, 0 otherwise.",
	}, []string{"profile"})
	failed := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_checks", Help: "Number of checks by result.",
	}, []string{"profile", "result"})
	ts := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "hwqual_report_timestamp_seconds", Help: "Unix time the report was made; alert when it grows old.",
	})
	fwOK := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_firmware_ok", Help: "1 when a drive's firmware has no known advisory, 0 when it has a WARN or CRITICAL one.",
	}, []string{"check", "firmware", "verdict", "profile"})
	interrupted := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "hwqual_report_interrupted", Help: "1 when a signal stopped the run before every metric was measured.",
	})
	for _, c := range []prometheus.Collector{score, minimum, maximum, passed, measured, verdict, failed, ts, fwOK, interrupted} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("prometheus registry: %w", err)
		}
	}

	prof := r.Profile.Name
	for _, c := range r.Checks {
		id := c.ID
		measuredV := 1.0
		if c.Status == model.StatusNotMeasured {
			measuredV = 0
		}
		measured.WithLabelValues(id, prof).Set(measuredV)
		if c.Status != model.StatusInfo {
			passed.WithLabelValues(id, prof, c.Severity).Set(boolGauge(c.Status == model.StatusPass))
		}
		if c.Numeric == nil {
			if fw, v, ok := firmwareFound(c); ok {
				fwOK.WithLabelValues(id, fw, v, prof).Set(boolGauge(v == "OK"))
			}
			continue
		}
		if c.Status == model.StatusNotMeasured {
			continue // no score to export; hwqual_check_measured says why not
		}
		n := c.Numeric
		v, unit := promValue(n.Score, n.Unit)
		score.WithLabelValues(id, unit, prof).Set(v)
		if n.Maximum != 0 {
			m, _ := promValue(n.Maximum, n.Unit)
			maximum.WithLabelValues(id, unit, prof).Set(m)
		} else if n.Minimum != 0 {
			m, _ := promValue(n.Minimum, n.Unit)
			minimum.WithLabelValues(id, unit, prof).Set(m)
		}
	}
	verdict.WithLabelValues(prof).Set(boolGauge(r.Summary.Pass))
	s := r.Summary
	for result, n := range map[string]int{"pass": s.Passed, "fail": s.Failed, "warn": s.Warned, "info": s.Info, "not_measured": s.NotMeasured} {
		failed.WithLabelValues(prof, result).Set(float64(n))
	}
	ts.Set(float64(r.Timestamp.UnixNano()) / 1e9)
	interrupted.Set(boolGauge(r.Interrupted))
	return reg, nil
}

// firmwareFound splits a firmware check's Found ("3B2QGXA7 CRITICAL") into
// firmware revision and verdict.
func firmwareFound(c model.Check) (fw, verdict string, ok bool) {
	found := c.Found()
	if c.Kind != model.KindFirmware || found == "" {
		return "", "", false
	}
	i := strings.LastIndexByte(found, ' ')
	if i < 0 {
		return "", "", false
	}
	return found[:i], found[i+1:], true
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func writeGatherer(w io.Writer, g prometheus.Gatherer) error {
	mfs, err := g.Gather()
	if err != nil {
		return fmt.Errorf("gather metrics: %w", err)
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("write metrics: %w", err)
		}
	}
	return nil
}

// writeTextfile replaces path with g's metrics the way the textfile
// collector needs: a temporary file in the same directory, then rename, so
// it never reads half a file.
func writeTextfile(path string, g prometheus.Gatherer) error {
	if err := prometheus.WriteToTextfile(path, g); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
