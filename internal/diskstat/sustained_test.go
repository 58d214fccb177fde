package diskstat

import (
	"testing"
	"time"
)

const interval = 250 * time.Millisecond

// timeline builds 250 ms points from throughputs in MB/s.
func timeline(mbps ...float64) []Point {
	tl := make([]Point, len(mbps))
	var written int64
	for i, v := range mbps {
		written += int64(v * 1e6 * interval.Seconds())
		tl[i] = Point{ElapsedNs: int64(i+1) * int64(interval), WrittenBytes: written, BytesPerSecond: v * 1e6}
	}
	return tl
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestFindCliff(t *testing.T) {
	tests := []struct {
		name   string
		tl     []Point
		wantAt int // index of the cliff point, -1 for none
	}{
		{"empty", nil, -1},
		{"flat", timeline(repeat(1800, 40)...), -1},
		// SLC burst at 7000 MB/s for 3 s, then 1500 MB/s for 5 s.
		{"slc-cliff", timeline(append(repeat(7000, 12), repeat(1500, 20)...)...), 12},
		// A 1 s dip (4 intervals) is a flush, not a cliff.
		{"short-dip", timeline(append(append(repeat(3000, 8), repeat(500, 4)...), repeat(3000, 8)...)...), -1},
		// Exactly 2 s below half the peak (8 intervals) is a cliff.
		{"exactly-hold", timeline(append(repeat(3000, 8), repeat(1000, 8)...)...), 8},
		// A drop the run ended before it lasted 2 s is not a cliff yet.
		{"ends-early", timeline(append(repeat(3000, 8), repeat(1000, 7)...)...), -1},
		// Exactly half the peak is not below it.
		{"at-half", timeline(append(repeat(3000, 4), repeat(1500, 20)...)...), -1},
		// A dip that recovers, then the real cliff later.
		{"dip-then-cliff", timeline(append(append(append(repeat(4000, 4), repeat(1000, 3)...), repeat(4000, 4)...), repeat(900, 12)...)...), 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FindCliff(tt.tl, CliffFraction, CliffHold)
			if tt.wantAt < 0 {
				if got != nil {
					t.Fatalf("cliff at %+v, want none", *got)
				}
				return
			}
			if got == nil {
				t.Fatalf("no cliff, want one at point %d", tt.wantAt)
			}
			if want := tt.tl[tt.wantAt]; got.ElapsedNs != want.ElapsedNs || got.WrittenBytes != want.WrittenBytes {
				t.Errorf("cliff at %+v, want %+v", *got, want)
			}
		})
	}
}

func TestSteadyStateAndPeak(t *testing.T) {
	tests := []struct {
		name       string
		tl         []Point
		peak, want float64
	}{
		{"empty", nil, 0, 0},
		{"one", timeline(1200), 1200e6, 1200e6},
		{"two", timeline(3000, 1000), 3000e6, 1000e6},
		// last third of 9 points: 1500, 1600, 1400 → median 1500
		{"slc", timeline(7000, 7000, 7000, 6900, 2000, 1800, 1500, 1600, 1400), 7000e6, 1500e6},
		// last third of 6 points: 10, 20 → mean of the middle two
		{"even", timeline(50, 50, 50, 50, 10, 20), 50e6, 15e6},
	}
	for _, tt := range tests {
		if got := Peak(tt.tl); got != tt.peak {
			t.Errorf("%s: peak %v, want %v", tt.name, got, tt.peak)
		}
		if got := SteadyState(tt.tl, nil); got != tt.want {
			t.Errorf("%s: steady %v, want %v", tt.name, got, tt.want)
		}
	}
}
