package netperf

import (
	"context"
	"fmt"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/stats"
)

// Round-trip plan. A p99 needs enough connects that the 1 % tail holds
// several of them: at least MinPings (2 in the tail), DefaultPings (4) when
// the time allows.
const (
	// DefaultPings is how many timed connects a test aims for.
	DefaultPings = 400
	// MinPings is the fewest that make a p99; fewer and the round trip
	// is not measured.
	MinPings = 200
	// pingBudget is the time the connects may take: the whole exchange
	// stays well inside the 5 s an iperf3 server keeps the session after
	// the transfer ends.
	pingBudget = 2 * time.Second
	// pingProbe is how many sequential connects estimate the round trip
	// that sizes the concurrency.
	pingProbe = 5
	// maxPingWorkers bounds the concurrent connects: 64 in flight reach
	// DefaultPings in the budget up to a 300 ms round trip.
	maxPingWorkers = 64
)

// pingConnects times up to n TCP connects to addr (an IP:port, resolved
// once by the caller, so no name lookup is inside a timed connect) and
// returns their distribution and every time in the order taken.
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
//
// On a LAN the connects run one after another. On a long path n of them
// one at a time would not fit the budget, so a few sequential probes
// estimate the round trip and just enough connects run at once to finish
// in about three quarters of it; each still times its own SYN to SYN-ACK.
func pingConnects(ctx context.Context, addr string, n int, stepTimeout time.Duration) (*diskstat.Latency, []int64, error) {
	p := pinger{addr: addr, dialer: net.Dialer{Timeout: stepTimeout}, deadline: time.Now().Add(pingBudget)}
	start := time.Now()
	for i := 0; i < pingProbe && p.claim(n); i++ {
		p.connect(ctx)
	}
	workers := 1
	if probe := p.taken(); len(probe) > 0 {
		workers = pingWorkers(n-len(probe), time.Duration(stats.Median(probe)))
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p.claim(n) {
				p.connect(ctx)
			}
		}()
	}
	wg.Wait()
	times, lastErr := p.result()
	if len(times) == 0 {
		if lastErr == nil {
			lastErr = fmt.Errorf("no time left")
		}
		return nil, nil, fmt.Errorf("round-trip connects failed: %w", lastErr)
	}
	rec := diskstat.NewRecorder()
	for _, ns := range times {
		rec.Record(ns)
	}
	lat, err := rec.Summary(time.Since(start).Nanoseconds())
	if err != nil {
		return nil, nil, err
	}
	return &lat, times, nil
}

// pingWorkers is how many connects run at once so that left more of them,
// each taking about rtt, finish in three quarters of the budget (the rest
// is slack for a tail): 1 on a LAN, 14 for 400 at 50 ms, at most
// maxPingWorkers.
func pingWorkers(left int, rtt time.Duration) int {
	w := int(time.Duration(left)*rtt/(pingBudget*3/4)) + 1
	return min(max(w, 1), maxPingWorkers)
}

// pinger is the state the connecting goroutines share.
type pinger struct {
	addr     string
	dialer   net.Dialer
	deadline time.Time

	mu      sync.Mutex
	started int
	times   []int64
	lastErr error
}

// claim reserves one more connect while fewer than n were started and
// the budget lasts.
func (p *pinger) claim(n int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started >= n || !time.Now().Before(p.deadline) {
		return false
	}
	p.started++
	return true
}

// connect times one connect and reads the busy server's refusal, so the
// server is not left writing to a reset connection.
func (p *pinger) connect(ctx context.Context) {
	t0 := time.Now()
	conn, err := p.dialer.DialContext(ctx, "tcp", p.addr)
	rtt := time.Since(t0)
	p.mu.Lock()
	if err != nil {
		p.lastErr = err
	} else {
		p.times = append(p.times, rtt.Nanoseconds())
	}
	p.mu.Unlock()
	if err != nil {
		return
	}
	_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	var b [1]byte
	_, _ = conn.Read(b[:])
	_ = conn.Close()
}

func (p *pinger) taken() []int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.times)
}

func (p *pinger) result() ([]int64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.times, p.lastErr
}
