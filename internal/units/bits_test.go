package units

import "testing"

func TestBitsPerSecond(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{{"500 Mbit/s", 500e6}, {"1 Gbit/s", 1e9}, {"100 Mbps", 100e6}, {"64 kbit/s", 64e3}, {"10 bit/s", 10}} {
		got, err := Parse(tc.in, BitsPerSecond)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if _, err := Parse("500 MB/s", BitsPerSecond); err == nil {
		t.Error("bytes accepted as a network rate")
	}
	for v, want := range map[float64]string{941.52e6: "941.52 Mbit/s", 9.41e9: "9.41 Gbit/s", 2e3: "2.00 kbit/s", 12: "12 bit/s"} {
		if got := Format(v, BitsPerSecond); got != want {
			t.Errorf("Format(%v) = %q, want %q", v, got, want)
		}
	}
}
