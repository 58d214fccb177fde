package netperf

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestClientFaults(t *testing.T) {
	// A port nobody listens on.
	refused := net.JoinHostPort("127.0.0.1", itoa(freePort(t)))
	// A listener that accepts and stays silent.
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
	// A listener that answers with something that is not iperf3.
	chatty, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer chatty.Close()
	go func() {
		for {
			c, err := chatty.Accept()
			if err != nil {
				return
			}
			_, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.2\r\n"))
			_ = c.Close()
		}
	}()
	for _, tc := range []struct {
		name, peer string
		want       error
	}{
		{"refused", refused, ErrRefused},
		{"silent", silent.Addr().String(), ErrNotIperf},
		{"not iperf3", chatty.Addr().String(), ErrNotIperf},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := Run(context.Background(), Options{Peer: tc.peer, Duration: time.Second, StepTimeout: time.Second})
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.peer) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q: want one line naming %s", err, tc.peer)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v, deadline is 1s per step", d)
			}
		})
	}
}

func TestServerBusy(t *testing.T) {
	addr := startServer(t)
	first := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), Options{Peer: addr, Duration: 2 * time.Second, Pings: -1})
		first <- err
	}()
	time.Sleep(500 * time.Millisecond)
	_, err := Run(context.Background(), Options{Peer: addr, Duration: time.Second, Pings: -1})
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("second client: %v, want ErrBusy", err)
	}
	if err := <-first; err != nil {
		t.Fatalf("first client: %v", err)
	}
}

func TestSplitPeer(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"127.0.0.1", "127.0.0.1:5201", ""},
		{"127.0.0.1:7000", "127.0.0.1:7000", ""},
		{"::1", "[::1]:5201", ""},
		{"[::1]:7000", "[::1]:7000", ""},
		{"host:0", "", "port"},
		{"host:http", "", "port"},
		{"", "", "empty"},
	} {
		got, err := SplitPeer(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("SplitPeer(%q) err = %v, want containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("SplitPeer(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
