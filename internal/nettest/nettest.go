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

// Netns is a network namespace joined to the test's own namespace by a veth
// pair: HostAddr on this side, PeerAddr inside. Both ends and the namespace
// are removed when the test ends.
type Netns struct {
	Name               string
	HostDev, PeerDev   string
	HostAddr, PeerAddr string
}

// NewNetns creates the namespace and the veth pair on a /30 of 10.213.0.0/16
// chosen from the process id, so parallel test binaries do not collide.
// It needs root and iproute2.
func NewNetns(t testing.TB) *Netns {
	t.Helper()
	NeedTool(t, "ip", "iproute2")
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("network namespace tests need root (CI runs as root)")
		}
		t.Skip("network namespace tests need root")
	}
	id := os.Getpid() % 16000
	n := &Netns{
		Name:    fmt.Sprintf("hwqual-test-%d", id),
		HostDev: fmt.Sprintf("hwqh%d", id), PeerDev: fmt.Sprintf("hwqp%d", id),
		HostAddr: fmt.Sprintf("10.213.%d.%d", id/64, (id%64)*4+1),
		PeerAddr: fmt.Sprintf("10.213.%d.%d", id/64, (id%64)*4+2),
	}
	Run(t, "ip", "netns", "add", n.Name)
	t.Cleanup(func() {
		_ = exec.Command("ip", "link", "del", n.HostDev).Run()
		_ = exec.Command("ip", "netns", "del", n.Name).Run()
	})
	Run(t, "ip", "link", "add", n.HostDev, "type", "veth", "peer", "name", n.PeerDev, "netns", n.Name)
	Run(t, "ip", "addr", "add", n.HostAddr+"/30", "dev", n.HostDev)
	Run(t, "ip", "link", "set", n.HostDev, "up")
	n.Exec(t, "ip", "addr", "add", n.PeerAddr+"/30", "dev", n.PeerDev)
	n.Exec(t, "ip", "link", "set", n.PeerDev, "up")
	n.Exec(t, "ip", "link", "set", "lo", "up")
	return n
}

// Exec runs a command inside the namespace and fails the test on error.
func (n *Netns) Exec(t testing.TB, args ...string) {
	t.Helper()
	Run(t, append([]string{"ip", "netns", "exec", n.Name}, args...)...)
}

// Prefix is the command prefix that runs a program inside the namespace.
func (n *Netns) Prefix() []string { return []string{"ip", "netns", "exec", n.Name} }

// Shape replaces the egress qdisc of both veth ends with a token bucket of
// rate (tc syntax, e.g. "100mbit"), so both directions are limited.
func (n *Netns) Shape(t testing.TB, rate, burst string) {
	t.Helper()
	NeedTool(t, "tc", "iproute2")
	Run(t, "tc", "qdisc", "replace", "dev", n.HostDev, "root", "tbf", "rate", rate, "burst", burst, "latency", "50ms")
	n.Exec(t, "tc", "qdisc", "replace", "dev", n.PeerDev, "root", "tbf", "rate", rate, "burst", burst, "latency", "50ms")
}

// Run runs a command and fails the test with its output on error.
func Run(t testing.TB, args ...string) {
	t.Helper()
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
