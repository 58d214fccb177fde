package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
)

// sustainedInterval is the length of one timeline point.
const sustainedInterval = 250 * time.Millisecond

// Why a sustained write stopped.
const (
	StopCliff  = "cache cliff and enough steady state measured"
	StopProof  = "proof volume written without a cliff"
	StopBudget = "byte budget spent"
	StopCap    = "free-space cap reached"
)

// SustainedProgress is the sustained write's state after one interval,
// for progress displays.
type SustainedProgress struct {
	Elapsed time.Duration
	// Written is what the write has written so far.
	Written int64
	// Planned is what it writes when no cliff comes; Max its hard cap.
	Planned, Max int64
	// Rate is the last interval's throughput; FirstRate the median of the
	// first second, 0 until it is measured.
	Rate, FirstRate float64
	// Temperature is the drive's temperature, nil when unknown.
	Temperature *float64
	// PastCliff is set once a cache cliff is found: the write may then
	// run past Planned, up to Max, for its steady state.
	PastCliff bool
}

// sustainedWrite writes 1 MiB O_DIRECT blocks sequentially into one new
// file, sampling throughput (and the drive's temperature) every 250 ms. It
// stops when it has the evidence a verdict needs — a cache cliff and
// enough steady state after it, or the proof volume written without a
// cliff — or when its budget is spent. The score is the steady state:
// the median after the cliff, else of the last third.
type sustainedWrite struct{}

func (sustainedWrite) Info() Info {
	return Info{
		Name:     "Sustained Seq Write",
		Category: "Disk",
		Kind:     units.BytesPerSecond,
		NeedsDir: true,
		Method:   "1 MiB O_DIRECT sequential writes at --queue-depth into a new file until a cache cliff plus 30 s (or 10 % of the volume) of steady state, or the profile's proof volume, is written (quick budget 4 GiB; --full: the proof volume); throughput and drive temperature every 250 ms; score is the median after the cliff, else of the last third",
	}
}

func (sustainedWrite) scratchBytes(o *DiskOptions) (bool, int64) { return false, o.SustainedBytes }

func (sustainedWrite) Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.Disk.directUsable(); err != nil {
		return Result{}, err
	}
	o := cfg.Disk
	limit := max(o.SustainedMaxBytes, o.SustainedBytes)
	f, err := openScratch(cfg.Scratch, cfg.Dir, "sustained", o)
	if err != nil {
		return Result{}, err
	}
	defer cfg.Scratch.Remove(f.Name())
	defer f.Close()
	st := sustainedState{o: o, limit: limit, stopped: StopCap}
	job := ioJob{f: f, block: seqBlock, size: limit, write: true, qd: o.QueueDepth,
		window: sustainedInterval, stopAfter: limit, sync: o.Buffered, onWindow: st.add}
	out, err := job.run(ctx)
	if err != nil {
		return Result{}, err
	}
	tl := st.tl
	cliff := diskstat.FindCliff(tl, diskstat.CliffFraction, diskstat.CliffHold)
	s := &diskstat.Sustained{
		BudgetBytes: o.SustainedBytes, WrittenBytes: st.written, IntervalNs: sustainedInterval.Nanoseconds(),
		ProofBytes: o.ProofBytes, ProofRule: o.ProofRule, CapacityBytes: o.CapacityBytes, StoppedBecause: st.stopped,
		PeakBytesPerSecond: diskstat.Peak(tl), SteadyBytesPerSecond: diskstat.SteadyState(tl, cliff),
		Cliff: cliff, Timeline: tl,
	}
	if o.DriveTemp != nil {
		s.WarningCelsius = o.DriveTemp.WarningCelsius
	}
	if cliff != nil {
		cliff.Cause = diskstat.CliffCause(tl, cliff, s.WarningCelsius)
	}
	d, b := diskstat.SteadySpan(tl, cliff)
	s.SteadyNs, s.SteadyBytes = d.Nanoseconds(), b
	tail := diskstat.SteadyTail(tl, cliff)
	samples := make([]float64, len(tail))
	for i, p := range tail {
		samples[i] = p.BytesPerSecond
	}
	res := Result{
		Samples: samples, // their median is the steady state
		Extra:   map[string]float64{"peak_bytes_per_second": s.PeakBytesPerSecond, "written_bytes": float64(st.written)},
		Details: &diskstat.Details{Sustained: s, IO: &diskstat.IO{Mode: o.mode(), BlockBytes: seqBlock, QueueDepth: job.qd,
			FileBytes: limit, Operations: out.ops, ElapsedNs: out.elapsed.Nanoseconds(), Pattern: "sequential", Direction: "write"}},
		Notes: []string{SustainedSummary(s)},
	}
	if o.Buffered {
		res.Notes = append(res.Notes, "buffered I/O + fsync every 250 ms (--allow-buffered)")
	}
	return res, nil
}

