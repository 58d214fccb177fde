package bench

import (
	"context"
	"errors"
	"net"
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
	}
	// The latency row reused the upload test: two tests ran, not three.
	if n := len(cfg.Net.tests); n != 2 {
		t.Errorf("%d tests ran, want 2 (upload, download)", n)
	}
}
