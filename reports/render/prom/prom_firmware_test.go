package prom

import (
	"bytes"
	"math"
	"os"
	"testing"

	"github.com/hwqual/hwqual/firmware/advisory"
	"github.com/hwqual/hwqual/firmware/nvme"
	"github.com/hwqual/hwqual/reports/internal/reportstest"
)

func smartPage(t *testing.T, name string) *nvme.Health {
	t.Helper()
	b, err := os.ReadFile(reportstest.RepoPath("firmware", "testdata", "logpages", name))
	if err != nil {
		t.Fatal(err)
	}
	h, err := nvme.ParseSMARTLog(b)
	if err != nil {
		t.Fatal(err)
	}
	return &h
}

// TestFirmwarePrometheus judges drives with recorded SMART/health pages
// (QEMU's, a 980 PRO on 3B2QGXA7 gone read-only) and one whose log was not
// read, and checks the gauges carry the page's values in base units.
func TestFirmwarePrometheus(t *testing.T) {
	db := advisory.Builtin()
	qemu := smartPage(t, "qemu-7.2-smart.bin")
	ro := smartPage(t, "smart-980pro-3B-readonly.bin")
	rows := []nvme.Row{
		nvme.Judge(db, nvme.Controller{Name: "nvme0", Model: "QEMU NVMe Ctrl", Serial: "deadbeef", Firmware: "7.2.0", Admin: &nvme.AdminData{Health: qemu}}),
		nvme.Judge(db, nvme.Controller{Name: "nvme1", Model: "Samsung SSD 980 PRO 2TB", Serial: "S6B0NL0W127373V", Firmware: "3B2QGXA7", Admin: &nvme.AdminData{Health: ro}}),
		nvme.Judge(db, nvme.Controller{Name: "nvme2", Model: "Samsung SSD 990 PRO 2TB", Serial: "S7KHNJ0W", Firmware: "4B2QJXD7", NotRead: "no device node"}),
	}
	rep := nvme.NewCheckReport("/", "builtin", rows)
	var buf bytes.Buffer
	if err := Text(rep)(&buf); err != nil {
		t.Fatal(err)
	}
	mfs := parseProm(t, buf.Bytes())
	value := func(metric, serial string) (float64, bool) {
		for _, m := range mfs[metric].GetMetric() {
			if labels(m)["serial"] == serial {
				return m.GetGauge().GetValue(), true
			}
		}
		return 0, false
	}
	for _, tt := range []struct {
		metric, serial string
		want           float64
	}{
		{"hwqual_nvme_available_spare_ratio", "deadbeef", float64(qemu.AvailableSparePct) / 100},
		{"hwqual_nvme_temperature_celsius", "deadbeef", float64(qemu.TemperatureKelvin) - 273.15},
		{"hwqual_nvme_power_on_seconds", "deadbeef", qemu.PowerOnHours * 3600},
		{"hwqual_nvme_data_written_bytes", "deadbeef", qemu.DataWrittenBytes},
		{"hwqual_nvme_read_only", "S6B0NL0W127373V", 1},
		{"hwqual_nvme_media_errors", "S6B0NL0W127373V", ro.MediaErrors},
		{"hwqual_nvme_firmware_ok", "S6B0NL0W127373V", 0},
		{"hwqual_nvme_verdict_ok", "S6B0NL0W127373V", 0},
		{"hwqual_nvme_health_read", "S7KHNJ0W", 0},
	} {
		got, ok := value(tt.metric, tt.serial)
		if !ok || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s{serial=%q} = %v (present %v), want %v", tt.metric, tt.serial, got, ok, tt.want)
		}
	}
	if _, ok := value("hwqual_nvme_media_errors", "S7KHNJ0W"); ok {
		t.Error("a drive whose health log was not read must have no health numbers, not zeros")
	}
	if got := mfs["hwqual_nvme_critical"].GetMetric()[0].GetGauge().GetValue(); got != 1 {
		t.Errorf("hwqual_nvme_critical %v, want 1 (a 980 PRO on 3B2QGXA7)", got)
	}
}
