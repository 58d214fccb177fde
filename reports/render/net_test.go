package render

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/netperf"
	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
)

// netFixture is a recorded-shape result: one upload stream, two seconds.
func netFixture() *model.NetReport {
	iv := []netperf.Interval{
		{Start: 0, End: 1, Bytes: 117_000_000, BitsPerSecond: 936e6},
		{Start: 1, End: 2, Bytes: 117_500_000, BitsPerSecond: 940e6},
	}
	res := &netperf.Result{
		Peer: "10.0.0.2:5201", Mode: netperf.Upload, Streams: 1, Seconds: 2,
		Upload: &netperf.Flow{BitsPerSecond: 938e6, SenderBitsPerSecond: 938.5e6, BytesReceived: 234_500_000, BytesSent: 234_625_000,
			Retransmits: 12, RTTUnderLoadNs: 1_250_000, Intervals: iv,
			Streams: []netperf.StreamResult{{ID: 1, BytesReceived: 234_500_000, BytesSent: 234_625_000, BitsPerSecond: 938e6, Retransmits: 12, Intervals: iv}}},
		Latency:       &diskstat.Latency{Count: 20, MinNs: 180_000, P50Ns: 210_000, P99Ns: 480_000, MaxNs: 480_000, SignificantDigits: 3},
		LatencyMethod: "timed TCP connects",
	}
	return model.NewNetReport(res, "v0.0.0-test", "node1", time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC))
}

func TestNetRenderersGolden(t *testing.T) {
	rep := netFixture()
	for _, r := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"net.txt", func(b *bytes.Buffer) error { return Table(rep)(b) }},
		{"net.md", func(b *bytes.Buffer) error { return Markdown(rep)(b) }},
		{"net.json", func(b *bytes.Buffer) error { return JSON(rep)(b) }},
	} {
		var b bytes.Buffer
		if err := r.render(&b); err != nil {
			t.Fatal(err)
		}
		reportstest.Golden(t, r.name, b.Bytes())
	}
	var doc map[string]any
	var b bytes.Buffer
	_ = JSON(rep)(&b)
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc["kind"] != "net" || doc["schema_version"] != float64(2) {
		t.Errorf("header: %v %v", doc["kind"], doc["schema_version"])
	}
}
