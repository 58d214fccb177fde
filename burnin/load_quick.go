package burnin

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/qualify"
	"github.com/hwqual/hwqual/reports/model"
)

// quickPlan is the reduced budget of a quick measurement: a few short
// samples, enough for a median that shows drift, not a qualification.
var quickPlan = bench.Plan{Warmup: 50 * time.Millisecond, Duration: 400 * time.Millisecond, MinSamples: 3, SampleTime: 50 * time.Millisecond}

// QuickProfile is the part of p the quick phase measures: its CPU and
// memory metrics. Disk metrics are left out (the disk phase already loads
// the drive, and their prefill would double its writes), and so are rules
// and firmware rows, which do not drift.
func QuickProfile(p *profiles.Profile) *profiles.Profile {
	q := *p
	q.Requirements = nil
	for _, r := range p.Requirements {
		if r.Kind != profiles.KindMetric {
			continue
		}
		if m, ok := bench.Lookup(r.Metric); ok && (m.Info().Category == "CPU" || m.Info().Category == "Memory") {
			q.Requirements = append(q.Requirements, r)
		}
	}
	return &q
}

// quickPhase measures the quick profile through the qualification engine
// at the reduced budget. A sink adds each check's median to the timeline,
// keyed by its check id, the moment it is judged, so a checkpoint written
// mid-phase already holds it.
func (r *runner) quickPhase(ctx context.Context) string {
	if r.cfg.Quick == nil || len(r.cfg.Quick.Requirements) == 0 {
		return "no CPU or memory metric in the profile"
	}
	// The memory metrics' buffers go back to the OS with the phase, as the
	// memory phase's region does: otherwise the heap they leave stays
	// resident through the next phases until the scavenger gets to it.
	defer debug.FreeOSMemory()
	var done []string
	timeline := qualify.SinkFunc(func(c model.Check) {
		if c.Status == model.StatusNotMeasured || c.Numeric == nil {
			done = append(done, fmt.Sprintf("%s not measured (%s)", c.Function, c.Reason))
			return
		}
		r.mu.Lock()
		r.rep.Timelines.Quick = append(r.rep.Timelines.Quick, model.QuickSample{
			Time: time.Now().UTC(), ID: c.ID, Metric: c.Function, Unit: string(c.Numeric.Unit), Score: c.Numeric.Score})
		r.mu.Unlock()
		done = append(done, c.Function)
	})
	qualify.Run(ctx, qualify.Options{
		Profile: r.cfg.Quick, Plan: quickPlan, Scratch: r.cfg.Scratch, Dir: r.cfg.Dir,
		Version: r.cfg.Version, Inventory: &inventory.Inventory{}, Sinks: []qualify.Sink{timeline},
	})
	return "measured " + strings.Join(done, ", ")
}
