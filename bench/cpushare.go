package bench

import (
	"fmt"

	"github.com/hwqual/hwqual/internal/units"
)

// busyShare is the CPU share under which a single-thread score is flagged:
// the thread lost more than a tenth of its wall time to other work. A
// wall-time score is the CPU-time rate times the share, so below 0.9 the
// lost time alone costs more than the 10 % tolerance Substrate (and
// hwqual's --tolerance default) allows below a minimum: the machine could
// fail a check its hardware passes.
const busyShare = 0.9

// Result turns what was sampled into a module result: the windows' rates
// and lengths, the estimator, and the notes and figures that say how sure
// and how undisturbed the score is. kind is the metric's unit, for the
// keys of unit-carrying figures.
func (s Sampled) Result(kind units.Kind) Result {
	r := Result{Samples: s.Rates, Seconds: s.Seconds, Estimator: s.Estimator}
	r.mergeReport(s.precisionReport())
	if s.Estimator == EstimatorWholeWindow {
		r.mergeReport(s.undisturbedReport(kind))
	}
	r.mergeReport(cpuShareReport(s, kind))
	return r
}

// precisionReport says when sampling stopped at the cap without reaching
// the plan's precision, so no row claims a ±1 % it did not reach.
func (s Sampled) precisionReport() ([]string, map[string]float64) {
	if s.Plan.Precision <= 0 || s.Reached || len(s.Rates) == 0 {
		return nil, nil
	}
	e := s.Estimate()
	if !e.Bounded() {
		return []string{fmt.Sprintf("only %d windows in %.1f s (sampling cap %s): too few for a 95%% interval; the score is unsure", len(s.Rates), s.Elapsed.Seconds(), s.Plan.Duration)}, nil
	}
	return []string{fmt.Sprintf("not within ±%g%%: the 95%% interval was ±%.1f%% after %d windows in %.1f s (sampling cap %s); the machine did not hold still enough for a sure score",
		100*s.Plan.Precision, 100*e.HalfWidth(), len(s.Rates), s.Elapsed.Seconds(), s.Plan.Duration)}, nil
}

// undisturbedReport keeps the median of the short windows beside the
// whole-window score. The median keeps the moments the machine left the
// workload alone; the whole-window score keeps them all, as polkadot's
// check does. When the median lies outside the score's interval, the gap
// is contention, measured, and the note says so.
func (s Sampled) undisturbedReport(kind units.Kind) ([]string, map[string]float64) {
	if len(s.Rates) == 0 {
		return nil, nil
	}
	undisturbed := medianInterval(s.Rates).Score
	extra := map[string]float64{"undisturbed_" + string(kind): undisturbed}
	e := s.Estimate()
	if !e.Bounded() || e.Contains(undisturbed) || e.Score == 0 {
		return nil, extra
	}
	if undisturbed < e.Score {
		// Most windows were slowed and a few ran free (steady contention,
		// not bursts): the median is then a disturbed window, not the
		// undisturbed machine, and calling it that would mislead.
		return []string{fmt.Sprintf("contention measured: the median window (%s, of %d windows of %s) is %+.1f%% from this whole-window score, outside its 95%% interval: most windows were slowed, so none stands for the undisturbed machine; the busy-machine note's CPU-time rate is the better guide to the hardware",
			units.Format(undisturbed, kind), len(s.Rates), s.Plan.SampleTime, 100*(undisturbed/e.Score-1))}, extra
	}
	return []string{fmt.Sprintf("contention measured: undisturbed %s (median of %d windows of %s) is %+.1f%% from this whole-window score, outside its 95%% interval; polkadot on this machine as it was loaded would score the lower figure",
		units.Format(undisturbed, kind), len(s.Rates), s.Plan.SampleTime, 100*(undisturbed/e.Score-1))}, extra
}

// cpuShareReport describes how much of the wall time the measuring thread
// ran over the whole sampling time. A busy machine (other processes,
// hypervisor steal) lowers a wall-time score without the hardware being
// slower; the CPU-time rate shows what the core did while it ran, as
// `openssl speed` reports by default.
func cpuShareReport(s Sampled, kind units.Kind) ([]string, map[string]float64) {
	if len(s.CPUShares) != len(s.Rates) || len(s.Rates) == 0 {
		return nil, nil
	}
	var wall, cpu, work float64
	for i, r := range s.Rates {
		sec := 1.0
		if len(s.Seconds) == len(s.Rates) {
			sec = s.Seconds[i]
		}
		wall += sec
		cpu += sec * s.CPUShares[i]
		work += sec * r
	}
	if wall <= 0 || cpu <= 0 {
		return nil, nil
	}
	share := cpu / wall
	extra := map[string]float64{
		"cpu_share":                share,
		"cpu_time_" + string(kind): work / cpu,
	}
	if share >= busyShare {
		return nil, extra
	}
	return []string{fmt.Sprintf("busy machine: the measuring thread(s) ran %.0f%% of the wall time while this row sampled (other processes or the hypervisor had the cores), so the score understates the hardware; rerun on an idle machine", 100*share)}, extra
}

// mergeReport appends notes and adds extra figures to a result.
func (r *Result) mergeReport(notes []string, extra map[string]float64) {
	r.Notes = append(r.Notes, notes...)
	if len(extra) > 0 && r.Extra == nil {
		r.Extra = make(map[string]float64, len(extra))
	}
	for k, v := range extra {
		r.Extra[k] = v
	}
}
