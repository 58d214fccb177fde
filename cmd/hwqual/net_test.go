package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/nettest"
)

type netDoc struct {
	SchemaVersion int    `json:"schema_version"`
	Kind          string `json:"kind"`
	Result        struct {
		Upload *struct {
			BitsPerSecond float64 `json:"bits_per_second"`
			Intervals     []any   `json:"intervals"`
		} `json:"upload"`
		Download *struct {
			BitsPerSecond float64 `json:"bits_per_second"`
		} `json:"download"`
		Latency *struct {
			P50Ns int64 `json:"p50_ns"`
			P99Ns int64 `json:"p99_ns"`
		} `json:"latency"`
	} `json:"result"`
}

func parseNet(t *testing.T, r result) netDoc {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	var d netDoc
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	if d.SchemaVersion != 2 || d.Kind != "net" {
		t.Errorf("schema_version %d kind %q, want 2 net", d.SchemaVersion, d.Kind)
	}
	return d
}

func TestNetAgainstIperf3(t *testing.T) {
	addr := nettest.StartIperf3(t, nil, "127.0.0.1")
	d := parseNet(t, hwqual(t, "net", "--peer", addr, "--duration", "1s", "--json"))
	if d.Result.Upload == nil || d.Result.Upload.BitsPerSecond < 1e6 || len(d.Result.Upload.Intervals) == 0 {
		t.Errorf("upload: %+v", d.Result.Upload)
	}
	if d.Result.Latency == nil || d.Result.Latency.P50Ns <= 0 || d.Result.Latency.P99Ns < d.Result.Latency.P50Ns {
		t.Errorf("latency: %+v", d.Result.Latency)
	}
	time.Sleep(200 * time.Millisecond) // iperf3 -s resets between tests
	// --json FILE and --md FILE write files; the text goes to stdout.
	dir := t.TempDir()
	jsonPath, mdPath := filepath.Join(dir, "net.json"), filepath.Join(dir, "net.md")
	r := hwqual(t, "net", "--peer", addr, "--duration", "1s", "--reverse", "--streams", "2", "--json", jsonPath, "--md", mdPath)
	if r.code != 0 || !strings.Contains(r.stdout, "Download") || !strings.Contains(r.stdout, "stream 3") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	body, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	d = parseNet(t, result{stdout: string(body)})
	if d.Result.Download == nil || d.Result.Download.BitsPerSecond < 1e6 || d.Result.Upload != nil {
		t.Errorf("download: %+v upload %+v", d.Result.Download, d.Result.Upload)
	}
	if md, err := os.ReadFile(mdPath); err != nil || !strings.Contains(string(md), "| Download |") {
		t.Errorf("markdown: %v\n%s", err, md)
	}
}

// TestNetServe runs `hwqual net serve` and measures against it with stock
// iperf3 and with hwqual itself.
func TestNetServe(t *testing.T) {
	iperf3 := nettest.NeedTool(t, "iperf3", "iperf3")
	port := nettest.FreePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	srv := exec.Command(binary, "net", "serve", "--listen", addr)
	stderr, err := srv.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case l := <-lines:
		if !strings.Contains(l, "listening on") {
			t.Fatalf("first line %q", l)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("hwqual net serve did not start")
	}

	out, err := exec.Command(iperf3, "-c", "127.0.0.1", "-p", fmt.Sprint(port), "-t", "1", "-J").CombinedOutput()
	if err != nil {
		t.Fatalf("iperf3 -c against hwqual net serve: %v\n%s", err, out)
	}
	var doc struct {
		End struct {
			SumReceived struct {
				BitsPerSecond float64 `json:"bits_per_second"`
			} `json:"sum_received"`
		} `json:"end"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || doc.End.SumReceived.BitsPerSecond < 1e6 {
		t.Fatalf("iperf3 -J: %v %+v\n%s", err, doc, out)
	}
	d := parseNet(t, hwqual(t, "net", "--peer", addr, "--duration", "1s", "--bidir", "--json"))
	if d.Result.Upload == nil || d.Result.Download == nil {
		t.Fatalf("bidir: %+v", d.Result)
	}

	_ = srv.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = srv.Process.Kill()
		t.Fatal("hwqual net serve ignored SIGTERM")
	}
}

func TestNetFaultsExitTwo(t *testing.T) {
	refused := fmt.Sprintf("127.0.0.1:%d", nettest.FreePort(t))
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"net", "--peer", refused}, "refused"},
		{[]string{"net", "--peer", silent.Addr().String()}, "not an iperf3 server"},
		{[]string{"net"}, "--peer is required"},
		{[]string{"net", "--peer", "h", "--reverse", "--bidir"}, "choose one"},
		{[]string{"net", "--peer", "h:99999"}, "--peer"},
		{[]string{"net", "--peer", "h", "--streams", "0"}, "--streams"},
	} {
		start := time.Now()
		r := hwqual(t, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line with %q", tc.args, r.code, r.stderr, tc.want)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%v took %v", tc.args, d)
		}
	}
}
