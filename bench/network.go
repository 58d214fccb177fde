package bench

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hwqual/hwqual/internal/stats"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/netperf"
)

// NetOptions configure the network modules, which measure against a peer
// running an iperf3 server (stock `iperf3 -s` or `hwqual net serve`).
type NetOptions struct {
	// Peer is HOST[:PORT]; "" means no peer, and the network rows are not
	// measured.
	Peer string
	// Duration of each transfer; 0 means 5 s.
	Duration time.Duration
	// Streams per direction; 0 means 1.
	Streams int

	mu    sync.Mutex
	tests map[netperf.Mode]netTest
}

type netTest struct {
	res *netperf.Result
	err error
}

// netDuration is the default transfer: long enough for TCP to leave slow
// start on a continental path and give four per-second samples after the
// first, which is discarded as warm-up.
const netDuration = 5 * time.Second

// run performs (once per run and direction) the test a network module
// reads, so the latency row reuses the upload test's round trips.
func (o *NetOptions) run(ctx context.Context, mode netperf.Mode) (*netperf.Result, error) {
	if o == nil || o.Peer == "" {
		return nil, NotMeasured("no network peer: pass --net-peer HOST[:PORT] naming an iperf3 server (`iperf3 -s` or `hwqual net serve`) in the network to be judged")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if t, ok := o.tests[mode]; ok {
		return t.res, t.err
	}
	d := o.Duration
	if d <= 0 {
		d = netDuration
	}
	opt := netperf.Options{Peer: o.Peer, Duration: d, Streams: o.Streams, Mode: mode}
	if len(o.tests) > 0 {
		// iperf3 -s closes and re-opens its listener after a test; give it
		// that moment rather than land in the closing one's queue.
		select {
		case <-time.After(300 * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	res, err := netperf.Run(ctx, opt)
	// A stock iperf3 -s re-opens its listening socket after each test; a
	// test started within that moment is refused, reset or finds it busy,
	// so a few retries after a pause tell a restarting server from an
	// absent one. Only after a test of this run: a first refusal is final.
	for try := 0; try < 3 && retryable(err) && len(o.tests) > 0 && ctx.Err() == nil; try++ {
		select {
		case <-time.After(500 * time.Millisecond):
			res, err = netperf.Run(ctx, opt)
		case <-ctx.Done():
		}
	}
	if err != nil && ctx.Err() == nil {
		err = NotMeasured("%v", err)
	}
	if o.tests == nil {
		o.tests = map[netperf.Mode]netTest{}
	}
	if ctx.Err() == nil {
		o.tests[mode] = netTest{res, err}
	}
	return res, err
}

func retryable(err error) bool {
	return errors.Is(err, netperf.ErrRefused) || errors.Is(err, netperf.ErrBusy) || errors.Is(err, netperf.ErrReset)
}

// networkThroughput is one direction's TCP throughput against the peer.
type networkThroughput struct{ download bool }

func (m networkThroughput) Info() Info {
	name, dir := "Network Upload", "this host sends, the peer receives"
	if m.download {
		name, dir = "Network Download", "the peer sends, this host receives (iperf3 --reverse)"
	}
	return Info{
		Name:      name,
		Category:  "Network",
		Kind:      units.BitsPerSecond,
		NeedsPeer: true,
		Method:    "iperf3-protocol TCP test against --net-peer (" + dir + "); samples are this host's per-second throughput, the first second discarded as warm-up; extra.receiver_bits_per_second is iperf3's receiver figure",
	}
}

func (m networkThroughput) Run(ctx context.Context, cfg Config) (Result, error) {
	mode := netperf.Upload
	if m.download {
		mode = netperf.Download
	}
	res, err := cfg.Net.run(ctx, mode)
	if err != nil {
		return Result{}, err
	}
	flow := res.Upload
	if m.download {
		flow = res.Download
	}
	if flow == nil || len(flow.Intervals) == 0 {
		return Result{}, NotMeasured("the %s test returned no per-second samples", mode)
	}
	ivs := flow.Intervals
	if len(ivs) >= 3 {
		ivs = ivs[1:]
	}
	out := Result{Extra: map[string]float64{
		"receiver_bits_per_second": flow.BitsPerSecond,
		"sender_bits_per_second":   flow.SenderBitsPerSecond,
		"streams":                  float64(len(flow.Streams)),
	}}
	for _, iv := range ivs {
		// A partial last interval under half a second says little.
		if iv.End-iv.Start >= 0.5 {
			out.Samples = append(out.Samples, iv.BitsPerSecond)
		}
	}
	if len(out.Samples) == 0 {
		return Result{}, NotMeasured("the %s test was too short for a whole-second sample", mode)
	}
	if flow.Retransmits >= 0 {
		out.Extra["retransmits"] = float64(flow.Retransmits)
	}
	if flow.RTTUnderLoadNs >= 0 {
		out.Extra["rtt_under_load_ns"] = float64(flow.RTTUnderLoadNs)
	}
	out.Notes = append(out.Notes, fmt.Sprintf("peer %s, %d stream(s), %.0f s; receiver counted %s; TCP retransmits %s",
		res.Peer, len(flow.Streams), res.Seconds, units.FormatBits(flow.BitsPerSecond), retransText(flow.Retransmits)))
	return out, nil
}

func retransText(n int64) string {
	if n < 0 {
		return "unknown"
	}
	return fmt.Sprint(n)
}

// networkLatency is the idle round trip to the peer's iperf3 port, from the
// timed TCP connects the upload test makes after its transfer.
type networkLatency struct{}

// rttWindow is how many connects, in the order taken, make one sample:
// the p99 of 100 connects is the second-slowest, so a sample reflects the
// tail, and DefaultPings connects give four samples whose spread marks the
// row noisy as any other row's does.
const rttWindow = 100

func (networkLatency) Info() Info {
	return Info{
		Name:      "Network RTT p99",
		Category:  "Network",
		Kind:      units.Nanoseconds,
		NeedsPeer: true,
		Method: fmt.Sprintf("timed TCP connects (SYN to SYN-ACK) to --net-peer's iperf3 port right after the upload test's transfer, to the address resolved once; at least %d, up to %d in 2 s; each sample is the p99 of %d connects in the order taken, the score their median; extra.p99_ns and p50_ns are the whole set's",
			netperf.MinPings, netperf.DefaultPings, rttWindow),
	}
}

// rttSamples splits the connect times, in the order taken, into windows of
// rttWindow (the last, shorter one joins its predecessor) and returns each
// window's p99 (nearest rank).
func rttSamples(times []int64) []float64 {
	var out []float64
	for start := 0; start < len(times); start += rttWindow {
		end := start + rttWindow
		if len(times)-end < rttWindow {
			end = len(times)
		}
		out = append(out, float64(stats.Percentile(times[start:end], 99)))
		if end == len(times) {
			break
		}
	}
	return out
}

func (networkLatency) Run(ctx context.Context, cfg Config) (Result, error) {
	res, err := cfg.Net.run(ctx, netperf.Upload)
	if err != nil {
		return Result{}, err
	}
	if res.Latency == nil {
		return Result{}, NotMeasured("no round trip measured: %s", res.LatencyError)
	}
	l := res.Latency
	if len(res.ConnectNs) < netperf.MinPings {
		return Result{}, NotMeasured("only %d timed connects to %s (a p99 needs %d)", len(res.ConnectNs), res.Peer, netperf.MinPings)
	}
	return Result{
		Samples: rttSamples(res.ConnectNs),
		Extra:   map[string]float64{"p50_ns": float64(l.P50Ns), "p99_ns": float64(l.P99Ns), "min_ns": float64(l.MinNs), "max_ns": float64(l.MaxNs), "connects": float64(l.Count)},
		Notes: []string{fmt.Sprintf("peer %s: p50 %s, p99 %s over %d TCP connects",
			res.Peer, units.FormatLatency(float64(l.P50Ns)), units.FormatLatency(float64(l.P99Ns)), l.Count)},
	}, nil
}
