package diskstat

import (
	"encoding/json"
	"os"
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
		// 3 s slow (another process on the disk), then back to full speed
		// for 2 s or more: a slowdown, not a cliff.
		{"slowdown-recovers", timeline(append(append(repeat(3000, 8), repeat(800, 12)...), repeat(3000, 8)...)...), -1},
		// After the cliff, a 1 s burst (the drive freed some SLC) does not
		// undo it.
		{"cliff-with-burst", timeline(append(append(append(repeat(3000, 8), repeat(800, 12)...), repeat(3000, 4)...), repeat(800, 12)...)...), 8},
		// One lucky interval does not set the peak: 9000 once among 3000s,
		// then 2000 is not below half of the 3000 plateau.
		// A disk that starts slow (another process on it) and speeds up
		// has no cliff: a drop is measured against what came before it.
		{"slow-start", timeline(append(repeat(300, 12), repeat(1400, 20)...)...), -1},
		{"lucky-interval", timeline(append(append(repeat(3000, 4), 9000), repeat(2000, 20)...)...), -1},
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

func TestSteadyAfterCliff(t *testing.T) {
	// 4 s at 3000 MB/s, then 12 s at 600: the steady state is the median
	// after the cliff, not of the last third.
	tl := timeline(append(repeat(3000, 16), repeat(600, 48)...)...)
	cliff := FindCliff(tl, CliffFraction, CliffHold)
	if cliff == nil || cliff.ElapsedNs != tl[16].ElapsedNs {
		t.Fatalf("cliff %+v, want at point 16", cliff)
	}
	if got := SteadyState(tl, cliff); got != 600e6 {
		t.Errorf("steady %v, want 600 MB/s", got)
	}
	d, b := SteadySpan(tl, cliff)
	if d != 12*time.Second || b != 48*int64(600e6*interval.Seconds()) {
		t.Errorf("steady span %v / %d bytes, want 12 s / 7.2 GB", d, b)
	}
}

func TestSteadyEnough(t *testing.T) {
	tests := []struct {
		name   string
		before []float64
		after  []float64
		want   bool
	}{
		// 10 s after the cliff is ≥ 10 % of what was written and ≥ 8 s.
		{"share", repeat(3000, 8), repeat(600, 40), true},
		// 3 s after the cliff is under the 8 s floor.
		{"too-short", repeat(3000, 8), repeat(600, 12), false},
		// 9 s at 100 MB/s after 60 GB at 3000 MB/s: under 10 % and 30 s.
		{"small-share", repeat(3000, 80), repeat(100, 36), false},
		// 30 s after the cliff is enough whatever the share.
		{"thirty-seconds", repeat(3000, 400), repeat(100, 120), true},
	}
	for _, tt := range tests {
		tl := timeline(append(tt.before, tt.after...)...)
		cliff := FindCliff(tl, CliffFraction, CliffHold)
		if cliff == nil {
			t.Fatalf("%s: no cliff", tt.name)
		}
		if got := SteadyEnough(tl, cliff); got != tt.want {
			d, b := SteadySpan(tl, cliff)
			t.Errorf("%s: SteadyEnough = %v (%v, %d of %d bytes), want %v", tt.name, got, d, b, tl[len(tl)-1].WrittenBytes, tt.want)
		}
	}
	if SteadyEnough(timeline(repeat(1800, 400)...), nil) {
		t.Error("no cliff: SteadyEnough must be false")
	}
}

func withTemps(tl []Point, temps ...float64) []Point {
	for i := range tl {
		c := temps[min(i, len(temps)-1)]
		tl[i].TemperatureCelsius = &c
	}
	return tl
}

func TestCliffCause(t *testing.T) {
	drop := func() []Point { return timeline(append(repeat(3000, 40), repeat(900, 40)...)...) }
	hot := append(repeat(70, 38), repeat(83, 42)...) // reaches 83 °C just before the drop
	tests := []struct {
		name    string
		tl      []Point
		warning float64
		want    string
	}{
		{"no-sensor", drop(), 82, CauseCache},
		{"no-threshold", withTemps(drop(), hot...), 0, CauseCache},
		{"cool", withTemps(drop(), 60), 82, CauseCache},
		{"hot-at-drop", withTemps(drop(), hot...), 82, CauseThermal},
		// Hot only 15 s after the drop: the cache ran out first.
		{"hot-later", withTemps(drop(), append(repeat(70, 70), repeat(83, 10)...)...), 82, CauseCache},
	}
	for _, tt := range tests {
		cliff := FindCliff(tt.tl, CliffFraction, CliffHold)
		if got := CliffCause(tt.tl, cliff, tt.warning); got != tt.want {
			t.Errorf("%s: cause %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRecordedThermalTrace replays a sustained write recorded on this
// project's VM by TestSustainedWriteThermalThrottle (go test ./bench -run
// Thermal -record-thermal FILE): a real O_DIRECT write whose rate the
// kernel's blkio throttle capped at 40 MB/s at the moment the drive's
// hwmon temperature (an NVMe hwmon layout in a temp dir) went from 45.85 °C
// to 82.85 °C, past its 81.85 °C warning threshold.
func TestRecordedThermalTrace(t *testing.T) {
	data, err := os.ReadFile("testdata/thermal_throttle.json")
	if err != nil {
		t.Fatal(err)
	}
	var s Sustained
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	cliff := FindCliff(s.Timeline, CliffFraction, CliffHold)
	if cliff == nil {
		t.Fatal("no cliff in the recorded trace")
	}
	if got := CliffCause(s.Timeline, cliff, s.WarningCelsius); got != CauseThermal {
		t.Errorf("cause %q, want thermal", got)
	}
	// The same trace with the sensor below its threshold is a cache cliff.
	if got := CliffCause(s.Timeline, cliff, 90); got != CauseCache {
		t.Errorf("cause with a 90 °C threshold %q, want cache", got)
	}
}
