package netperf

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
)

// Faults a peer can show. A PeerError wraps one of them, so callers can tell
// "busy" from "not iperf3" with errors.Is, and its message names the peer.
var (
	// ErrBusy: the peer runs iperf3 but is serving another test
	// (iperf3's ACCESS_DENIED, "the server is busy running a test").
	ErrBusy = errors.New("server is busy running a test (iperf3 ACCESS_DENIED); try again later")
	// ErrNotIperf: the peer accepted the connection but did not speak the
	// iperf3 protocol within the deadline.
	ErrNotIperf = errors.New("not an iperf3 server")
	// ErrRefused: nothing listens on the peer's port.
	ErrRefused = errors.New("connection refused: no iperf3 server listening (start one with `iperf3 -s` or `hwqual net serve`)")
	// ErrReset: the peer reset the connection while it was being set up,
	// as iperf3 -s does for a moment while it restarts between tests.
	ErrReset = errors.New("connection reset while connecting")
	// ErrUnreachable: no route to the peer, or it never answered the
	// connection attempt within the deadline.
	ErrUnreachable = errors.New("unreachable")
	// ErrServer: the peer reported an iperf3 SERVER_ERROR.
	ErrServer = errors.New("server error")
	// ErrProtocol: the peer broke the protocol mid-test.
	ErrProtocol = errors.New("protocol error")
)

// PeerError is a fault attributed to a peer.
type PeerError struct {
	Peer string
	Err  error
}

func (e *PeerError) Error() string { return fmt.Sprintf("peer %s: %v", e.Peer, e.Err) }

func (e *PeerError) Unwrap() error { return e.Err }

// classifyDial turns a dial failure into ErrRefused or ErrUnreachable.
func classifyDial(err error) error {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("%w", ErrRefused)
	case errors.Is(err, syscall.ECONNRESET):
		return fmt.Errorf("%w", ErrReset)
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return fmt.Errorf("%w: no answer to the TCP connection attempt (timed out)", ErrUnreachable)
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EINVAL):
		return fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	return fmt.Errorf("%w: %v", ErrUnreachable, err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