// sustainedState builds the timeline as the windows close and decides when
// the evidence is in hand.
type sustainedState struct {
	o       *DiskOptions
	limit   int64
	tl      []diskstat.Point
	written int64
	stopped string
}

// add records one window and reports whether the write can stop.
func (s *sustainedState) add(w window) bool {
	s.written = w.total // the warm-up's writes filled the cache too
	p := diskstat.Point{ElapsedNs: w.end.Nanoseconds(), WrittenBytes: s.written, BytesPerSecond: float64(w.bytes) / w.dur.Seconds()}
	if s.o.DriveTemp != nil {
		if c, err := s.o.DriveTemp.Read(); err == nil {
			p.TemperatureCelsius = &c
		}
	}
	s.tl = append(s.tl, p)
	cliff := diskstat.FindCliff(s.tl, diskstat.CliffFraction, diskstat.CliffHold)
	if s.o.OnSustained != nil {
		s.o.OnSustained(SustainedProgress{Elapsed: w.end, Written: s.written, Planned: s.o.SustainedBytes, Max: s.limit,
			Rate: p.BytesPerSecond, FirstRate: firstRate(s.tl), Temperature: p.TemperatureCelsius, PastCliff: cliff != nil})
	}
	if cliff != nil {
		if diskstat.SteadyEnough(s.tl, cliff) {
			s.stopped = StopCliff
			return true
		}
		return false // past the plan if need be, up to the cap: the steady state is the evidence
	}
	// A drop that has not lasted CliffHold yet may be a cliff: wait.
	forming := p.BytesPerSecond < diskstat.CliffFraction*diskstat.PlateauPeak(s.tl)
	switch {
	case forming:
		return false
	case s.o.ProofBytes > 0 && s.written >= s.o.ProofBytes:
		s.stopped = StopProof
		return true
	case s.written >= s.o.SustainedBytes:
		s.stopped = StopBudget
		return true
	}
	return false
}

// firstRate is the median of the first second of intervals (one interval
// can be a stall), 0 until that second is measured.
func firstRate(tl []diskstat.Point) float64 {
	if len(tl) < diskstat.PlateauWidth {
		return 0
	}
	return diskstat.PlateauPeak(tl[:diskstat.PlateauWidth])
}

// SustainedSummary is the one-line account of a sustained write, shared
// by the table notes and the Markdown report.
func SustainedSummary(s *diskstat.Sustained) string {
	head := fmt.Sprintf("wrote %s in %.0f s: peak %s, steady state %s", units.GiB(float64(s.WrittenBytes)), lastElapsed(s.Timeline).Seconds(),
		units.FormatThroughput(s.PeakBytesPerSecond), units.FormatThroughput(s.SteadyBytesPerSecond))
	if t, ok := diskstat.MaxTemperature(s.Timeline); ok {
		head += fmt.Sprintf(", drive up to %.0f °C", t)
		if s.WarningCelsius > 0 {
			head += fmt.Sprintf(" (warning threshold %.0f °C)", s.WarningCelsius)
		}
	}
	if s.Cliff == nil {
		return fmt.Sprintf("%s, no cache cliff within %s", head, units.GiB(float64(s.WrittenBytes)))
	}
	what := "cache cliff"
	if s.Cliff.Cause == diskstat.CauseThermal {
		what = "thermal throttling (the drive reached its warning temperature as throughput fell: cool it, a heatsink or airflow, rather than replace it)"
	}
	return fmt.Sprintf("%s, %s after %s (%.1f s): throughput stayed below half the peak", head, what,
		units.GiB(float64(s.Cliff.WrittenBytes)), float64(s.Cliff.ElapsedNs)/1e9)
}

func lastElapsed(tl []diskstat.Point) time.Duration {
	if len(tl) == 0 {
		return 0
	}
	return time.Duration(tl[len(tl)-1].ElapsedNs)
}
