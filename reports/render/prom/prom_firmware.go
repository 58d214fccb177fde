package prom

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hwqual/hwqual/firmware/advisory"
	"github.com/hwqual/hwqual/firmware/nvme"
)

// firmwareRegistry holds the NVMe firmware verdicts and the SMART
// health of every drive of a firmware check, in base units (ratios, °C,
// bytes, seconds). Drives are labelled by serial, stable across slots and
// reboots, and by kernel name for reading.
func firmwareRegistry(r *nvme.CheckReport) (*prometheus.Registry, error) {
	reg := prometheus.NewPedanticRegistry()
	labels := []string{"serial", "drive", "model"}
	gauge := func(name, help string, extra ...string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, append(append([]string{}, labels...), extra...))
	}
	var (
		verdict  = gauge("hwqual_nvme_verdict_ok", "1 when the drive's verdict (firmware and health) is OK.", "firmware", "verdict")
		fwOK     = gauge("hwqual_nvme_firmware_ok", "1 when the drive's firmware has no advisory.", "firmware", "firmware_verdict")
		critWarn = gauge("hwqual_nvme_critical_warning", "SMART critical warning bit field (0 is healthy).")
		spare    = gauge("hwqual_nvme_available_spare_ratio", "Available spare capacity, 0..1.")
		spareMin = gauge("hwqual_nvme_available_spare_threshold_ratio", "Spare level below which the drive raises a critical warning, 0..1.")
		used     = gauge("hwqual_nvme_percentage_used_ratio", "Vendor estimate of life used, 0..1 (may exceed 1).")
		temp     = gauge("hwqual_nvme_temperature_celsius", "Composite temperature.")
		written  = gauge("hwqual_nvme_data_written_bytes", "Bytes written over the drive's life.")
		read     = gauge("hwqual_nvme_data_read_bytes", "Bytes read over the drive's life.")
		powerOn  = gauge("hwqual_nvme_power_on_seconds", "Power-on time.")
		unsafe   = gauge("hwqual_nvme_unsafe_shutdowns", "Unsafe shutdowns over the drive's life.")
		media    = gauge("hwqual_nvme_media_errors", "Unrecovered data integrity errors over the drive's life.")
		readOnly = gauge("hwqual_nvme_read_only", "1 when the drive has put its media in read-only mode.")
		healthRd = gauge("hwqual_nvme_health_read", "1 when the SMART/health log could be read (root and a device node are needed).")
		critical = prometheus.NewGauge(prometheus.GaugeOpts{Name: "hwqual_nvme_critical", Help: "1 when any drive's verdict is CRITICAL."})
		drives   = prometheus.NewGauge(prometheus.GaugeOpts{Name: "hwqual_nvme_drives", Help: "NVMe controllers found."})
	)
	for _, c := range []prometheus.Collector{verdict, fwOK, critWarn, spare, spareMin, used, temp, written, read, powerOn, unsafe, media, readOnly, healthRd, critical, drives} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("prometheus registry: %w", err)
		}
	}
	for _, d := range r.Drives {
		l := []string{d.Serial, d.Name, d.Model}
		with := func(extra ...string) []string { return append(append([]string{}, l...), extra...) }
		verdict.WithLabelValues(with(d.Firmware, string(d.Verdict))...).Set(boolGauge(d.Verdict == advisory.VerdictOK))
		fwOK.WithLabelValues(with(d.Firmware, string(d.FirmwareCheck.Verdict))...).Set(boolGauge(d.FirmwareCheck.Verdict == advisory.VerdictOK))
		var h *nvme.Health
		if d.Admin != nil {
			h = d.Admin.Health
		}
		healthRd.WithLabelValues(l...).Set(boolGauge(h != nil))
		if h == nil {
			continue // not read: no health numbers rather than zeros
		}
		critWarn.WithLabelValues(l...).Set(float64(h.CriticalWarning))
		spare.WithLabelValues(l...).Set(float64(h.AvailableSparePct) / 100)
		spareMin.WithLabelValues(l...).Set(float64(h.SpareThresholdPct) / 100)
		used.WithLabelValues(l...).Set(float64(h.PercentageUsed) / 100)
		if h.TemperatureKelvin > 0 {
			temp.WithLabelValues(l...).Set(float64(h.TemperatureKelvin) - 273.15)
		}
		written.WithLabelValues(l...).Set(h.DataWrittenBytes)
		read.WithLabelValues(l...).Set(h.DataReadBytes)
		powerOn.WithLabelValues(l...).Set(h.PowerOnHours * 3600)
		unsafe.WithLabelValues(l...).Set(h.UnsafeShutdowns)
		media.WithLabelValues(l...).Set(h.MediaErrors)
		readOnly.WithLabelValues(l...).Set(boolGauge(h.ReadOnly))
	}
	critical.Set(boolGauge(r.Critical))
	drives.Set(float64(len(r.Drives)))
	return reg, nil
}
