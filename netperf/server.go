package netperf

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/hwqual/hwqual/internal/units"
)

// Server answers iperf3 clients (stock `iperf3 -c` or hwqual's) one test at
// a time, as `iperf3 -s` does: a connection arriving while a test runs gets
// ACCESS_DENIED.
type Server struct {
	// Listener is where clients connect.
	Listener net.Listener
	// StepTimeout bounds every protocol step but the transfer; 0 means 10 s.
	StepTimeout time.Duration
	// Logf, when set, gets one line per test and per fault.
	Logf func(format string, args ...any)

	mu      sync.Mutex
	current *session
}

// iperf3 error numbers sent with SERVER_ERROR (the i_errno enum in
// src/iperf_api.h of iperf3 3.x), so a stock client prints the right text.
const (
	ieDuration   = 5 // "test duration too long"
	ieNumStreams = 6 // "number of parallel streams too large"
	ieBlockSize  = 7 // "block size too large"
)

// Serve accepts clients until ctx ends or the listener fails.
func (s *Server) Serve(ctx context.Context) error {
	if s.StepTimeout <= 0 {
		s.StepTimeout = 10 * time.Second
	}
	stop := context.AfterFunc(ctx, func() { _ = s.Listener.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		conn, err := s.Listener.Accept()
		if err != nil {
			if ctx.Err() != nil {
				s.mu.Lock()
				if s.current != nil {
					s.current.abort()
				}
				s.mu.Unlock()
				return nil
			}
			return fmt.Errorf("accept: %w", err)
		}
		s.mu.Lock()
		switch cur := s.current; {
		case cur == nil:
			sess := &session{srv: s, ctrl: conn, streamConns: make(chan net.Conn, 2*maxStreams)}
			s.current = sess
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := sess.run(ctx)
				if err != nil {
					s.logf("test from %s failed: %v", conn.RemoteAddr(), err)
				}
			}()
		case cur.wantStreams() && len(cur.streamConns) < cap(cur.streamConns):
			cur.streamConns <- conn // never blocks: checked under s.mu
		default:
			// Busy: refuse without reading, exactly as iperf3 does.
			_ = conn.SetWriteDeadline(time.Now().Add(time.Second))
			_ = writeState(conn, AccessDenied)
			_ = conn.Close()
		}
		s.mu.Unlock()
	}
}

func (s *Server) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

type session struct {
	srv         *Server
	ctrl        net.Conn
	cookie      [CookieSize]byte
	params      Params
	streamConns chan net.Conn
	accepting   bool // guarded by srv.mu
	streams     []*stream
	closeOnce   sync.Once
}

func (ss *session) wantStreams() bool { return ss.accepting }

// abort closes the control connection, which ends whatever step waits on
// it; the session's own goroutine closes the streams on its way out.
func (ss *session) abort() { ss.closeOnce.Do(func() { _ = ss.ctrl.Close() }) }

func (ss *session) step() time.Time { return time.Now().Add(ss.srv.StepTimeout) }

func (ss *session) sendError(ie int32, errno int32) {
	var b [9]byte
	st := ServerError
	b[0] = byte(st)
	binary.BigEndian.PutUint32(b[1:], uint32(ie))
	binary.BigEndian.PutUint32(b[5:], uint32(errno))
	_ = ss.ctrl.SetWriteDeadline(ss.step())
	_, _ = ss.ctrl.Write(b[:])
}

func (ss *session) send(st State) error {
	_ = ss.ctrl.SetWriteDeadline(ss.step())
	return writeState(ss.ctrl, st)
}

