package netperf

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/hwqual/hwqual/internal/diskstat"
)

// pingConnects times n TCP connects to addr and returns their distribution.
//
// Why connects: a stock iperf3 server offers no echo, and the only exchange
// the protocol allows without disturbing a test is a connection it refuses
// (ACCESS_DENIED) while busy with ours. connect() returns when the SYN-ACK
// arrives, which the peer's kernel sends without waiting for the server
// program, so the time is one network round trip plus both kernels'
// handling — the figure ping would give, over TCP to the port being tested.
// The connects run between DISPLAY_RESULTS and IPERF_DONE, when no data
// flows, so the round trip is the idle one; the loaded one is in
// Flow.RTTUnderLoadNs.
func pingConnects(ctx context.Context, addr string, n int, stepTimeout time.Duration) (*diskstat.Latency, error) {
	rec := diskstat.NewRecorder()
	d := net.Dialer{Timeout: stepTimeout}
	// The whole exchange stays well inside the 5 s an iperf3 server keeps
	// the session after the transfer ends.
	deadline := time.Now().Add(2 * time.Second)
	start := time.Now()
	var lastErr error
	for i := 0; i < n && time.Now().Before(deadline); i++ {
		t0 := time.Now()
		conn, err := d.DialContext(ctx, "tcp", addr)
		rtt := time.Since(t0)
		if err != nil {
			lastErr = err
			continue
		}
		rec.Record(rtt.Nanoseconds())
		// Read the refusal so the server is not left writing to a reset
		// connection, then go.
		_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		var b [1]byte
		_, _ = conn.Read(b[:])
		_ = conn.Close()
	}
	if rec.Count() == 0 {
		if lastErr == nil {
			lastErr = fmt.Errorf("no time left")
		}
		return nil, fmt.Errorf("round-trip connects failed: %w", lastErr)
	}
	lat, err := rec.Summary(time.Since(start).Nanoseconds())
	if err != nil {
		return nil, err
	}
	return &lat, nil
}
