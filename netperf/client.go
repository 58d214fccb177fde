package netperf

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"strconv"
	"syscall"
	"time"

	"github.com/hwqual/hwqual/internal/diskstat"
)

// Mode is the direction of a test, seen from the client.
type Mode string

// Test directions.
const (
	// Upload: the client sends, the peer receives.
	Upload Mode = "upload"
	// Download: the peer sends, the client receives (iperf3 --reverse).
	Download Mode = "download"
	// Bidirectional: both at once on separate streams (iperf3 --bidir).
	Bidirectional Mode = "bidirectional"
)

// Options configure one client test.
type Options struct {
	// Peer is HOST or HOST:PORT (port 5201 when omitted).
	Peer string
	// Duration of the data transfer; whole seconds, as iperf3 counts them.
	Duration time.Duration
	// Streams is the number of parallel TCP streams per direction.
	Streams int
	// Mode is the direction.
	Mode Mode
	// BlockSize is the size of each write; 0 means iperf3's 128 KiB.
	BlockSize int
	// StepTimeout bounds every protocol step that is not the transfer
	// itself (connect, each answer from the peer); 0 means 5 s.
	StepTimeout time.Duration
	// Pings is how many TCP connects time the round trip after the
	// transfer; 0 means DefaultPings, negative means none.
	Pings int
}

// Result is one test's measurements. Throughput is counted by the receiving
// side of each direction, as iperf3's "receiver" line.
type Result struct {
	Peer     string  `json:"peer"`
	Mode     Mode    `json:"mode"`
	Streams  int     `json:"streams"`
	Seconds  float64 `json:"seconds"`
	Upload   *Flow   `json:"upload,omitempty"`
	Download *Flow   `json:"download,omitempty"`
	// Latency is the connect round trip, from timed TCP connects to the
	// peer's port after the transfer (see latencyMethod).
	Latency *diskstat.Latency `json:"latency,omitempty"`
	// LatencyMethod says how Latency was measured.
	LatencyMethod string `json:"latency_method,omitempty"`
	// LatencyError says why Latency is missing.
	LatencyError string `json:"latency_error,omitempty"`
	// ConnectNs are the timed connects behind Latency, in the order
	// taken (not in the JSON document, which carries the summary).
	ConnectNs []int64 `json:"-"`
}

// Flow is one direction's throughput.
type Flow struct {
	// BitsPerSecond is the receiver's bytes×8 over the receiver's time.
	BitsPerSecond float64 `json:"bits_per_second"`
	// SenderBitsPerSecond is the sender's count over the same time.
	SenderBitsPerSecond float64 `json:"sender_bits_per_second"`
	BytesReceived       int64   `json:"bytes_received"`
	BytesSent           int64   `json:"bytes_sent"`
	// Retransmits is the sender's TCP retransmission count (TCP_INFO); -1
	// when the sending kernel does not report it.
	Retransmits int64 `json:"retransmits"`
	// RTTUnderLoadNs is the largest smoothed RTT the kernel held for this
	// side's streams at the end of the transfer (TCP_INFO, -1 if unknown):
	// queueing delay under load, unlike Result.Latency.
	RTTUnderLoadNs int64 `json:"rtt_under_load_ns"`
	// Intervals are the per-second sums over all streams, measured on this
	// host (sender side for upload, receiver side for download).
	Intervals []Interval     `json:"intervals"`
	Streams   []StreamResult `json:"streams"`
}

// StreamResult is one TCP stream's share of a flow.
type StreamResult struct {
	ID            int        `json:"id"`
	BytesReceived int64      `json:"bytes_received"`
	BytesSent     int64      `json:"bytes_sent"`
	BitsPerSecond float64    `json:"bits_per_second"`
	Retransmits   int64      `json:"retransmits"`
	Intervals     []Interval `json:"intervals"`
}

const latencyMethod = "timed TCP connects (SYN to SYN-ACK) to the peer's iperf3 port right after the transfer, to the address the test used (resolved once); the busy peer refuses each with ACCESS_DENIED, so no test is disturbed"