func (ss *session) run(ctx context.Context) error {
	defer func() {
		// Free the server before the client sees the close, so its next
		// test is never refused as busy.
		ss.srv.mu.Lock()
		ss.srv.current = nil
		ss.srv.mu.Unlock()
		ss.abort()
		for _, st := range ss.streams {
			_ = st.conn.Close()
		}
	}()
	stop := context.AfterFunc(ctx, ss.abort)
	defer stop()
	peer := ss.ctrl.RemoteAddr().String()

	_ = ss.ctrl.SetReadDeadline(ss.step())
	if _, err := io.ReadFull(ss.ctrl, ss.cookie[:]); err != nil {
		return fmt.Errorf("reading cookie: %w", err)
	}
	if err := ss.send(ParamExchange); err != nil {
		return err
	}
	_ = ss.ctrl.SetReadDeadline(ss.step())
	body, err := readRaw(ss.ctrl)
	if err != nil {
		return fmt.Errorf("reading parameters: %w", err)
	}
	ss.params, err = ParseParams(body)
	if err != nil {
		// Errors iperf3 has a number for are sent with it; for the rest
		// (UDP, say) closing the connection is the only answer it knows.
		switch {
		case ss.params.Parallel > maxStreams:
			ss.sendError(ieNumStreams, 0)
		case ss.params.Len > maxBlockSize:
			ss.sendError(ieBlockSize, 0)
		case ss.params.Time > maxTime:
			ss.sendError(ieDuration, 0)
		}
		return fmt.Errorf("parameters: %w", err)
	}
	n := int(ss.params.Parallel)
	want := n
	if ss.params.Bidirectional {
		want = 2 * n
	}
	ss.srv.mu.Lock()
	ss.accepting = true
	ss.srv.mu.Unlock()
	if err := ss.send(CreateStreams); err != nil {
		return err
	}
	if err := ss.acceptStreams(want, n); err != nil {
		return err
	}
	if err := ss.send(TestStart); err != nil {
		return err
	}
	if err := ss.send(TestRunning); err != nil {
		return err
	}
	start := time.Now()
	for _, st := range ss.streams {
		go st.run(int(ss.params.Len))
	}
	sm := startSampler(ss.streams, start)
	// The client says when the test ends. Allow its duration and then as
	// long again as iperf3 does (duration + omit + 5 s, then a margin).
	limit := time.Duration(ss.params.Time+ss.params.Omit)*time.Second + 5*time.Second + ss.srv.StepTimeout
	if ss.params.Time == 0 {
		limit = 10 * time.Minute // byte- or block-count tests: bounded anyway
	}
	_ = ss.ctrl.SetReadDeadline(time.Now().Add(limit))
	st, err := readState(ss.ctrl)
	end := time.Now()
	totals := sm.finish(end)
	if err != nil {
		return fmt.Errorf("waiting for TEST_END: %w", err)
	}
	if st == ClientTerminate {
		return errors.New("client terminated the test")
	}
	if st != TestEnd {
		return fmt.Errorf("got %v, want TEST_END", st)
	}
	for _, s := range ss.streams {
		s.retransmits, s.rttNs, _ = tcpInfo(s.conn)
		_ = s.conn.Close()
	}
	for _, s := range ss.streams {
		<-s.done
	}
	if err := ss.send(ExchangeResults); err != nil {
		return err
	}
	_ = ss.ctrl.SetReadDeadline(ss.step())
	body, err = readRaw(ss.ctrl)
	if err != nil {
		return fmt.Errorf("reading client results: %w", err)
	}
	if _, err := ParseResults(body); err != nil {
		return fmt.Errorf("client results: %w", err)
	}
	elapsed := end.Sub(start).Seconds()
	_ = ss.ctrl.SetWriteDeadline(ss.step())
	if err := WriteMessage(ss.ctrl, ownResults(ss.streams, totals, elapsed)); err != nil {
		return fmt.Errorf("sending results: %w", err)
	}
	if err := ss.send(DisplayResults); err != nil {
		return err
	}
	_ = ss.ctrl.SetReadDeadline(ss.step())
	if st, err := readState(ss.ctrl); err == nil && st != IperfDone {
		return fmt.Errorf("got %v, want IPERF_DONE", st)
	}
	var recv, sent int64
	for i, s := range ss.streams {
		if s.sender {
			sent += totals[i]
		} else {
			recv += totals[i]
		}
	}
	ss.srv.logf("test from %s: %d stream(s), %.1f s, received %s, sent %s",
		peer, n, elapsed, units.FormatBits(float64(recv)*8/elapsed), units.FormatBits(float64(sent)*8/elapsed))
	return nil
}

// acceptStreams waits for the client's data connections, each opening with
// the session cookie. Of a bidirectional test's 2n streams the first n are
// the client's senders, so the server receives on them.
func (ss *session) acceptStreams(want, n int) error {
	defer func() {
		ss.srv.mu.Lock()
		ss.accepting = false
		ss.srv.mu.Unlock()
		// Refuse any connection that raced in after the last stream.
		for {
			select {
			case c := <-ss.streamConns:
				_ = writeState(c, AccessDenied)
				_ = c.Close()
			default:
				return
			}
		}
	}()
	deadline := time.NewTimer(ss.srv.StepTimeout)
	defer deadline.Stop()
	for len(ss.streams) < want {
		select {
		case c := <-ss.streamConns:
			var got [CookieSize]byte
			_ = c.SetReadDeadline(ss.step())
			if _, err := io.ReadFull(c, got[:]); err != nil || got != ss.cookie {
				_ = writeState(c, AccessDenied)
				_ = c.Close()
				continue
			}
			_ = c.SetReadDeadline(time.Time{})
			i := len(ss.streams)
			sender := ss.params.Reverse || (ss.params.Bidirectional && i >= n)
			ss.streams = append(ss.streams, newStream(streamID(i), c, sender))
		case <-deadline.C:
			return fmt.Errorf("only %d of %d data streams connected within %v", len(ss.streams), want, ss.srv.StepTimeout)
		}
	}
	return nil
}
