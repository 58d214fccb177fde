package qualify

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

var sustainedInfo = bench.Info{Name: profiles.SustainedMetric, Category: "Disk", Kind: units.BytesPerSecond}

const tick = 250 * time.Millisecond

// run builds a sustained-write record from throughputs in MB/s, one per
// 250 ms interval, as the module does: cliff, steady state and its span.
func run(stopped string, proof, capacity int64, mbps ...float64) *diskstat.Sustained {
	tl := make([]diskstat.Point, len(mbps))
	var written int64
	for i, v := range mbps {
		written += int64(v * 1e6 * tick.Seconds())
		tl[i] = diskstat.Point{ElapsedNs: int64(i+1) * int64(tick), WrittenBytes: written, BytesPerSecond: v * 1e6}
	}
	return finish(&diskstat.Sustained{WrittenBytes: written, ProofBytes: proof, ProofRule: "34 % of free space, 8000 GB free",
		CapacityBytes: capacity, StoppedBecause: stopped, IntervalNs: int64(tick), Timeline: tl})
}

// finish derives what the module derives from the timeline.
func finish(s *diskstat.Sustained) *diskstat.Sustained {
	tl := s.Timeline
	s.Cliff = diskstat.FindCliff(tl, diskstat.CliffFraction, diskstat.CliffHold)
	if s.Cliff != nil {
		s.Cliff.Cause = diskstat.CliffCause(tl, s.Cliff, s.WarningCelsius)
	}
	s.PeakBytesPerSecond, s.SteadyBytesPerSecond = diskstat.Peak(tl), diskstat.SteadyState(tl, s.Cliff)
	d, b := diskstat.SteadySpan(tl, s.Cliff)
	s.SteadyNs, s.SteadyBytes = d.Nanoseconds(), b
	return s
}

func evaluateSustained(req profiles.Requirement, s *diskstat.Sustained) model.Check {
	var samples []float64
	for _, p := range diskstat.SteadyTail(s.Timeline, s.Cliff) {
		samples = append(samples, p.BytesPerSecond)
	}
	return Evaluate(req, Measurement{Info: sustainedInfo, Result: bench.Result{Samples: samples,
		Details: &diskstat.Details{Sustained: s}}}, 10)
}

func mbpsRun(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func cat(parts ...[]float64) []float64 {
	var out []float64
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestSustainedVerdictRule(t *testing.T) {
	const tb8 = 8e12
	jam := profiles.Requirement{Metric: profiles.SustainedMetric, Minimum: 1800e6, MinimumText: "1800 MB/s", Severity: profiles.SeverityFail}
	info := jam
	info.Severity = profiles.SeverityInfo
	tests := []struct {
		name    string
		req     profiles.Requirement
		s       *diskstat.Sustained
		want    model.Status
		reasons []string
	}{
		{"cliff then slow steady state fails", jam,
			run(bench.StopCliff, 2<<40, tb8, cat(mbpsRun(40, 7000), mbpsRun(60, 1500))...), model.StatusFail, nil},
		{"cliff then fast steady state passes", jam,
			run(bench.StopCliff, 2<<40, tb8, cat(mbpsRun(40, 7000), mbpsRun(60, 2000))...), model.StatusPass, nil},
		{"proof volume written without a cliff passes", jam,
			run(bench.StopProof, 32<<30, tb8, mbpsRun(24, 7000)...), model.StatusPass, nil},
		{"no cliff within the budget is not measured", jam,
			run(bench.StopBudget, 2<<40, tb8, mbpsRun(3, 7000)...), model.StatusNotMeasured,
			[]string{"still writing at cache speed after 4.9 GiB", "proving 1800 MB/s sustained on this 8.00 TB drive needs up to 2048.0 GiB",
				"34 % of free space", "~5 min at the current 7000 MB/s", "run with --full"}},
		{"a cliff without enough steady state is not measured", jam,
			run(bench.StopCap, 2<<40, tb8, cat(mbpsRun(40, 7000), mbpsRun(12, 1500))...), model.StatusNotMeasured,
			[]string{"a cache cliff after", "only 3.0 s", "needs 30 s of it, or 10 % of what was written over at least 8 s"}},
		{"info rows are not judged but say so", info,
			run(bench.StopBudget, 2<<40, tb8, mbpsRun(3, 7000)...), model.StatusInfo, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := evaluateSustained(tt.req, tt.s)
			if c.Status != tt.want {
				t.Fatalf("status %s (%s), want %s", c.Status, c.Reason, tt.want)
			}
			for _, want := range tt.reasons {
				if !strings.Contains(c.Reason, want) {
					t.Errorf("reason %q lacks %q", c.Reason, want)
				}
			}
			if tt.req.Severity == profiles.SeverityInfo && !strings.Contains(strings.Join(c.Notes, "\n"), "not proven sustained: still writing at cache speed") {
				t.Errorf("info row notes %q: want the shortfall", c.Notes)
			}
		})
	}
}

// TestSustainedThermalCliffIsJudged: a drop that is thermal throttling is
// still a drop the node would see; the row is judged on the steady state
// and the cliff says thermal.
func TestSustainedThermalCliffIsJudged(t *testing.T) {
	s := run(bench.StopCliff, 2<<40, 8e12, cat(mbpsRun(40, 7000), mbpsRun(60, 1500))...)
	for i := range s.Timeline {
		c := 70.0
		if i >= 38 {
			c = 84
		}
		s.Timeline[i].TemperatureCelsius = &c
	}
	s.WarningCelsius = 82
	finish(s)
	c := evaluateSustained(profiles.Requirement{Metric: profiles.SustainedMetric, Minimum: 1800e6, MinimumText: "1800 MB/s", Severity: profiles.SeverityFail}, s)
	if c.Status != model.StatusFail || c.Disk.Sustained.Cliff.Cause != diskstat.CauseThermal {
		t.Errorf("status %s, cause %q: want fail, thermal", c.Status, c.Disk.Sustained.Cliff.Cause)
	}
}

// TestSustainedRecordedRuns replays sustained writes recorded with the
// binary on this project's VM (virtio disk), with a drive cache simulated
// from outside: the kernel's blkio throttle capped the process at 300 MB/s
// once its scratch file passed 3 or 12 GiB. Profile: the jam row (1800
// MB/s, proof 34 % of free space).
func TestSustainedRecordedRuns(t *testing.T) {
	jam := profiles.Requirement{Metric: profiles.SustainedMetric, Minimum: 1800e6, MinimumText: "1800 MB/s", Severity: profiles.SeverityFail}
	tests := []struct {
		file   string
		want   model.Status
		reason string
	}{
		{"sustained_cache_3gib_quick.json", model.StatusFail, ""},
		{"sustained_cache_12gib_quick.json", model.StatusNotMeasured, "run with --full"},
		{"sustained_cache_12gib_full.json", model.StatusFail, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var s diskstat.Sustained
			if err := json.Unmarshal(data, &s); err != nil {
				t.Fatal(err)
			}
			c := evaluateSustained(jam, finish(&s))
			if c.Status != tt.want || !strings.Contains(c.Reason, tt.reason) {
				t.Errorf("status %s (%q), want %s with %q", c.Status, c.Reason, tt.want, tt.reason)
			}
			if tt.want == model.StatusFail {
				if r := c.Numeric.Score / 300e6; r < 0.5 || r > 1.1 {
					t.Errorf("score %.0f MB/s, want near the 300 MB/s cap", c.Numeric.Score/1e6)
				}
			}
		})
	}
}
