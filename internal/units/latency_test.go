package units

import "testing"

func TestParseLatencyAndIOPS(t *testing.T) {
	tests := []struct {
		in      string
		kind    Kind
		want    float64
		wantErr bool
	}{
		{in: "2 ms", kind: Nanoseconds, want: 2e6},
		{in: "500 µs", kind: Nanoseconds, want: 5e5},
		{in: "500 us", kind: Nanoseconds, want: 5e5},
		{in: "850 ns", kind: Nanoseconds, want: 850},
		{in: "2 MiB/s", kind: Nanoseconds, wantErr: true},
		{in: "20000 IOPS", kind: IOPS, want: 20000},
		{in: "45.5 kIOPS", kind: IOPS, want: 45500},
		{in: "2 ms", kind: IOPS, wantErr: true},
		{in: "950 MiB/s", kind: IOPS, wantErr: true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.kind)
		if tt.wantErr {
			if err == nil {
				t.Errorf("Parse(%q, %s) = %v, want error", tt.in, tt.kind, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q, %s) = %v, %v; want %v", tt.in, tt.kind, got, err, tt.want)
		}
	}
}

func TestFormatLatencyAndIOPS(t *testing.T) {
	tests := []struct {
		v    float64
		kind Kind
		want string
	}{
		{850, Nanoseconds, "850 ns"},
		{87_300, Nanoseconds, "87.3 µs"},
		{2e6, Nanoseconds, "2.00 ms"},
		{1.5e9, Nanoseconds, "1.50 s"},
		{812, IOPS, "812 IOPS"},
		{45_300, IOPS, "45.3 kIOPS"},
		{1.2e6, IOPS, "1.20 MIOPS"},
		{1.65 * gib, BytesPerSecond, "1.65 GiBs"},
	}
	for _, tt := range tests {
		if got := Format(tt.v, tt.kind); got != tt.want {
			t.Errorf("Format(%v, %s) = %q, want %q", tt.v, tt.kind, got, tt.want)
		}
	}
	if !LowerIsBetter(Nanoseconds) || LowerIsBetter(IOPS) || LowerIsBetter(BytesPerSecond) {
		t.Error("only latency is lower-is-better")
	}
}
