package prom

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hwqual/hwqual/reports/model"
)

// fleetRegistry holds the fleet's gauges: per host its verdict and report
// time (so Prometheus sees hosts whose reports stopped coming), and the
// counts.
func fleetRegistry(f *model.Fleet) (*prometheus.Registry, error) {
	reg := prometheus.NewPedanticRegistry()
	verdict := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_host_verdict", Help: "1 when the host's latest report passed its profile, 0 otherwise.",
	}, []string{"host", "profile"})
	ts := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_host_report_timestamp_seconds", Help: "Unix time of the host's latest report.",
	}, []string{"host"})
	failing := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_host_failing_checks", Help: "Number of failed or required-but-unmeasured checks in the host's latest report.",
	}, []string{"host"})
	p99 := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_host_read_latency_p99_seconds", Help: "99th percentile read latency of the host's latest report.",
	}, []string{"host"})
	hosts := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hwqual_fleet_hosts", Help: "Hosts in the fleet directory by verdict of their latest report.",
	}, []string{"verdict"})
	skipped := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "hwqual_fleet_skipped_files", Help: "Files in the fleet directory that are not usable reports.",
	})
	for _, c := range []prometheus.Collector{verdict, ts, failing, p99, hosts, skipped} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("prometheus registry: %w", err)
		}
	}
	for _, h := range f.Hosts {
		verdict.WithLabelValues(h.Host, h.Profile).Set(boolGauge(h.Pass))
		ts.WithLabelValues(h.Host).Set(float64(h.Timestamp.UnixNano()) / 1e9)
		failing.WithLabelValues(h.Host).Set(float64(len(h.Failing)))
		if h.ReadLatencyP99Seconds != nil {
			p99.WithLabelValues(h.Host).Set(*h.ReadLatencyP99Seconds)
		}
	}
	hosts.WithLabelValues("pass").Set(float64(f.Totals.Passed))
	hosts.WithLabelValues("fail").Set(float64(f.Totals.Failed))
	skipped.Set(float64(f.Totals.Skipped))
	return reg, nil
}
