package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/diskstat"
	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/qualify"
)

// barAfter is how long a sustained write must be expected to take before
// a progress bar is worth drawing.
const barAfter = 3 * time.Second

// sustainedDisplay tells the operator what the sustained write costs as
// soon as its first rate is measured, and, on a terminal, draws a bar for
// writes longer than a few seconds. Nothing is drawn when stderr is not a
// terminal; the cost line is written unless --quiet.
type sustainedDisplay struct {
	w          io.Writer
	quiet, tty bool
	opts       *bench.DiskOptions

	mu    sync.Mutex
	told  bool
	prog  *mpb.Progress
	bar   *mpb.Bar
	grown bool

	// lastMu guards last apart from mu: the bar's renderer reads it while
	// update may hold mu waiting on the bar.
	lastMu sync.Mutex
	last   bench.SustainedProgress
}

func newSustainedDisplay(w io.Writer, quiet, tty bool, opts *bench.DiskOptions) *sustainedDisplay {
	return &sustainedDisplay{w: w, quiet: quiet, tty: tty, opts: opts}
}

// update is bench.DiskOptions.OnSustained.
func (d *sustainedDisplay) update(p bench.SustainedProgress) {
	if d.quiet {
		return
	}
	d.lastMu.Lock()
	d.last = p
	d.lastMu.Unlock()
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.told && p.FirstRate > 0 {
		d.told = true
		lead := ""
		if d.tty {
			lead = "\n" // the progress line "[n/N] … ..." is still open
		}
		fmt.Fprintf(d.w, "%shwqual: %s\n", lead, costLine(p, d.opts))
		if d.tty && p.FirstRate > 0 && time.Duration(float64(p.Planned)/p.FirstRate*float64(time.Second)) > barAfter {
			d.startBar(p)
		}
	}
	if d.bar == nil {
		return
	}
	if p.PastCliff && p.Written > p.Planned && !d.grown {
		d.grown = true // past a cliff: the write runs on for its steady state, up to the cap
		d.bar.SetTotal(p.Max, false)
	}
	d.bar.SetCurrent(p.Written)
}

func (d *sustainedDisplay) startBar(p bench.SustainedProgress) {
	d.prog = mpb.New(mpb.WithOutput(d.w), mpb.WithWidth(40), mpb.WithRefreshRate(250*time.Millisecond))
	d.bar = d.prog.New(p.Planned, mpb.BarStyle(), mpb.BarRemoveOnComplete(),
		mpb.PrependDecorators(decor.Name("sustained write "), decor.CountersKibiByte("% .1f / % .1f")),
		mpb.AppendDecorators(decor.Any(func(decor.Statistics) string { return d.rateText() })))
}

func (d *sustainedDisplay) rateText() string {
	d.lastMu.Lock()
	last := d.last
	d.lastMu.Unlock()
	s := " " + units.FormatThroughput(last.Rate)
	if last.Temperature != nil {
		s += fmt.Sprintf("  %.0f °C", *last.Temperature)
		if d.opts.DriveTemp != nil && d.opts.DriveTemp.WarningCelsius > 0 {
			s += fmt.Sprintf(" (warning %.0f °C)", d.opts.DriveTemp.WarningCelsius)
		}
	}
	return s
}

// finish removes the bar once the write is over, before the table. A write
// that ended before its first rate was measured (a small proof volume on a
// fast drive) still gets its cost line, so the plan is always said.
func (d *sustainedDisplay) finish() {
	d.lastMu.Lock()
	last := d.last
	d.lastMu.Unlock()
	d.mu.Lock()
	if !d.quiet && !d.told && last.Planned > 0 {
		d.told = true
		fmt.Fprintf(d.w, "hwqual: %s\n", costLine(last, d.opts))
	}
	bar, prog := d.bar, d.prog
	d.bar, d.prog = nil, nil
	d.mu.Unlock()
	if bar == nil {
		return
	}
	bar.Abort(true)
	prog.Wait()
}

// costLine says, at the first measured rate, how much the sustained write
// may write and for how long, and when it stops early.
func costLine(p bench.SustainedProgress, o *bench.DiskOptions) string {
	plan := fmt.Sprintf("Sustained Seq Write: writing up to %s", units.GiB(float64(p.Planned)))
	if o.ProofBytes > 0 {
		if o.ProofBytes <= p.Planned {
			plan += fmt.Sprintf(" (the proof volume: %s)", o.ProofRule)
		} else {
			plan += fmt.Sprintf(" (quick budget; the proof volume is %s: %s)", units.GiB(float64(o.ProofBytes)), o.ProofRule)
		}
	}
	if p.FirstRate > 0 {
		plan += fmt.Sprintf(", ~%s at the first measured %s", units.Duration(time.Duration(float64(p.Planned)/p.FirstRate*float64(time.Second))), units.FormatThroughput(p.FirstRate))
	}
	return fmt.Sprintf("%s; it stops early once a cache cliff and %.0f s of steady state after it are measured, and past a cliff never writes more than %s (the free-space floor)",
		plan, diskstat.SteadyMinDuration.Seconds(), units.GiB(float64(p.Max)))
}

// withSustainedDisplay hooks the sustained-write display into the run:
// the write reports to it, and the bar goes away before the metric's
// result is printed.
func withSustainedDisplay(next func(qualify.Progress), w io.Writer, quiet, tty bool, opts *bench.DiskOptions) func(qualify.Progress) {
	d := newSustainedDisplay(w, quiet, tty, opts)
	opts.OnSustained = d.update
	return func(p qualify.Progress) {
		if p.Check != nil {
			d.finish()
		}
		if next != nil {
			next(p)
		}
	}
}
