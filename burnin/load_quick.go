package burnin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hwqual/hwqual/bench"
	"github.com/hwqual/hwqual/reports"
)

// QuickMetric is a bench metric measured in the quick phase.
type QuickMetric struct {
	Name    string
	Workers int
}

// quickPlan is the reduced budget of a quick measurement: a few short
// samples, enough for a median that shows drift, not a qualification.
var quickPlan = bench.Plan{Warmup: 50 * time.Millisecond, Duration: 400 * time.Millisecond, MinSamples: 3, SampleTime: 50 * time.Millisecond}

// quickPhase measures each quick metric once at the reduced budget and
// adds the medians to the timeline.
func (r *runner) quickPhase(ctx context.Context) string {
	var done []string
	for _, q := range r.cfg.QuickMetrics {
		if ctx.Err() != nil {
			break
		}
		m, ok := bench.Lookup(q.Name)
		if !ok {
			continue
		}
		res, err := m.Run(ctx, bench.Config{Plan: quickPlan, Workers: q.Workers, Scratch: r.cfg.Scratch, Dir: r.cfg.Dir})
		if err != nil || len(res.Samples) == 0 {
			done = append(done, fmt.Sprintf("%s not measured (%v)", q.Name, err))
			continue
		}
		score := bench.Summarize(res.Samples).Median
		info := m.Info()
		r.mu.Lock()
		r.rep.Timelines.Quick = append(r.rep.Timelines.Quick, reports.QuickSample{Time: time.Now().UTC(), Metric: q.Name, Unit: string(info.Kind), Score: score})
		r.mu.Unlock()
		done = append(done, q.Name)
	}
	return "measured " + strings.Join(done, ", ")
}
