package netperf

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// stream is one TCP data connection of a test, sending or receiving.
type stream struct {
	id     int
	conn   net.Conn
	sender bool
	bytes  atomic.Int64
	done   chan struct{}

	// intervals are the bytes moved in each second of the test, filled in
	// by the sampler; the last one may be shorter than a second.
	intervals []Interval
	// retransmits and rttNs come from TCP_INFO when the stream ends (-1 when
	// the kernel does not say).
	retransmits int64
	rttNs       int64
}

// Interval is one sampling period of one stream or of a direction's sum.
type Interval struct {
	// Start and End are seconds since the test started.
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Bytes int64   `json:"bytes"`
	// BitsPerSecond is Bytes×8 over the interval's length.
	BitsPerSecond float64 `json:"bits_per_second"`
}

func newStream(id int, conn net.Conn, sender bool) *stream {
	// iperf3 leaves Nagle's algorithm on unless asked (-N); Go turns it
	// off on every TCP connection. Match iperf3 so both measure the same
	// socket behaviour.
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(false)
	}
	return &stream{id: id, conn: conn, sender: sender, done: make(chan struct{}), retransmits: -1, rttNs: -1}
}

// run moves data until the connection is closed or fails; it returns when
// done. Senders write blockSize blocks of a fixed pattern; receivers read
// and count.
func (s *stream) run(blockSize int) {
	defer close(s.done)
	buf := make([]byte, blockSize)
	if s.sender {
		for i := range buf {
			buf[i] = byte(i * 7)
		}
		for {
			n, err := s.conn.Write(buf)
			s.bytes.Add(int64(n))
			if err != nil {
				return
			}
		}
	}
	for {
		n, err := s.conn.Read(buf)
		s.bytes.Add(int64(n))
		if err != nil {
			return
		}
	}
}

// sampler records every stream's bytes once a second, so each test keeps
// its per-second throughput as raw samples.
type sampler struct {
	streams []*stream
	start   time.Time
	last    []int64
	lastAt  float64
	stop    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
}

func startSampler(streams []*stream, start time.Time) *sampler {
	sm := &sampler{streams: streams, start: start, last: make([]int64, len(streams)), stop: make(chan struct{})}
	sm.wg.Add(1)
	go func() {
		defer sm.wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-sm.stop:
				return
			case now := <-t.C:
				sm.sample(now)
			}
		}
	}()
	return sm
}

func (sm *sampler) sample(now time.Time) {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	at := now.Sub(sm.start).Seconds()
	dt := at - sm.lastAt
	if dt <= 0 {
		return
	}
	for i, s := range sm.streams {
		b := s.bytes.Load()
		d := b - sm.last[i]
		s.intervals = append(s.intervals, Interval{Start: sm.lastAt, End: at, Bytes: d, BitsPerSecond: float64(d) * 8 / dt})
		sm.last[i] = b
	}
	sm.lastAt = at
}

// finish stops the ticker and records the last, partial interval ending at
// end; it returns every stream's byte count at that moment. A partial
// interval under 100 ms is folded away rather than reported as a wild rate.
func (sm *sampler) finish(end time.Time) []int64 {
	close(sm.stop)
	sm.wg.Wait()
	totals := make([]int64, len(sm.streams))
	sm.mu.Lock()
	at := end.Sub(sm.start).Seconds()
	partial := at-sm.lastAt >= 0.1
	sm.mu.Unlock()
	if partial {
		sm.sample(end)
	}
	for i, s := range sm.streams {
		if partial {
			totals[i] = sm.last[i]
		} else {
			totals[i] = s.bytes.Load()
		}
	}
	return totals
}
