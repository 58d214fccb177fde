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
	"github.com/hwqual/hwqual/reports"
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
	// Inventory, when set, is used instead of gathering one under Root.
	Inventory *inventory.Inventory
}

// Progress reports a metric starting (Check nil) or finishing.
type Progress struct {
	Index, Total int
	Info         bench.Info
	Check        *reports.Check
}

// Run measures every metric the profile requires, in the profile's order,
// and returns the judged report. A module that fails is recorded as not
// measured and the run goes on; a cancelled ctx stops the run, and the
// report keeps what was measured and marks the rest as interrupted.
func Run(ctx context.Context, opts Options) *reports.Report {
	p := opts.Profile
	host, _ := os.Hostname()
	rep := &reports.Report{
		Header:           reports.NewHeader(reports.DocQualification),
		Tool:             reports.Tool{Name: "hwqual", Version: opts.Version},
		Timestamp:        time.Now().UTC(),
		Host:             host,
		Profile:          reports.ProfileRef{Name: p.Name, Description: p.Description, Origin: p.Origin, SHA256: p.SHA256},
		TolerancePercent: opts.TolerancePct,
	}
	if NeedsDir(p) {
		rep.Dir = opts.Dir
		rep.Disk = opts.DiskInfo
	}
	rep.Inventory = opts.Inventory
	if rep.Inventory == nil {
		rep.Inventory, _ = inventory.Gather(ctx, inventory.Options{Root: opts.Root}) // nil: rules warn as unknown
	}
	for i, req := range p.Requirements {
		switch req.Kind {
		case profiles.KindRule:
			rep.Checks = append(rep.Checks, EvaluateRule(req, rep.Inventory))
			continue
		case profiles.KindFirmware:
			rep.Checks = append(rep.Checks, FirmwareChecks(req, opts.Root)...)
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
			cfg := bench.Config{Dir: opts.Dir, Workers: req.Workers, Plan: opts.Plan, Scratch: opts.Scratch, Disk: opts.Disk}
			m.Result, m.Err = mod.Run(ctx, cfg)
			if ctx.Err() != nil {
				m.Err = bench.NotMeasured("interrupted while running")
			}
		}
		c := Evaluate(req, m, opts.TolerancePct)
		rep.Checks = append(rep.Checks, c)
		if opts.Progress != nil {
			opts.Progress(Progress{Index: i, Total: len(p.Requirements), Info: info, Check: &c})
		}
	}
	opts.Disk.Release(bench.Config{Scratch: opts.Scratch})
	rep.Interrupted = ctx.Err() != nil
	rep.Summary = Summarize(rep.Checks)
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
