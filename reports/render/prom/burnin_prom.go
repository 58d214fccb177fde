package prom

import (
	"fmt"
	"maps"
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hwqual/hwqual/reports/model"
)

// burnInRegistry holds a burn-in report's (or checkpoint's)
// gauges in base units. Values are what the report says; the verdict is
// the burnin package's, exported as a state set.
func burnInRegistry(b *model.BurnIn) (*prometheus.Registry, error) {
	reg := prometheus.NewPedanticRegistry()
	gauge := func(name, help string, labels ...string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	}
	verdict := gauge("hwqual_burnin_verdict", "1 for the burn-in's verdict so far (result pass, warn, incomplete or fail), 0 for the others.", "profile", "result")
	verifyErrors := gauge("hwqual_burnin_verification_errors", "Memory, disk and CPU verification mismatches found so far.", "profile")
	findings := gauge("hwqual_burnin_findings", "Findings of the verdict so far, by severity (fail, incomplete or warn), unknown watches included.", "profile", "severity")
	elapsed := gauge("hwqual_burnin_elapsed_seconds", "Load time done so far, summed over resumed runs.", "profile")
	requested := gauge("hwqual_burnin_requested_seconds", "The burn-in's --duration.", "profile")
	complete := gauge("hwqual_burnin_complete", "1 when the whole duration ran, 0 for a checkpoint of a run in progress, killed or interrupted.", "profile")
	runs := gauge("hwqual_burnin_runs", "Process runs of this burn-in: 1, plus one per --resume.", "profile")
	started := gauge("hwqual_burnin_started_timestamp_seconds", "Unix time the burn-in's first run started.", "profile")
	updated := gauge("hwqual_burnin_checkpoint_timestamp_seconds", "Unix time the report or checkpoint was last written; alert when it stops moving during a burn-in.", "profile")
	temp := gauge("hwqual_burnin_temperature_max_celsius", "Highest temperature a hwmon sensor reported during the burn-in.", "profile", "sensor")
	for _, c := range []prometheus.Collector{verdict, verifyErrors, findings, elapsed, requested, complete, runs, started, updated, temp} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("prometheus registry: %w", err)
		}
	}
	prof := b.Profile
	for _, s := range []model.Status{model.StatusPass, model.StatusWarn, model.StatusIncomplete, model.StatusFail} {
		verdict.WithLabelValues(prof, string(s)).Set(boolGauge(b.Verdict.Result == s))
	}
	verifyErrors.WithLabelValues(prof).Set(float64(b.ErrorCount))
	bySeverity := map[model.Status]int{model.StatusFail: 0, model.StatusIncomplete: 0, model.StatusWarn: 0}
	for _, f := range append(slices.Clip(b.Verdict.Findings), b.Verdict.Unknown...) {
		bySeverity[f.Severity]++
	}
	for s, n := range bySeverity {
		findings.WithLabelValues(prof, string(s)).Set(float64(n))
	}
	elapsed.WithLabelValues(prof).Set(b.ElapsedSeconds)
	requested.WithLabelValues(prof).Set(b.RequestedSeconds)
	complete.WithLabelValues(prof).Set(boolGauge(b.Complete))
	runs.WithLabelValues(prof).Set(float64(b.Runs))
	started.WithLabelValues(prof).Set(float64(b.Started.UnixNano()) / 1e9)
	updated.WithLabelValues(prof).Set(float64(b.Updated.UnixNano()) / 1e9)
	hottest := map[string]float64{}
	for _, s := range b.Timelines.Temperature {
		for k, v := range s.Celsius {
			if h, ok := hottest[k]; !ok || v > h {
				hottest[k] = v
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(hottest)) {
		temp.WithLabelValues(prof, k).Set(hottest[k])
	}
	return reg, nil
}
