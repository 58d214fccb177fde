package qualify

import (
	"context"
	"os"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/internal/blockdev"
	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// Options configure one qualification run.
type Options struct {
	Profile      *profiles.Profile
	Dir          string
	TolerancePct float64
	Plan         bench.Plan
	Scratch      *scratch.Registry
	// Version is stamped into the report.
	Version string
	// Disk configures the disk modules; nil when no metric writes.
	Disk *bench.DiskOptions
	// DiskInfo is what backs Dir, shown above the disk rows.
	DiskInfo *blockdev.Info
	// Progress, when set, is called before and after each metric.
	Progress func(Progress)
	// Root is where the inventory and firmware requirements read /proc,
	// /sys and /dev (--root); "" means "/".
	Root string
	// Net is the network peer for the network metrics; nil means none,
	// and those rows are not measured.
	Net *bench.NetOptions
	// Inventory, when set, is used instead of gathering one under Root.
	Inventory *inventory.Inventory
	// Evidence is the evidence policy (--accept-unknown).
	Evidence Evidence
	// Strict makes a marginal pass of a required check fail the verdict
	// (--strict).
	Strict bool
	// Sinks receive each check the moment it is judged, in profile order,
	// after the report's own sink has it (see Sink).
	Sinks []Sink
}

// Sink receives every judged check as soon as it exists, so a long run can
// save progress (a checkpoint writer) or stream results without a second
// code path: the report Run returns is built by a sink too. Check is
// called from Run's goroutine, one check at a time.
type Sink interface {
	Check(model.Check)
}

// SinkFunc lets a function be a Sink.
type SinkFunc func(model.Check)

// Check calls f.
func (f SinkFunc) Check(c model.Check) { f(c) }

// reportSink collects the checks into the report.
type reportSink struct{ rep *model.Report }

func (s reportSink) Check(c model.Check) { s.rep.Checks = append(s.rep.Checks, c) }

// Progress reports a metric starting (Check nil) or finishing.
type Progress struct {
	Index, Total int
	Info         bench.Info
	Check        *model.Check
}

// Run measures every metric the profile requires, in the profile's order,
// hands each judged check to the sinks as it completes and returns the
// judged report. A module that fails is recorded as not measured and the
// run goes on; a cancelled ctx stops the run, and the report keeps what
// was measured and marks the rest as interrupted.
func Run(ctx context.Context, opts Options) *model.Report {
	p := opts.Profile
	host, _ := os.Hostname()
	rep := &model.Report{
		Header:           model.NewHeader(model.DocQualification),
		Tool:             model.Tool{Name: "hwqual", Version: opts.Version},
		Timestamp:        time.Now().UTC(),
		Host:             host,
		Profile:          model.ProfileRef{Name: p.Name, Description: p.Description, Origin: p.Origin, SHA256: p.SHA256},
		TolerancePercent: opts.TolerancePct,
	}
	if NeedsDir(p) {
		rep.Dir = opts.Dir
		rep.Disk = opts.DiskInfo
	}
	rep.Inventory = opts.Inventory
	if rep.Inventory == nil {
		rep.Inventory, _ = inventory.Gather(ctx, inventory.Options{Root: opts.Root}) // nil: every rule is unknown
	}
	runStart := bench.ReadCPUTimes()
	sinks := append([]Sink{reportSink{rep}}, opts.Sinks...)
	emit := func(c model.Check) {
		for _, s := range sinks {
			s.Check(c)
		}
	}
	for i, req := range p.Requirements {
		switch req.Kind {
		case profiles.KindRule:
			emit(EvaluateRule(req, rep.Inventory, opts.Evidence))
			continue
		case profiles.KindFirmware:
			for _, c := range FirmwareChecks(req, opts.Root) {
				emit(c)
			}
			continue
		}
		mod, _ := bench.Lookup(req.Metric) // Parse guarantees the metric exists
		info := mod.Info()
		if opts.Progress != nil {
			opts.Progress(Progress{Index: i, Total: len(p.Requirements), Info: info})
		}
		m := Measurement{Info: info}
		if ctx.Err() != nil {
			m.Err = bench.NotMeasured("interrupted before it ran")
		} else {
			cfg := bench.Config{Dir: opts.Dir, Workers: req.Workers, Plan: opts.Plan, Scratch: opts.Scratch, Disk: opts.Disk, Net: opts.Net}
			m.Result, m.Err = bench.RunMetric(ctx, mod, cfg)
			if ctx.Err() != nil {
				m.Err = bench.NotMeasured("interrupted while running")
			}
		}
		c := Evaluate(req, m, opts.TolerancePct)
		emit(c)
		if opts.Progress != nil {
			opts.Progress(Progress{Index: i, Total: len(p.Requirements), Info: info, Check: &c})
		}
	}
	opts.Disk.Release(bench.Config{Scratch: opts.Scratch})
	// Steal over the whole run, on the machine that ran it (not a
	// recorded --root, whose inventory describes another one).
	live := opts.Root == "" || opts.Root == "/"
	if share, ok := bench.ReadCPUTimes().StealShare(runStart); ok && live && rep.Inventory != nil {
		pct := 100 * share
		rep.Inventory.CPU.StealPercent = &pct
	}
	rep.Interrupted = ctx.Err() != nil
	rep.Summary = SummarizeStrict(rep.Checks, opts.Strict)
	return rep
}

// NeedsDir reports whether any of the profile's metrics writes to disk.
func NeedsDir(p *profiles.Profile) bool {
	for _, req := range p.Requirements {
		if mod, ok := bench.Lookup(req.Metric); ok && mod.Info().NeedsDir {
			return true
		}
	}
	return false
}
