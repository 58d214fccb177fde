package netperf

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/nettest"
)

func needTool(t *testing.T, tool, pkg string) string { return nettest.NeedTool(t, tool, pkg) }

func freePort(t *testing.T) int { return nettest.FreePort(t) }

func startIperf3Server(t *testing.T) string { return nettest.StartIperf3(t, nil, "127.0.0.1") }

func checkFlow(t *testing.T, name string, f *Flow, streams int) {
	t.Helper()
	if f == nil {
		t.Fatalf("%s: no flow", name)
	}
	if f.BitsPerSecond < 1e6 {
		t.Errorf("%s: %.0f bit/s on loopback, want > 1 Mbit/s", name, f.BitsPerSecond)
	}
	if len(f.Streams) != streams {
		t.Errorf("%s: %d streams, want %d", name, len(f.Streams), streams)
	}
	if f.BytesReceived <= 0 || f.BytesSent < f.BytesReceived/2 {
		t.Errorf("%s: sent %d received %d", name, f.BytesSent, f.BytesReceived)
	}
	if len(f.Intervals) < 1 {
		t.Errorf("%s: no per-second intervals", name)
	}
}

func TestClientAgainstIperf3(t *testing.T) {
	addr := startIperf3Server(t)
	for _, tc := range []struct {
		mode    Mode
		streams int
	}{{Upload, 1}, {Download, 2}, {Bidirectional, 1}} {
		t.Run(string(tc.mode), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			res, err := Run(ctx, Options{Peer: addr, Duration: 2 * time.Second, Streams: tc.streams, Mode: tc.mode, Pings: 5})
			if err != nil {
				t.Fatal(err)
			}
			if tc.mode != Download {
				checkFlow(t, "upload", res.Upload, tc.streams)
			}
			if tc.mode != Upload {
				checkFlow(t, "download", res.Download, tc.streams)
			}
			if res.Latency == nil || res.Latency.Count == 0 {
				t.Errorf("no latency: %s", res.LatencyError)
			}
			t.Logf("%+v up=%+v down=%+v lat=%+v", res.Mode, res.Upload, res.Download, res.Latency)
			// iperf3 -s needs a moment to reset between tests.
			time.Sleep(200 * time.Millisecond)
		})
	}
}

func TestClientBusyIperf3(t *testing.T) {
	addr := startIperf3Server(t)
	ctx := context.Background()
	first := make(chan error, 1)
	go func() {
		_, err := Run(ctx, Options{Peer: addr, Duration: 3 * time.Second, Pings: -1})
		first <- err
	}()
	time.Sleep(700 * time.Millisecond)
	_, err := Run(ctx, Options{Peer: addr, Duration: time.Second, Pings: -1})
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("second client: %v, want ErrBusy", err)
	}
	if !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q does not name the peer", err)
	}
	if err := <-first; err != nil {
		t.Fatalf("first client: %v", err)
	}
}

// startServer runs hwqual's server on a free loopback port until the test
// ends.
func startServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := &Server{Listener: l, StepTimeout: 3 * time.Second, Logf: t.Logf}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return l.Addr().String()
}

func TestIperf3ClientAgainstServer(t *testing.T) {
	bin := needTool(t, "iperf3", "iperf3")
	addr := startServer(t)
	host, port, _ := net.SplitHostPort(addr)
	for _, args := range [][]string{{}, {"-R", "-P", "2"}, {"--bidir"}} {
		t.Run(strings.Join(append([]string{"iperf3"}, args...), " "), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, append([]string{"-c", host, "-p", port, "-t", "2", "-J"}, args...)...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("iperf3 -c: %v\n%s", err, out)
			}
			var doc struct {
				End struct {
					SumReceived struct {
						BitsPerSecond float64 `json:"bits_per_second"`
					} `json:"sum_received"`
				} `json:"end"`
				Error string `json:"error"`
			}
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatalf("iperf3 -J output: %v\n%s", err, out)
			}
			if doc.Error != "" || doc.End.SumReceived.BitsPerSecond < 1e6 {
				t.Fatalf("iperf3 against hwqual's server: error %q, received %.0f bit/s", doc.Error, doc.End.SumReceived.BitsPerSecond)
			}
		})
	}
}

func TestClientAgainstServer(t *testing.T) {
	addr := startServer(t)
	for _, mode := range []Mode{Upload, Download, Bidirectional} {
		t.Run(string(mode), func(t *testing.T) {
			res, err := Run(context.Background(), Options{Peer: addr, Duration: time.Second, Streams: 2, Mode: mode, Pings: 5})
			if err != nil {
				t.Fatal(err)
			}
			if mode != Download {
				checkFlow(t, "upload", res.Upload, 2)
			}
			if mode != Upload {
				checkFlow(t, "download", res.Download, 2)
			}
			if res.Latency == nil {
				t.Errorf("no latency: %s", res.LatencyError)
			}
		})
	}
}
