// Package nettest helps tests run real network peers: stock iperf3 on
// loopback, and network namespaces joined by a veth pair. Tests send
// traffic only to loopback or into namespaces they created.
package nettest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// NeedTool returns the path of tool, or skips the test naming the Debian
// package that provides it; in CI (env CI set) a missing tool fails.
func NeedTool(t testing.TB, tool, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found: CI must install the Debian package %s (.ci/run)", tool, pkg)
		}
		t.Skipf("%s not found: install the Debian package %s", tool, pkg)
	}
	return p
}

// FreePort returns a loopback TCP port nobody listens on right now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// StartIperf3 runs `iperf3 -s` bound to 127.0.0.1 on a free port until the
// test ends and returns its address. prefix runs it through another
// command (e.g. "ip netns exec NS"); bind is the address to bind.
func StartIperf3(t testing.TB, prefix []string, bind string) string {
	t.Helper()
	bin := NeedTool(t, "iperf3", "iperf3")
	port := FreePort(t)
	args := append(append([]string{}, prefix...), bin, "-s", "--forceflush", "-B", bind, "-p", fmt.Sprint(port))
	cmd := exec.Command(args[0], args[1:]...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	// Wait for the banner: probing the port would itself be a client that
	// iperf3 then waits on.
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		seen := false
		for sc.Scan() {
			if !seen && strings.Contains(sc.Text(), "Server listening") {
				close(ready)
				seen = true
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		t.Fatal("iperf3 -s did not start listening within 5s")
	}
	return net.JoinHostPort(bind, fmt.Sprint(port))
}
