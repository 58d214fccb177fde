// Package netperf measures network throughput and round-trip latency against
// a peer speaking the iperf3 protocol: an unmodified `iperf3 -s`, or another
// hwqual running `hwqual net serve`. It implements both sides of the TCP
// variant of that protocol.
//
// The wire protocol, as the iperf3 project implements it (esnet/iperf,
// src/iperf.h, src/iperf_api.c, src/iperf_client_api.c,
// src/iperf_server_api.c; facts only, the code here is our own):
//
//   - The client opens a control connection and sends a 37-byte cookie: 36
//     characters from "abcdefghijklmnopqrstuvwxyz234567" and a NUL.
//   - The server answers with one signed state byte at a time; a busy server
//     answers ACCESS_DENIED (-1) and closes.
//   - PARAM_EXCHANGE: the client sends the test parameters as JSON framed by
//     a 4-byte big-endian length.
//   - CREATE_STREAMS: the client opens one TCP connection per stream to the
//     same port, each starting with the same cookie. In bidirectional mode
//     the client's sending streams connect first.
//   - TEST_START then TEST_RUNNING: data flows (client to server, or server to
//     client with "reverse").
//   - The client ends the test by sending TEST_END; the server answers
//     EXCHANGE_RESULTS, the client sends its results JSON and reads the
//     server's, the server sends DISPLAY_RESULTS and the client closes with
//     IPERF_DONE.
//   - SERVER_ERROR (-2) is followed by two 4-byte big-endian integers: the
//     iperf error number and errno.
package netperf

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// State is one control-connection message: a single signed byte.
type State int8

// Control states, as numbered in iperf3's src/iperf.h.
const (
	TestStart       State = 1
	TestRunning     State = 2
	TestEnd         State = 4
	ParamExchange   State = 9
	CreateStreams   State = 10
	ServerTerminate State = 11
	ClientTerminate State = 12
	ExchangeResults State = 13
	DisplayResults  State = 14
	IperfStart      State = 15
	IperfDone       State = 16
	AccessDenied    State = -1
	ServerError     State = -2
)

var stateNames = map[State]string{
	TestStart: "TEST_START", TestRunning: "TEST_RUNNING", TestEnd: "TEST_END",
	ParamExchange: "PARAM_EXCHANGE", CreateStreams: "CREATE_STREAMS",
	ServerTerminate: "SERVER_TERMINATE", ClientTerminate: "CLIENT_TERMINATE",
	ExchangeResults: "EXCHANGE_RESULTS", DisplayResults: "DISPLAY_RESULTS",
	IperfStart: "IPERF_START", IperfDone: "IPERF_DONE",
	AccessDenied: "ACCESS_DENIED", ServerError: "SERVER_ERROR",
}

func (s State) String() string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return fmt.Sprintf("unknown state %d", int8(s))
}

// CookieSize is the length of the session cookie including its NUL.
const CookieSize = 37

// cookieAlphabet is iperf3's make_cookie alphabet (src/iperf_util.c).
const cookieAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// DefaultPort is iperf3's default server port.
const DefaultPort = 5201

// DefaultBlockSize is iperf3's default TCP write size (128 KiB).
const DefaultBlockSize = 128 * 1024

// maxMessageBytes bounds a JSON message we accept: iperf3's own messages are
// a few kilobytes, and a peer that announces more is not one we trust.
const maxMessageBytes = 1 << 20

// NewCookie returns a fresh session cookie.
func NewCookie() ([CookieSize]byte, error) {
	var c [CookieSize]byte
	var r [CookieSize - 1]byte
	if _, err := rand.Read(r[:]); err != nil {
		return c, fmt.Errorf("cookie: %w", err)
	}
	for i, b := range r {
		c[i] = cookieAlphabet[int(b)%len(cookieAlphabet)]
	}
	return c, nil
}

// writeState sends one state byte.
func writeState(w io.Writer, s State) error {
	_, err := w.Write([]byte{byte(s)})
	return err
}

// readState reads one state byte.
func readState(r io.Reader) (State, error) {
	var b [1]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, err
	}
	return State(int8(b[0])), nil
}

// WriteMessage sends v as iperf3 JSON: a 4-byte big-endian length, then the
// JSON text.
func WriteMessage(w io.Writer, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode message: %w", err)
	}
	buf := make([]byte, 4+len(body))
	binary.BigEndian.PutUint32(buf, uint32(len(body)))
	copy(buf[4:], body)
	_, err = w.Write(buf)
	return err
}

// ErrMessageTooLarge is returned for a length prefix above 1 MiB.
var ErrMessageTooLarge = errors.New("message larger than 1 MiB")

// ReadMessage reads one length-prefixed JSON message into v.
func ReadMessage(r io.Reader, v any) error {
	body, err := readRaw(r)
	if err != nil {
		return err
	}
	return decodeJSON(body, v)
}

func decodeJSON(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("decode message: %w", err)
	}
	return nil
}

// Params are the test parameters the client sends at PARAM_EXCHANGE, with
// iperf3's JSON keys (send_parameters in src/iperf_api.c). Only the TCP
// subset hwqual uses is modelled; unknown keys from a stock client are
// ignored when hwqual is the server.
type Params struct {
	TCP           bool   `json:"tcp,omitempty"`
	UDP           bool   `json:"udp,omitempty"`
	Omit          Int    `json:"omit"`
	Time          Int    `json:"time"`
	Num           Int    `json:"num"`
	BlockCount    Int    `json:"blockcount"`
	Parallel      Int    `json:"parallel"`
	Reverse       bool   `json:"reverse,omitempty"`
	Bidirectional bool   `json:"bidirectional,omitempty"`
	Len           Int    `json:"len"`
	Bandwidth     Int    `json:"bandwidth,omitempty"`
	PacingTimer   Int    `json:"pacing_timer,omitempty"`
	ClientVersion string `json:"client_version,omitempty"`
}

