package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
)

func diskReport() *Report {
	lat := &diskstat.Latency{Count: 12970, MinNs: 46_600, MeanNs: 76_900, StddevNs: 122_200, P50Ns: 64_900, P90Ns: 97_600,
		P99Ns: 132_000, P999Ns: 2_070_000, P9999Ns: 4_350_000, MaxNs: 4_950_000, IOPS: 13_000, SignificantDigits: 3}
	sus := &diskstat.Sustained{BudgetBytes: 4 << 30, WrittenBytes: 4 << 30, IntervalNs: 250e6, PeakBytesPerSecond: 3e9,
		SteadyBytesPerSecond: 1.2e9, Cliff: &diskstat.Cliff{ElapsedNs: 2e9, WrittenBytes: 3 << 30, BytesPerSecond: 1.1e9},
		Timeline: []diskstat.Point{{ElapsedNs: 250e6, WrittenBytes: 750e6, BytesPerSecond: 3e9}}}
	r := &Report{
		Header: NewHeader(DocQualification), Profile: ProfileRef{Name: "validator"}, TolerancePercent: 10, Dir: "/mnt/nvme",
		Disk: &blockdev.Info{Dir: "/mnt/nvme", FSType: "ext4", Disks: []blockdev.Disk{{Path: "/dev/nvme0n1", Model: "QEMU NVMe Ctrl", SizeBytes: 4e9, Transport: "nvme"}},
			Warnings: []string{"something to know"}},
		Checks: []Check{
			{ID: "metric:Seq Write", Kind: KindMetric, Category: "Disk", Function: "Seq Write", Severity: "fail", Status: StatusPass,
				Numeric: &Numeric{Unit: units.BytesPerSecond, Minimum: 950 << 20, Threshold: 855 << 20, Score: 2 << 30, Samples: []float64{2 << 30}, RelativePercent: 215.6}},
			{ID: "metric:Read Latency p99", Kind: KindMetric, Category: "Disk", Function: "Read Latency p99", Severity: "fail", Status: StatusPass,
				Numeric: &Numeric{Unit: units.Nanoseconds, Maximum: 1e6, Threshold: 1.1e6, Score: 132_000, Samples: []float64{132_000}, RelativePercent: 13.2},
				Disk:    &diskstat.Details{Latency: lat, IO: &diskstat.IO{Mode: "direct", BlockBytes: 4096, QueueDepth: 1}}},
			{ID: "metric:Sustained Seq Write", Kind: KindMetric, Category: "Disk", Function: "Sustained Seq Write", Severity: "fail", Status: StatusFail,
				Numeric: &Numeric{Unit: units.BytesPerSecond, Minimum: 1.8e9, Threshold: 1.62e9, Score: 1.2e9, Samples: []float64{1.2e9}, RelativePercent: 66.7},
				Disk:    &diskstat.Details{Sustained: sus}},
		},
	}
	r.Summary = Summary{Total: 3, Passed: 2, Failed: 1}
	return r
}

func TestTableShowsDiskLatencyAndMaximum(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, diskReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Disk under test: /dev/nvme0n1 QEMU NVMe Ctrl (nvme, 4.0 GB), ext4\n  warning: something to know\n+",
		"| Disk     | Read Latency p99    | 132.0 µs  | ≤ 1.00 ms   | ✅ Pass ( 13.2 %) |",
		"| Disk     | Seq Write           | 2.00 GiBs | 950.00 MiBs | ✅ Pass (215.6 %) |",
		"Read latency (one HDR histogram",
		"Read Latency p99  12970  46.6 µs  76.9 µs  122.2 µs  64.9 µs  97.6 µs  132.0 µs  2.07 ms  4.35 ms  4.95 ms  13.0 kIOPS",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestTableWithoutDiskIsUnchanged(t *testing.T) {
	r := diskReport()
	r.Disk, r.Checks = nil, r.Checks[:1]
	var b bytes.Buffer
	if err := WriteTable(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "+----------+") || strings.Contains(b.String(), "latency") {
		t.Errorf("Substrate-shaped table changed:\n%s", b.String())
	}
}

func TestMarkdownHasLatencyTableAndSustainedSummary(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, diskReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"- **Disk under test:** /dev/nvme0n1 QEMU NVMe Ctrl (nvme, 4.0 GB), ext4",
		"### Read latency",
		"| Read Latency p99 | 12970 | 46.6 µs |",
		"### Sustained write",
		"peak 2.79 GiBs; steady state (median after the cliff, 0 s) 1.12 GiBs; cache cliff (the write cache ran out) after 3.0 GiB (2.0 s)",
		"| s | written | throughput |\n|---:|---:|---:|\n| 0.25 | 0.70 GiB | 2.79 GiBs |",
		"| ≤ 1.00 ms |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestJSONCarriesDiskDetails(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, diskReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`"maximum_ns": 1000000`, `"p99_9_ns": 2070000`, `"timeline": [`, `"steady_bytes_per_second": 1200000000`, `"transport": "nvme"`, `"mode": "direct"`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	if strings.Contains(out, `"maximum_bytes_per_second"`) {
		t.Error("JSON writes a maximum for minimum-bounded checks")
	}
	back, err := ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	c := back.Checks[1]
	if c.Numeric.Maximum != 1e6 || c.Disk == nil || c.Disk.Latency.P99Ns != 132_000 || back.Disk == nil || back.Checks[2].Disk.Sustained.Cliff == nil {
		t.Errorf("round trip lost disk fields: %+v", c)
	}
}
