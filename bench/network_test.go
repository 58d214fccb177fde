package bench

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/netperf"
)

func TestNetworkModulesWithoutPeerAreNotMeasured(t *testing.T) {
	for _, m := range []Module{networkThroughput{}, networkThroughput{download: true}, networkLatency{}} {
		for _, cfg := range []Config{{}, {Net: &NetOptions{}}} {
			_, err := m.Run(context.Background(), cfg)
			if !errors.Is(err, ErrNotMeasured) || !strings.Contains(err.Error(), "--net-peer") {
				t.Errorf("%s without a peer: %v, want not measured naming --net-peer", m.Info().Name, err)
			}
		}
	}
}

// TestNetworkModulesMeasure runs the three modules against hwqual's own
// iperf3-compatible server on loopback, sharing one NetOptions as a
// qualification run does.
func TestNetworkModulesMeasure(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = (&netperf.Server{Listener: l}).Serve(ctx) }()
	cfg := Config{Net: &NetOptions{Peer: l.Addr().String(), Duration: 3 * time.Second}}
	for _, m := range []Module{networkThroughput{}, networkThroughput{download: true}, networkLatency{}} {
		res, err := m.Run(ctx, cfg)
		if err != nil {
			t.Fatalf("%s: %v", m.Info().Name, err)
		}
		if len(res.Samples) == 0 {
			t.Fatalf("%s: no samples", m.Info().Name)
		}
		for _, s := range res.Samples {
			if !(s > 0) {
				t.Errorf("%s: sample %v", m.Info().Name, s)
			}
		}
		if m.Info().Kind != "ns" && res.Extra["receiver_bits_per_second"] <= 0 {
			t.Errorf("%s: extra %v", m.Info().Name, res.Extra)
		}
		// The RTT row: at least MinPings connects, several window p99s
		// (so its spread can mark it noisy), the whole set's p99 beside.
		if m.Info().Kind == "ns" && (res.Extra["connects"] < netperf.MinPings || len(res.Samples) < 2 || res.Extra["p99_ns"] <= 0) {
			t.Errorf("%s: %d samples, extra %v", m.Info().Name, len(res.Samples), res.Extra)
		}
	}
	// The latency row reused the upload test: two tests ran, not three.
	if n := len(cfg.Net.tests); n != 2 {
		t.Errorf("%d tests ran, want 2 (upload, download)", n)
	}
}

func TestRTTSamples(t *testing.T) {
	seq := func(n int) []int64 {
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(i%100 + 1) // each window of 100 holds 1..100
		}
		return out
	}
	for _, tt := range []struct {
		n    int
		want []float64
	}{
		{400, []float64{99, 99, 99, 99}},
		{200, []float64{99, 99}},
		// 250: the last 50 join the second window, whose p99 is then
		// rank 149 of 150 (1,1,…,50,50,51,…,100): 99.
		{250, []float64{99, 99}},
		{299, []float64{99, 99}},
		{300, []float64{99, 99, 99}},
		{99, []float64{99}},
	} {
		if got := rttSamples(seq(tt.n)); !slices.Equal(got, tt.want) {
			t.Errorf("rttSamples(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}
