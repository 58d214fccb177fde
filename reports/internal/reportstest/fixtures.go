package reportstest

import (
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/reports/model"
)

const mib = 1 << 20

// SampleReport is a qualification report with a pass, a marginal fail,
// an unmeasured and a failed metric.
func SampleReport() *model.Report {
	checks := []model.Check{
		{ID: "metric:BLAKE2-256", Kind: model.KindMetric, Category: "CPU", Function: "BLAKE2-256", Severity: "fail", Status: model.StatusPass, Method: "m",
			Numeric: &model.Numeric{Unit: units.BytesPerSecond, Minimum: 783.27 * mib, Threshold: 783.27 * mib * 0.9, Score: 1.65 * 1024 * mib, Samples: []float64{1.6e9, 1.8e9, 1.7e9},
				Estimator: "whole_window", SampleSeconds: []float64{0.05, 0.05, 0.05},
				Stats: model.Stats{Min: 1.6e9, Max: 1.8e9, Mean: 1.7e9, Stddev: 1e8, CV: 0.0588}, RelativePercent: 215.8, Noisy: true}},
		{ID: "metric:Rnd Write", Kind: model.KindMetric, Category: "Disk", Function: "Rnd Write", Severity: "fail", Status: model.StatusFail,
			Notes: []string{"a note", "marginal fail: the 95% interval 350.00 MiBs–380.00 MiBs contains the threshold 378.00 MiBs; another run could land on the other side (--strict counts a marginal pass as a failure)"},
			Numeric: &model.Numeric{Unit: units.BytesPerSecond, Minimum: 420 * mib, Threshold: 378 * mib, Score: 366.24 * mib, Samples: []float64{366.24 * mib},
				Estimator: "median", CILow: 350 * mib, CIHigh: 380 * mib, CILevel: 0.95, Marginal: true,
				Stats: model.Stats{Min: 366.24 * mib, Max: 366.24 * mib, Mean: 366.24 * mib}, RelativePercent: 87.2, Extra: map[string]float64{"workers": 2}}},
		{ID: "metric:Seq Write", Kind: model.KindMetric, Category: "Disk", Function: "Seq Write", Severity: "fail", Status: model.StatusNotMeasured, Reason: "filesystem refused fsync",
			Numeric: &model.Numeric{Unit: units.BytesPerSecond, Minimum: 950 * mib, Threshold: 855 * mib}},
		{ID: "metric:Copy", Kind: model.KindMetric, Category: "Memory", Function: "Copy", Severity: "warn", Status: model.StatusWarn,
			Numeric: &model.Numeric{Unit: units.BytesPerSecond, Minimum: 11.49 * 1024 * mib, Score: 9 * 1024 * mib, Samples: []float64{9 * 1024 * mib}, RelativePercent: 78.3}},
	}
	return &model.Report{
		Header: model.NewHeader(model.DocQualification), Tool: model.Tool{Name: "hwqual", Version: "v1.2.3"},
		Timestamp: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Host: "val-01",
		Profile:          model.ProfileRef{Name: "validator", Origin: "builtin:validator", SHA256: strings.Repeat("ab", 32)},
		TolerancePercent: 10, Dir: "/var/lib/polkadot", Checks: checks,
		Summary: model.Summary{Total: 4, Passed: 1, Failed: 1, Warned: 1, NotMeasured: 1, Marginal: 1},
	}
}

// DiskReport is a report with disk latency and sustained-write details.
func DiskReport() *model.Report {
	lat := &diskstat.Latency{Count: 12970, MinNs: 46_600, MeanNs: 76_900, StddevNs: 122_200, P50Ns: 64_900, P90Ns: 97_600,
		P99Ns: 132_000, P999Ns: 2_070_000, P9999Ns: 4_350_000, MaxNs: 4_950_000, IOPS: 13_000, SignificantDigits: 3}
	sus := &diskstat.Sustained{BudgetBytes: 4 << 30, WrittenBytes: 4 << 30, IntervalNs: 250e6, PeakBytesPerSecond: 3e9,
		SteadyBytesPerSecond: 1.2e9, Cliff: &diskstat.Cliff{ElapsedNs: 2e9, WrittenBytes: 3 << 30, BytesPerSecond: 1.1e9},
		Timeline: []diskstat.Point{{ElapsedNs: 250e6, WrittenBytes: 750e6, BytesPerSecond: 3e9}}}
	r := &model.Report{
		Header: model.NewHeader(model.DocQualification), Profile: model.ProfileRef{Name: "validator"}, TolerancePercent: 10, Dir: "/mnt/nvme",
		Disk: &blockdev.Info{Dir: "/mnt/nvme", FSType: "ext4", Disks: []blockdev.Disk{{Path: "/dev/nvme0n1", Model: "QEMU NVMe Ctrl", SizeBytes: 4e9, Transport: "nvme"}},
			Warnings: []string{"something to know"}},
		Checks: []model.Check{
			{ID: "metric:Seq Write", Kind: model.KindMetric, Category: "Disk", Function: "Seq Write", Severity: "fail", Status: model.StatusPass,
				Numeric: &model.Numeric{Unit: units.BytesPerSecond, Minimum: 950 << 20, Threshold: 855 << 20, Score: 2 << 30, Samples: []float64{2 << 30}, RelativePercent: 215.6}},
			{ID: "metric:Read Latency p99", Kind: model.KindMetric, Category: "Disk", Function: "Read Latency p99", Severity: "fail", Status: model.StatusPass,
				Numeric: &model.Numeric{Unit: units.Nanoseconds, Maximum: 1e6, Threshold: 1.1e6, Score: 132_000, Samples: []float64{132_000}, RelativePercent: 13.2},
				Disk:    &diskstat.Details{Latency: lat, IO: &diskstat.IO{Mode: "direct", BlockBytes: 4096, QueueDepth: 1}}},
			{ID: "metric:Sustained Seq Write", Kind: model.KindMetric, Category: "Disk", Function: "Sustained Seq Write", Severity: "fail", Status: model.StatusFail,
				Numeric: &model.Numeric{Unit: units.BytesPerSecond, Minimum: 1.8e9, Threshold: 1.62e9, Score: 1.2e9, Samples: []float64{1.2e9}, RelativePercent: 66.7},
				Disk:    &diskstat.Details{Sustained: sus}},
		},
	}
	r.Summary = model.Summary{Total: 3, Passed: 2, Failed: 1}
	return r
}

// RuleReport is a report of inventory rules and a firmware verdict.
func RuleReport() *model.Report {
	cores := 2
	checks := []model.Check{
		{ID: "rule:cpu.physical_cores", Kind: model.KindRule, Category: "CPU", Function: "cpu.physical_cores", Severity: "fail", Status: model.StatusFail, Method: "inventory", Text: &model.Text{Found: "2", Required: ">= 16"}},
		{ID: "rule:cpu.max_mhz", Kind: model.KindRule, Category: "CPU", Function: "cpu.max_mhz", Severity: "fail", Status: model.StatusWarn, Method: "inventory", Text: &model.Text{Found: "unknown", Required: ">= 5 GHz"},
			Notes: []string{"unknown: this machine does not reveal cpu.max_mhz"}},
	}
	return &model.Report{Header: model.NewHeader(model.DocQualification), Host: "vm", Profile: model.ProfileRef{Name: "jam"}, Checks: checks,
		Summary: model.Summary{Total: 2, Failed: 1, Warned: 1}, Inventory: &inventory.Inventory{Root: "/", CPU: inventory.CPU{PhysicalCores: &cores}}}
}
