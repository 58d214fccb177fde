package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
)

func TestTableShowsDiskLatencyAndMaximum(t *testing.T) {
	var b bytes.Buffer
	if err := writeTable(&b, reportstest.DiskReport()); err != nil {
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
	r := reportstest.DiskReport()
	r.Disk, r.Checks = nil, r.Checks[:1]
	var b bytes.Buffer
	if err := Table(r)(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "+----------+") || strings.Contains(b.String(), "latency") {
		t.Errorf("Substrate-shaped table changed:\n%s", b.String())
	}
}

func TestMarkdownHasLatencyTableAndSustainedSummary(t *testing.T) {
	var b bytes.Buffer
	if err := writeMarkdown(&b, reportstest.DiskReport()); err != nil {
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
	if err := JSON(reportstest.DiskReport())(&b); err != nil {
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
	back, err := model.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	c := back.Checks[1]
	if c.Numeric.Maximum != 1e6 || c.Disk == nil || c.Disk.Latency.P99Ns != 132_000 || back.Disk == nil || back.Checks[2].Disk.Sustained.Cliff == nil {
		t.Errorf("round trip lost disk fields: %+v", c)
	}
}
