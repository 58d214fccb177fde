package units

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr bool
		unknown bool
	}{
		{in: "950 MiB/s", want: 950 * mib},
		{in: "637.62 KiB/s", want: 637.62 * kib},
		{in: "11.4925 GiB/s", want: 11.4925 * gib},
		{in: "1800 MB/s", want: 1.8e9},
		{in: "783.27 MiBs", want: 783.27 * mib},
		{in: "1 B/s", want: 1},
		{in: "950MiB/s", wantErr: true},
		{in: "fast MiB/s", wantErr: true},
		{in: "NaN MiB/s", wantErr: true},
		{in: "1e308 GiB/s", wantErr: true}, // finite number, infinite product
		{in: "950 furlongs/s", wantErr: true, unknown: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, BytesPerSecond)
		if tt.wantErr {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want error", tt.in, got)
			}
			if tt.unknown != errors.Is(err, ErrUnknownUnit) {
				t.Errorf("Parse(%q) error %v: unknown-unit = %v, want %v", tt.in, err, !tt.unknown, tt.unknown)
			}
			continue
		}
		if err != nil || math.Abs(got-tt.want) > 1e-6*tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// The strings are the ones in Substrate's published table for a 7950X.
func TestFormatThroughputMatchesSubstrate(t *testing.T) {
	tests := []struct {
		bps  float64
		want string
	}{
		{1.65 * gib, "1.65 GiBs"},
		{832.82 * kib, "832.82 KiBs"},
		{16.99 * gib, "16.99 GiBs"},
		{950 * mib, "950.00 MiBs"},
		{885.35 * mib, "885.35 MiBs"},
		{1023 * mib, "1023.00 MiBs"},
		{1024 * mib, "1.00 GiBs"},
		{512, "512.00 Bs"},
	}
	for _, tt := range tests {
		if got := FormatThroughput(tt.bps); got != tt.want {
			t.Errorf("FormatThroughput(%v) = %q, want %q", tt.bps, got, tt.want)
		}
	}
}
