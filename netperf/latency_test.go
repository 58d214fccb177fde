package netperf

import (
	"context"
	"net"
	"testing"
	"time"
)

func TestPingWorkers(t *testing.T) {
	for _, tt := range []struct {
		left int
		rtt  time.Duration
		want int
	}{
		{395, 50 * time.Microsecond, 1}, // LAN: one after another
		{395, 3 * time.Millisecond, 1},  // 1.2 s sequentially: fits
		{395, 5 * time.Millisecond, 2},
		{395, 50 * time.Millisecond, 14}, // 395 × 50 ms / 1.5 s = 13.2
		{395, 150 * time.Millisecond, 40},
		{395, 2 * time.Second, maxPingWorkers},
		{0, time.Second, 1},
	} {
		if got := pingWorkers(tt.left, tt.rtt); got != tt.want {
			t.Errorf("pingWorkers(%d, %v) = %d, want %d", tt.left, tt.rtt, got, tt.want)
		}
	}
}

// TestRunTimesEnoughConnects runs a real test against hwqual's server on
// loopback with the default plan: the round trip comes from at least
// MinPings connects (DefaultPings on loopback), all to the address the
// control connection reached, and the times behind it are kept.
func TestRunTimesEnoughConnects(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = (&Server{Listener: l}).Serve(ctx) }()
	// "localhost" resolves once, for the control connection.
	_, port, _ := net.SplitHostPort(l.Addr().String())
	res, err := Run(ctx, Options{Peer: "localhost:" + port, Duration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Latency == nil {
		t.Fatalf("no round trip: %s", res.LatencyError)
	}
	if res.Latency.Count != DefaultPings || len(res.ConnectNs) != DefaultPings {
		t.Errorf("%d connects (%d times kept), want %d", res.Latency.Count, len(res.ConnectNs), DefaultPings)
	}
	if res.Latency.P50Ns <= 0 || res.Latency.P99Ns < res.Latency.P50Ns {
		t.Errorf("latency %+v", res.Latency)
	}
}