// SplitPeer returns host:port for HOST[:PORT], defaulting the port to 5201.
func SplitPeer(peer string) (string, error) {
	if peer == "" {
		return "", errors.New("empty peer address")
	}
	host, port, err := net.SplitHostPort(peer)
	if err != nil {
		// No port: a bare host or IPv6 literal.
		return net.JoinHostPort(trimBrackets(peer), strconv.Itoa(DefaultPort)), nil
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p > 65535 {
		return "", fmt.Errorf("port %q is not a number in 1..65535", port)
	}
	if host == "" {
		return "", fmt.Errorf("peer %q has no host", peer)
	}
	return net.JoinHostPort(host, port), nil
}

func trimBrackets(h string) string {
	if len(h) > 1 && h[0] == '[' && h[len(h)-1] == ']' {
		return h[1 : len(h)-1]
	}
	return h
}

// Run performs one test against the peer. Every failure is a *PeerError.
func Run(ctx context.Context, opt Options) (*Result, error) {
	addr, err := SplitPeer(opt.Peer)
	if err != nil {
		return nil, fmt.Errorf("--peer %q: %w", opt.Peer, err)
	}
	c := &client{opt: opt, addr: addr}
	c.defaults()
	res, err := c.run(ctx)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, ErrBusy) {
			err = ctx.Err()
		}
		return nil, &PeerError{Peer: addr, Err: err}
	}
	return res, nil
}

type client struct {
	opt  Options
	addr string
	// ip is the address the control connection reached: the peer's name
	// is resolved once, and every later connection (streams, timed
	// connects) goes to the same address with no lookup in between.
	ip      string
	ctrl    net.Conn
	cookie  [CookieSize]byte
	streams []*stream
}

func (c *client) defaults() {
	if c.opt.Duration <= 0 {
		c.opt.Duration = 10 * time.Second
	}
	if c.opt.Streams <= 0 {
		c.opt.Streams = 1
	}
	if c.opt.Mode == "" {
		c.opt.Mode = Upload
	}
	if c.opt.BlockSize <= 0 {
		c.opt.BlockSize = DefaultBlockSize
	}
	if c.opt.StepTimeout <= 0 {
		c.opt.StepTimeout = 5 * time.Second
	}
	if c.opt.Pings == 0 {
		c.opt.Pings = DefaultPings
	}
}

func (c *client) dial(ctx context.Context) (net.Conn, error) {
	d := net.Dialer{Timeout: c.opt.StepTimeout}
	target := c.addr
	if c.ip != "" {
		target = c.ip
	}
	conn, err := d.DialContext(ctx, "tcp", target)
	if err != nil {
		return nil, classifyDial(err)
	}
	if c.ip == "" {
		c.ip = conn.RemoteAddr().String()
	}
	return conn, nil
}

// expect reads the next state within the step deadline and checks it.
func (c *client) expect(want State, wait time.Duration, phase string) error {
	_ = c.ctrl.SetReadDeadline(time.Now().Add(wait))
	st, err := readState(c.ctrl)
	if err != nil {
		switch {
		case isTimeout(err) && phase == "handshake":
			return fmt.Errorf("%w: accepted the connection but sent nothing within %v", ErrNotIperf, wait)
		case isTimeout(err):
			return fmt.Errorf("%w: no %v from the peer within %v (%s)", ErrProtocol, want, wait, phase)
		case errors.Is(err, syscall.ECONNRESET) && phase == "handshake":
			return fmt.Errorf("%w", ErrReset)
		case errors.Is(err, io.EOF) && phase == "handshake":
			return fmt.Errorf("%w: it closed the connection without a word", ErrNotIperf)
		}
		return fmt.Errorf("%w: reading control connection (%s): %v", ErrProtocol, phase, err)
	}
	switch st {
	case want:
		return nil
	case AccessDenied:
		return ErrBusy
	case ServerError:
		return c.serverError()
	case ServerTerminate:
		return fmt.Errorf("%w: the server terminated the test", ErrServer)
	}
	if phase == "handshake" && !knownState(st) {
		return fmt.Errorf("%w: answered byte 0x%02x, which is no iperf3 state", ErrNotIperf, byte(st))
	}
	return fmt.Errorf("%w: got %v, want %v (%s)", ErrProtocol, st, want, phase)
}

