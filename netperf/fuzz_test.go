package netperf

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func FuzzParseParams(f *testing.F) {
	f.Add([]byte(`{"tcp":true,"omit":0,"time":10,"num":0,"blockcount":0,"parallel":1,"len":131072,"pacing_timer":1000,"client_version":"3.12"}`))
	f.Add([]byte(`{"tcp":true,"time":2,"parallel":2,"reverse":true,"len":131072}`))
	f.Add([]byte(`{"udp":true,"time":1,"parallel":1,"len":1460,"bandwidth":1048576}`))
	f.Add([]byte(`{"tcp":true,"time":18446744073709551615,"parallel":1,"len":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := ParseParams(body)
		if err != nil {
			return
		}
		if p.Parallel < 1 || p.Parallel > maxStreams || p.Len < 1 || p.Len > maxBlockSize || !p.TCP {
			t.Fatalf("accepted out-of-range parameters %+v", p)
		}
	})
}

func FuzzParseResults(f *testing.F) {
	f.Add([]byte(`{"cpu_util_total":1.5,"cpu_util_user":0.5,"cpu_util_system":1,"sender_has_retransmits":18446744073709551615,"congestion_used":"cubic","streams":[{"id":1,"bytes":884339816,"retransmits":18446744073709551615,"jitter":0,"errors":0,"omitted_errors":0,"packets":0,"omitted_packets":0,"start_time":0,"end_time":2.000318}]}`))
	f.Add([]byte(`{"streams":[{"id":3,"bytes":-1}]}`))
	f.Add([]byte(`{"streams":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := ParseResults(body)
		if err != nil {
			return
		}
		for _, s := range r.Streams {
			if s.Bytes < 0 || s.EndTime < s.StartTime {
				t.Fatalf("accepted bad stream %+v", s)
			}
		}
	})
}

// FuzzReadMessage feeds arbitrary bytes to the framing layer: it must never
// allocate more than the 1 MiB bound or panic.
func FuzzReadMessage(f *testing.F) {
	var b bytes.Buffer
	_ = WriteMessage(&b, Results{Streams: []StreamResults{{ID: 1, Bytes: 10}}})
	f.Add(b.Bytes())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0, 0, 0, 2, '{', '}'})
	f.Fuzz(func(t *testing.T, data []byte) {
		body, err := readRaw(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(data) < 4 || int(binary.BigEndian.Uint32(data)) != len(body) || len(body) > maxMessageBytes {
			t.Fatalf("framing returned %d bytes from %d", len(body), len(data))
		}
	})
}

func TestIntDecodesIperf3Unsigned(t *testing.T) {
	r, err := ParseResults([]byte(`{"sender_has_retransmits":18446744073709551615,"streams":[{"id":1,"bytes":5,"retransmits":18446744073709551615,"end_time":1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.SenderHasRetransmits != -1 || r.Streams[0].Retransmits != -1 {
		t.Fatalf("got %+v, want -1 for iperf3's unsigned -1", r)
	}
}
