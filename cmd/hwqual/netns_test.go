package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/nettest"
	"github.com/hwqual/hwqual/profiles"
)

// jamNetworkProfile writes a profile holding exactly the jam profile's
// network requirements, so the test judges jam's numbers without running
// jam's CPU and disk benchmarks.
func jamNetworkProfile(t *testing.T) string {
	t.Helper()
	jam, err := profiles.Load("jam")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("name: jam-network\ndescription: the jam profile's network rows\nsource: profiles/jam.yaml\nrequirements:\n")
	n := 0
	for _, r := range jam.Requirements {
		if !strings.HasPrefix(r.Metric, "Network ") {
			continue
		}
		fmt.Fprintf(&b, "  - metric: %s\n    severity: %s\n", r.Metric, r.Severity)
		if r.MinimumText != "" {
			fmt.Fprintf(&b, "    minimum: %s\n", r.MinimumText)
		}
		n++
	}
	if n < 3 {
		t.Fatalf("jam has %d network rows, want upload, download and RTT", n)
	}
	p := filepath.Join(t.TempDir(), "jam-network.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type qualDoc struct {
	Checks []struct {
		ID       string `json:"id"`
		Function string `json:"function"`
		Result   string `json:"result"`
		Reason   string `json:"reason"`
		Numeric  *struct {
			Score float64 `json:"score_bits_per_second"`
		} `json:"numeric"`
	} `json:"checks"`
}

// TestJAMNetworkRowsShapedLink puts a stock iperf3 server in a network
// namespace behind a veth pair shaped with tc's token bucket, and runs the
// real binary's qualification against it: at 100 Mbit/s the jam network
// rows fail, at 1 Gbit/s they pass.
func TestJAMNetworkRowsShapedLink(t *testing.T) {
	ns := nettest.NewNetns(t)
	nettest.NeedTool(t, "tc", "iproute2")
	peer := nettest.StartIperf3(t, ns.Prefix(), ns.PeerAddr)
	prof := jamNetworkProfile(t)
	for _, tc := range []struct {
		rate, burst, want string
	}{
		{"100mbit", "64kb", "fail"},
		{"1gbit", "512kb", "pass"},
	} {
		t.Run(tc.rate, func(t *testing.T) {
			ns.Shape(t, tc.rate, tc.burst)
			time.Sleep(300 * time.Millisecond) // let iperf3 -s re-listen after the last test
			r := hwqual(t, "--profile", prof, "--net-peer", peer, "--json", "-", "--quiet")
			var d qualDoc
			if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
				t.Fatalf("exit %d: %v\n%s\n%s", r.code, err, r.stdout, r.stderr)
			}
			for _, c := range d.Checks {
				var score float64
				if c.Numeric != nil {
					score = c.Numeric.Score
				}
				t.Logf("%s (%s): %s %.1f Mbit/s %s", c.Function, c.ID, c.Result, score/1e6, c.Reason)
				switch c.Function {
				case "Network Upload", "Network Download":
					if c.Result != tc.want {
						t.Errorf("%s at %s: %s (%.1f Mbit/s), want %s", c.Function, tc.rate, c.Result, score/1e6, tc.want)
					}
				case "Network RTT p99":
					if c.Result != "info" {
						t.Errorf("RTT row: %s (%s), want info", c.Result, c.Reason)
					}
				}
			}
			wantCode := map[string]int{"fail": 1, "pass": 0}[tc.want]
			if r.code != wantCode {
				t.Errorf("exit %d, want %d", r.code, wantCode)
			}
		})
	}
}

// TestNetUnreachablePeer: the peer address is inside a test namespace whose
// route back to us is a blackhole, so SYNs arrive and no SYN-ACK returns;
// hwqual net must give up within its deadline with one line naming it.
func TestNetUnreachablePeer(t *testing.T) {
	ns := nettest.NewNetns(t)
	ns.Exec(t, "ip", "route", "add", "blackhole", ns.HostAddr+"/32")
	peer := ns.PeerAddr + ":5201"
	start := time.Now()
	r := hwqual(t, "net", "--peer", peer, "--duration", "1s")
	if r.code != 2 || !strings.Contains(r.stderr, peer) || !strings.Contains(r.stderr, "unreachable") {
		t.Errorf("exit %d, stderr %q; want 2 and a line naming %s as unreachable", r.code, r.stderr, peer)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("took %v: the connect deadline did not hold", d)
	}
	// In a qualification run the rows are not measured, with the reason.
	r = hwqual(t, "--profile", jamNetworkProfile(t), "--net-peer", peer, "--json", "-", "--quiet")
	var d qualDoc
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("%v\n%s", err, r.stderr)
	}
	for _, c := range d.Checks {
		if c.Result != "not_measured" || !strings.Contains(c.Reason, "unreachable") {
			t.Errorf("%s: %s %q, want not_measured naming unreachable", c.Function, c.Result, c.Reason)
		}
	}
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (required rows not measured)", r.code)
	}
}