// maxStreams bounds the parallel streams hwqual's server accepts (iperf3's
// own limit is 128).
const maxStreams = 128

// maxBlockSize bounds a TCP write size hwqual's server accepts (iperf3's
// MAX_BLOCKSIZE is 1 MiB).
const maxBlockSize = 1 << 20

// maxTime is iperf3's MAX_TIME: a test lasts at most a day.
const maxTime = 86400

// ParseParams decodes and checks a PARAM_EXCHANGE message body.
func ParseParams(body []byte) (Params, error) {
	var p Params
	if err := decodeJSON(body, &p); err != nil {
		return p, err
	}
	return p, p.validate()
}

func (p Params) validate() error {
	switch {
	case p.UDP || !p.TCP:
		return errors.New("only TCP tests are supported")
	case p.Parallel < 1 || p.Parallel > maxStreams:
		return fmt.Errorf("parallel %d out of range 1..%d", p.Parallel, maxStreams)
	case p.Len < 1 || p.Len > maxBlockSize:
		return fmt.Errorf("block length %d out of range 1..%d", p.Len, maxBlockSize)
	case p.Time < 0 || p.Time > maxTime:
		return fmt.Errorf("time %d out of range 0..%d", p.Time, maxTime)
	case p.Time == 0 && p.Num <= 0 && p.BlockCount <= 0:
		return errors.New("neither a time, a byte count nor a block count")
	case p.Reverse && p.Bidirectional:
		return errors.New("reverse and bidirectional together")
	}
	return nil
}

// Results is what each side sends at EXCHANGE_RESULTS (send_results and
// get_results in src/iperf_api.c). iperf3 rejects a message without the
// three cpu_util keys, sender_has_retransmits, or a stream's id, bytes,
// retransmits, jitter, errors and packets, so they are never omitted.
type Results struct {
	CPUUtilTotal         float64         `json:"cpu_util_total"`
	CPUUtilUser          float64         `json:"cpu_util_user"`
	CPUUtilSystem        float64         `json:"cpu_util_system"`
	SenderHasRetransmits Int             `json:"sender_has_retransmits"`
	CongestionUsed       string          `json:"congestion_used,omitempty"`
	Streams              []StreamResults `json:"streams"`
}

// StreamResults is one stream's totals as seen by one side.
type StreamResults struct {
	ID             Int     `json:"id"`
	Bytes          Int     `json:"bytes"`
	Retransmits    Int     `json:"retransmits"`
	Jitter         float64 `json:"jitter"`
	Errors         Int     `json:"errors"`
	OmittedErrors  Int     `json:"omitted_errors"`
	Packets        Int     `json:"packets"`
	OmittedPackets Int     `json:"omitted_packets"`
	StartTime      float64 `json:"start_time"`
	EndTime        float64 `json:"end_time"`
}

// ParseResults decodes and checks an EXCHANGE_RESULTS message body.
func ParseResults(body []byte) (Results, error) {
	var r Results
	if err := decodeJSON(body, &r); err != nil {
		return r, err
	}
	if len(r.Streams) > 2*maxStreams {
		return r, fmt.Errorf("%d streams in results, at most %d", len(r.Streams), 2*maxStreams)
	}
	for _, s := range r.Streams {
		if s.Bytes < 0 {
			return r, fmt.Errorf("stream %d: negative byte count %d", s.ID, s.Bytes)
		}
		if s.EndTime < s.StartTime {
			return r, fmt.Errorf("stream %d: end_time %g before start_time %g", s.ID, s.EndTime, s.StartTime)
		}
	}
	return r, nil
}

// readRaw reads one length-prefixed message body without decoding it.
func readRaw(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxMessageBytes {
		return nil, fmt.Errorf("%w (%d bytes)", ErrMessageTooLarge, n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// streamID returns the id iperf3 gives the i-th stream (0-based) of a test:
// iperf_add_stream numbers the first stream 1 and the n-th (n ≥ 2) n+1, so
// ids run 1, 3, 4, 5, … Both sides number alike, and results are matched
// by id, so hwqual must reproduce the gap.
func streamID(i int) int {
	if i == 0 {
		return 1
	}
	return i + 2
}

// Int is an integer as iperf3 writes it in JSON. iperf3 3.12 prints -1
// (e.g. "retransmits": -1 for "unknown") from an unsigned 64-bit field, so
// it arrives as 18446744073709551615; decoding wraps such values back to
// their two's-complement meaning, and accepts a fractional number too.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	t := string(b)
	if t == "null" {
		return nil
	}
	if v, err := strconv.ParseInt(t, 10, 64); err == nil {
		*n = Int(v)
		return nil
	}
	if v, err := strconv.ParseUint(t, 10, 64); err == nil {
		*n = Int(int64(v))
		return nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || f > math.MaxInt64 || f < math.MinInt64 {
		return fmt.Errorf("%q is not an integer", t)
	}
	*n = Int(int64(f))
	return nil
}
