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

// sustainedWrite writes 1 MiB O_DIRECT blocks sequentially into one new
// file until its byte budget is spent, sampling throughput every 250 ms. The
// score is the steady state (median of the last third of the timeline), so
// an SLC-cache burst cannot pass a drive that collapses after it.
type sustainedWrite struct{}

func (sustainedWrite) Info() Info {
	return Info{
		Name:     "Sustained Seq Write",
		Category: "Disk",
		Kind:     units.BytesPerSecond,
		NeedsDir: true,
		Method:   "1 MiB O_DIRECT sequential writes at --queue-depth into a new file up to the byte budget (4 GiB; --full 64 GiB); throughput every 250 ms; score is the median of the last third",
	}
}

func (sustainedWrite) scratchBytes(o *DiskOptions) (bool, int64) { return false, o.SustainedBytes }

func (sustainedWrite) Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.Disk.directUsable(); err != nil {
		return Result{}, err
	}
	o := cfg.Disk
	f, err := openScratch(cfg.Scratch, cfg.Dir, "sustained", o)
	if err != nil {
		return Result{}, err
	}
	defer cfg.Scratch.Remove(f.Name())
	defer f.Close()
	job := ioJob{f: f, block: seqBlock, size: o.SustainedBytes, write: true, qd: o.QueueDepth,
		window: sustainedInterval, stopAfter: o.SustainedBytes, sync: o.Buffered}
	out, err := job.run(ctx)
	if err != nil {
		return Result{}, err
	}
	tl := timelineOf(out.windows)
	s := &diskstat.Sustained{
		BudgetBytes: o.SustainedBytes, WrittenBytes: out.bytes, IntervalNs: sustainedInterval.Nanoseconds(),
		PeakBytesPerSecond: diskstat.Peak(tl), SteadyBytesPerSecond: diskstat.SteadyState(tl),
		Cliff: diskstat.FindCliff(tl, diskstat.CliffFraction, diskstat.CliffHold), Timeline: tl,
	}
	tail := diskstat.SteadyTail(tl)
	samples := make([]float64, len(tail))
	for i, p := range tail {
		samples[i] = p.BytesPerSecond
	}
	res := Result{
		Samples: samples, // their median is the steady state
		Extra:   map[string]float64{"peak_bytes_per_second": s.PeakBytesPerSecond, "written_bytes": float64(out.bytes)},
		Details: &diskstat.Details{Sustained: s, IO: &diskstat.IO{Mode: o.mode(), BlockBytes: seqBlock, QueueDepth: job.qd,
			FileBytes: o.SustainedBytes, Operations: out.ops, ElapsedNs: out.elapsed.Nanoseconds(), Pattern: "sequential", Direction: "write"}},
		Notes: []string{SustainedSummary(s)},
	}
	if o.Buffered {
		res.Notes = append(res.Notes, "buffered I/O + fsync every 250 ms (--allow-buffered)")
	}
	return res, nil
}

// timelineOf turns the job's windows into timeline points.
func timelineOf(ws []window) []diskstat.Point {
	tl := make([]diskstat.Point, len(ws))
	var written int64
	for i, w := range ws {
		written += w.bytes
		tl[i] = diskstat.Point{ElapsedNs: w.end.Nanoseconds(), WrittenBytes: written, BytesPerSecond: float64(w.bytes) / w.dur.Seconds()}
	}
	return tl
}

// SustainedSummary is the one-line verdict on a sustained write, shared by
// the table notes and the Markdown report.
func SustainedSummary(s *diskstat.Sustained) string {
	head := fmt.Sprintf("wrote %.1f GiB: peak %s, steady state %s", float64(s.WrittenBytes)/(1<<30),
		units.FormatThroughput(s.PeakBytesPerSecond), units.FormatThroughput(s.SteadyBytesPerSecond))
	if s.Cliff == nil {
		return fmt.Sprintf("%s, no cache cliff within %.1f GiB", head, float64(s.WrittenBytes)/(1<<30))
	}
	return fmt.Sprintf("%s, cache cliff after %.1f GiB (%.1f s): throughput stayed below half the peak", head,
		float64(s.Cliff.WrittenBytes)/(1<<30), float64(s.Cliff.ElapsedNs)/1e9)
}
