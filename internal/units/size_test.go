package units

import (
	"testing"
	"time"
)

func TestBytes(t *testing.T) {
	tests := []struct {
		b    float64
		want string
	}{
		{0, "0 B"},
		{512, "512 B"},
		{1023, "1023 B"},
		{1024, "1.00 KiB"},
		{64 << 20, "64.00 MiB"},
		{25_275_830_272, "23.54 GiB"}, // a 24 GiB VM less firmware reservations
		{4 * 2000398934016, "7.28 TiB"},
		{3 << 50, "3.00 PiB"},
		{5 << 60, "5120.00 PiB"}, // no unit past PiB
	}
	for _, tt := range tests {
		if got := Bytes(tt.b); got != tt.want {
			t.Errorf("Bytes(%v) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

func TestGiB(t *testing.T) {
	tests := []struct {
		b    float64
		want string
	}{
		{0, "0.0 GiB"},
		{1 << 30, "1.0 GiB"},
		{4.9 * gib, "4.9 GiB"},
		{64 << 20, "0.1 GiB"},
		{2048 * gib, "2048.0 GiB"},
	}
	for _, tt := range tests {
		if got := GiB(tt.b); got != tt.want {
			t.Errorf("GiB(%v) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

func TestDriveSize(t *testing.T) {
	tests := []struct {
		b    float64
		want string
	}{
		{4000787030016, "4.00 TB"}, // Samsung 990 PRO 4TB
		{1000204886016, "1.00 TB"},
		{8e12, "8.00 TB"},
		{256060514304, "256.1 GB"},
		{999.6e9, "999.6 GB"},
		{4 << 30, "4.3 GB"},
		{1e9, "1.0 GB"},
		{536870912, "537 MB"},
	}
	for _, tt := range tests {
		if got := DriveSize(tt.b); got != tt.want {
			t.Errorf("DriveSize(%v) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

func TestMBps(t *testing.T) {
	for bps, want := range map[float64]string{1800e6: "1800 MB/s", 7e9: "7000 MB/s", 300.4e6: "300 MB/s", 0: "0 MB/s"} {
		if got := MBps(bps); got != want {
			t.Errorf("MBps(%v) = %q, want %q", bps, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{40 * time.Second, "40 s"},
		{119 * time.Second, "119 s"},
		{2 * time.Minute, "2 min"},
		{12*time.Minute + 20*time.Second, "12 min"},
		{119 * time.Minute, "119 min"},
		{2 * time.Hour, "2.0 h"},
		{150 * time.Minute, "2.5 h"},
	}
	for _, tt := range tests {
		if got := Duration(tt.d); got != tt.want {
			t.Errorf("Duration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for p, want := range map[float64]string{12.5: "12.5 %", 0: "0.0 %", 100: "100.0 %", -3.25: "-3.2 %"} {
		if got := Percent(p); got != want {
			t.Errorf("Percent(%v) = %q, want %q", p, got, want)
		}
	}
}