func knownState(s State) bool { _, ok := stateNames[s]; return ok }

func (c *client) serverError() error {
	var b [8]byte
	_ = c.ctrl.SetReadDeadline(time.Now().Add(c.opt.StepTimeout))
	if _, err := io.ReadFull(c.ctrl, b[:]); err != nil {
		return fmt.Errorf("%w (details unreadable: %v)", ErrServer, err)
	}
	ie := int32(binary.BigEndian.Uint32(b[:4]))
	en := int32(binary.BigEndian.Uint32(b[4:]))
	return fmt.Errorf("%w: iperf3 error %d, errno %d", ErrServer, ie, en)
}

func (c *client) run(ctx context.Context) (*Result, error) {
	// Closing every connection when ctx ends unblocks whatever step is
	// waiting; deadlines bound the steps otherwise.
	stopWatch := context.AfterFunc(ctx, c.closeAll)
	defer stopWatch()
	defer c.closeAll()

	var err error
	if c.cookie, err = NewCookie(); err != nil {
		return nil, err
	}
	if c.ctrl, err = c.dial(ctx); err != nil {
		return nil, err
	}
	_ = c.ctrl.SetWriteDeadline(time.Now().Add(c.opt.StepTimeout))
	if _, err := c.ctrl.Write(c.cookie[:]); err != nil {
		return nil, fmt.Errorf("%w: sending cookie: %v", ErrNotIperf, err)
	}
	if err := c.expect(ParamExchange, c.opt.StepTimeout, "handshake"); err != nil {
		return nil, err
	}
	secs := int(math.Ceil(c.opt.Duration.Seconds()))
	p := Params{TCP: true, Time: Int(secs), Parallel: Int(c.opt.Streams), Len: Int(c.opt.BlockSize),
		PacingTimer: 1000, ClientVersion: "hwqual",
		Reverse: c.opt.Mode == Download, Bidirectional: c.opt.Mode == Bidirectional}
	if err := WriteMessage(c.ctrl, p); err != nil {
		return nil, fmt.Errorf("%w: sending parameters: %v", ErrProtocol, err)
	}
	if err := c.expect(CreateStreams, c.opt.StepTimeout, "parameter exchange"); err != nil {
		return nil, err
	}
	if err := c.createStreams(ctx); err != nil {
		return nil, err
	}
	if err := c.expect(TestStart, c.opt.StepTimeout, "stream set-up"); err != nil {
		return nil, err
	}
	if err := c.expect(TestRunning, c.opt.StepTimeout, "test start"); err != nil {
		return nil, err
	}

	start := time.Now()
	for _, s := range c.streams {
		go s.run(c.opt.BlockSize)
	}
	sm := startSampler(c.streams, start)
	// The control connection must stay quiet during the test; anything the
	// server says now (an error, a termination) ends it early. The same
	// read, given a deadline after TEST_END, delivers EXCHANGE_RESULTS.
	ctrlMsg := make(chan ctrlEvent, 1)
	go func() {
		_ = c.ctrl.SetReadDeadline(time.Time{})
		st, err := readState(c.ctrl)
		ctrlMsg <- ctrlEvent{st, err}
	}()
	timer := time.NewTimer(time.Duration(secs) * time.Second)
	defer timer.Stop()
	select {
	case <-timer.C:
	case ev := <-ctrlMsg:
		sm.finish(time.Now())
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, c.unexpected(ev, "during the test")
	case <-ctx.Done():
		sm.finish(time.Now())
		return nil, ctx.Err()
	}
	end := time.Now()
	totals := sm.finish(end)
	elapsed := end.Sub(start).Seconds()
	// Read TCP_INFO before the sender stops, while the numbers are live.
	for _, s := range c.streams {
		s.retransmits, s.rttNs, _ = tcpInfo(s.conn)
	}
	_ = c.ctrl.SetWriteDeadline(time.Now().Add(c.opt.StepTimeout))
	if err := writeState(c.ctrl, TestEnd); err != nil {
		return nil, fmt.Errorf("%w: sending TEST_END: %v", ErrProtocol, err)
	}
	// Our sending streams stop now; receiving streams keep draining until
	// the server closes them, so its writes never block (iperf3 does the
	// same).
	for _, s := range c.streams {
		if s.sender {
			_ = s.conn.Close()
		}
	}
	_ = c.ctrl.SetReadDeadline(time.Now().Add(c.opt.StepTimeout))
	if ev := <-ctrlMsg; ev.err != nil || ev.st != ExchangeResults {
		return nil, c.unexpected(ev, "after TEST_END")
	}
	mine := ownResults(c.streams, totals, elapsed)
	_ = c.ctrl.SetWriteDeadline(time.Now().Add(c.opt.StepTimeout))
	if err := WriteMessage(c.ctrl, mine); err != nil {
		return nil, fmt.Errorf("%w: sending results: %v", ErrProtocol, err)
	}
	_ = c.ctrl.SetReadDeadline(time.Now().Add(c.opt.StepTimeout))
	body, err := readRaw(c.ctrl)
	if err != nil {
		return nil, fmt.Errorf("%w: reading the server's results: %v", ErrProtocol, err)
	}
	theirs, err := ParseResults(body)
	if err != nil {
		return nil, fmt.Errorf("%w: server results: %v", ErrProtocol, err)
	}
	if err := c.expect(DisplayResults, c.opt.StepTimeout, "results"); err != nil {
		return nil, err
	}
	res := c.result(totals, elapsed, theirs)
	// The server is still busy with us until IPERF_DONE: connects now are
	// answered ACCESS_DENIED by the kernel and server alike, and time the
	// round trip on an idle path.
	if c.opt.Pings > 0 {
		lat, times, err := pingConnects(ctx, c.ip, c.opt.Pings, c.opt.StepTimeout)
		switch {
		case err != nil:
			res.LatencyError = err.Error()
		case len(times) < min(MinPings, c.opt.Pings):
			res.LatencyError = fmt.Sprintf("only %d timed connects answered within %v (a p99 needs %d)", len(times), pingBudget, MinPings)
		default:
			res.Latency, res.LatencyMethod, res.ConnectNs = lat, latencyMethod, times
		}
	}
	for _, s := range c.streams {
		_ = s.conn.Close()
	}
	_ = c.ctrl.SetWriteDeadline(time.Now().Add(c.opt.StepTimeout))
	_ = writeState(c.ctrl, IperfDone)
	// Wait (briefly) for the server to close its side, so a test started
	// right after this one finds it free rather than busy.
	_ = c.ctrl.SetReadDeadline(time.Now().Add(time.Second))
	_, _ = io.Copy(io.Discard, c.ctrl)
	return res, nil
}

