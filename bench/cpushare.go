package bench

import "fmt"

// busyShare is the CPU share under which a single-thread score is flagged:
// the thread lost more than a tenth of its wall time to other work. A
// wall-time score is the CPU-time rate times the share, so below 0.9 the
// lost time alone costs more than the 10 % tolerance Substrate (and
// hwqual's --tolerance default) allows below a minimum: the machine could
// fail a check its hardware passes.
const busyShare = 0.9

// cpuShareReport describes how much of the wall time the measuring thread
// ran. A busy machine (other processes, hypervisor steal) lowers a wall-time
// score without the hardware being slower; the CPU-time rate shows what the
// core did while it ran, as `openssl speed` reports by default.
func cpuShareReport(s Sampled) ([]string, map[string]float64) {
	if len(s.CPUShares) != len(s.Rates) || len(s.Rates) == 0 {
		return nil, nil
	}
	cpuRates := make([]float64, len(s.Rates))
	for i, r := range s.Rates {
		cpuRates[i] = r / max(s.CPUShares[i], 1e-9)
	}
	share := Summarize(s.CPUShares).Median
	extra := map[string]float64{
		"cpu_share":                 share,
		"cpu_time_bytes_per_second": Summarize(cpuRates).Median,
	}
	if share >= busyShare {
		return nil, extra
	}
	return []string{fmt.Sprintf("busy machine: the measuring thread ran %.0f%% of the wall time (median), so the score understates the hardware; rerun on an idle machine", 100*share)}, extra
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