type ctrlEvent struct {
	st  State
	err error
}

// unexpected explains a control message (or read failure) that came when
// the client expected something else.
func (c *client) unexpected(ev ctrlEvent, when string) error {
	switch {
	case ev.err != nil && isTimeout(ev.err):
		return fmt.Errorf("%w: no answer from the peer %s within %v", ErrProtocol, when, c.opt.StepTimeout)
	case ev.err != nil:
		return fmt.Errorf("%w: control connection %s: %v", ErrProtocol, when, ev.err)
	case ev.st == ServerError:
		return c.serverError()
	case ev.st == ServerTerminate:
		return fmt.Errorf("%w: the server terminated the test", ErrServer)
	}
	return fmt.Errorf("%w: peer sent %v %s", ErrProtocol, ev.st, when)
}

func (c *client) createStreams(ctx context.Context) error {
	n := c.opt.Streams
	var senders []bool
	switch c.opt.Mode {
	case Upload:
		senders = repeat(true, n)
	case Download:
		senders = repeat(false, n)
	case Bidirectional:
		// iperf3's client connects its sending streams first, and the
		// server takes the first ones as its receivers.
		senders = append(repeat(true, n), repeat(false, n)...)
	default:
		return fmt.Errorf("unknown mode %q", c.opt.Mode)
	}
	for i, snd := range senders {
		conn, err := c.dial(ctx)
		if err != nil {
			return fmt.Errorf("data stream %d: %w", i+1, err)
		}
		c.streams = append(c.streams, newStream(streamID(i), conn, snd))
		_ = conn.SetWriteDeadline(time.Now().Add(c.opt.StepTimeout))
		if _, err := conn.Write(c.cookie[:]); err != nil {
			return fmt.Errorf("%w: data stream %d cookie: %v", ErrProtocol, i+1, err)
		}
		_ = conn.SetWriteDeadline(time.Time{})
	}
	return nil
}

func repeat(v bool, n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func (c *client) closeAll() {
	if c.ctrl != nil {
		_ = c.ctrl.Close()
	}
	for _, s := range c.streams {
		_ = s.conn.Close()
	}
}

// ownResults is what this side reports at EXCHANGE_RESULTS.
func ownResults(streams []*stream, totals []int64, elapsed float64) Results {
	r := Results{SenderHasRetransmits: -1, Streams: []StreamResults{}}
	for i, s := range streams {
		sr := StreamResults{ID: Int(s.id), Bytes: Int(totals[i]), Retransmits: -1, EndTime: elapsed}
		if s.sender {
			sr.Retransmits = Int(max(s.retransmits, 0))
			if haveTCPInfo {
				r.SenderHasRetransmits = 1
			} else {
				r.SenderHasRetransmits = 0
			}
		}
		r.Streams = append(r.Streams, sr)
	}
	return r
}

// result combines this side's counts with the server's into flows.
func (c *client) result(totals []int64, elapsed float64, theirs Results) *Result {
	peer := map[int]StreamResults{}
	for _, s := range theirs.Streams {
		peer[int(s.ID)] = s
	}
	res := &Result{Peer: c.addr, Mode: c.opt.Mode, Streams: c.opt.Streams, Seconds: elapsed}
	var up, down *Flow
	for i, s := range c.streams {
		ps, seen := peer[s.id]
		peerTime := elapsed
		if seen && ps.EndTime-ps.StartTime > 0 {
			peerTime = ps.EndTime - ps.StartTime
		}
		sr := StreamResult{ID: s.id, Intervals: s.intervals, Retransmits: -1}
		var f **Flow
		var recvBytes int64
		var recvTime float64
		if s.sender {
			f = &up
			sr.BytesSent, sr.BytesReceived, sr.Retransmits = totals[i], int64(ps.Bytes), s.retransmits
			recvBytes, recvTime = int64(ps.Bytes), peerTime
		} else {
			f = &down
			sr.BytesSent, sr.BytesReceived = int64(ps.Bytes), totals[i]
			if seen && theirs.SenderHasRetransmits == 1 {
				sr.Retransmits = int64(ps.Retransmits)
			}
			recvBytes, recvTime = totals[i], elapsed
		}
		if recvTime > 0 {
			sr.BitsPerSecond = float64(recvBytes) * 8 / recvTime
		}
		if *f == nil {
			*f = &Flow{Retransmits: 0, RTTUnderLoadNs: -1}
		}
		fl := *f
		fl.Streams = append(fl.Streams, sr)
		fl.BytesSent += sr.BytesSent
		fl.BytesReceived += sr.BytesReceived
		fl.BitsPerSecond += sr.BitsPerSecond
		if elapsed > 0 {
			fl.SenderBitsPerSecond += float64(sr.BytesSent) * 8 / elapsed
		}
		if sr.Retransmits < 0 || fl.Retransmits < 0 {
			fl.Retransmits = -1
		} else {
			fl.Retransmits += sr.Retransmits
		}
		fl.RTTUnderLoadNs = max(fl.RTTUnderLoadNs, s.rttNs)
		fl.Intervals = sumIntervals(fl.Intervals, s.intervals)
	}
	res.Upload, res.Download = up, down
	return res
}

// sumIntervals adds a stream's intervals into a flow's, period by period;
// every stream of a test is sampled at the same instants.
func sumIntervals(acc, add []Interval) []Interval {
	for i, iv := range add {
		if i >= len(acc) {
			acc = append(acc, Interval{Start: iv.Start, End: iv.End})
		}
		acc[i].Bytes += iv.Bytes
		if d := acc[i].End - acc[i].Start; d > 0 {
			acc[i].BitsPerSecond = float64(acc[i].Bytes) * 8 / d
		}
	}
	return acc
}
