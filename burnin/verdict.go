package burnin

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
)

// Thresholds of the verdict.
const (
	// ThrottleDrop is the share below a core's reference frequency that
	// counts as throttled, and ThrottleSamples how many consecutive
	// samples under load make it sustained.
	ThrottleDrop    = 0.10
	ThrottleSamples = 3
	// QuickDrop is the drop of a quick measurement from its first value
	// that warns.
	QuickDrop = 0.10
	// QuickDropRuns is how many measurements in a row must be below.
	QuickDropRuns = 2
	// loadPhase is the phase whose samples count as "under load".
	loadPhase = "cpu"
	// maxErrorFindings bounds the per-error findings; the rest are counted.
	maxErrorFindings = 20
)

// Evaluate judges a burn-in report from what it recorded: verification
// errors, counter deltas between Baseline and Latest, the frequency
// timeline and the quick measurements. FAIL: any verification error, a new
// uncorrected ECC error, a new NVMe media error or a critical-warning bit.
// INCOMPLETE (unless the report accepts unknowns): a watch the verdict
// relies on was unknown for the whole run, so a PASS would vouch for what
// nobody saw; FAIL beats it.
// WARN: sustained throttling, new corrected ECC errors, thermal throttle
// events, machine checks, NVMe error-log entries or time above the warning
// temperature, or a quick measurement more than 10 % below its first.
func Evaluate(rep *model.BurnIn) model.Verdict {
	var f []model.Finding
	add := func(sev model.Status, check string, when time.Time, where, format string, args ...any) {
		f = append(f, model.Finding{Severity: sev, Check: check, When: when, Where: where, Evidence: fmt.Sprintf(format, args...)})
	}
	for i, e := range rep.Errors {
		if i == maxErrorFindings {
			break
		}
		add(model.StatusFail, e.Kind+"-verify", e.Time, fmt.Sprintf("%s offset %d (%#x)", e.Where, e.Offset, e.Offset),
			"%s: expected %s, found %s%s%s", e.Test, e.Expected, e.Found, suffix(e.Detail), when(e))
	}
	if more := rep.ErrorCount - min(len(rep.Errors), maxErrorFindings); more > 0 {
		add(model.StatusFail, "verify", rep.Updated, "", "%d more verification errors (%d in all)", more, rep.ErrorCount)
	}
	if rep.Baseline != nil && rep.Latest != nil {
		f = append(f, counterFindings(rep.Baseline, rep.Latest)...)
	}
	f = append(f, throttling(rep.Timelines)...)
	f = append(f, quickDrops(rep.Timelines.Quick)...)

	v := model.Verdict{Result: model.StatusPass, Findings: f, Unknown: unknownWatches(rep)}
	for _, x := range f {
		if x.Severity == model.StatusFail {
			v.Result = model.StatusFail
		} else if v.Result == model.StatusPass {
			v.Result = model.StatusWarn
		}
	}
	if len(v.Unknown) > 0 && !rep.AcceptUnknown && v.Result != model.StatusFail {
		v.Result = model.StatusIncomplete
	}
	if v.Findings == nil {
		v.Findings = []model.Finding{}
	}
	return v
}

// Watch names, as BurnIn.Unknown entries start ("name: reason").
const (
	watchFreq     = "core frequency"
	watchThrottle = "thermal throttle counts"
	watchTemps    = "temperatures"
	watchEDAC     = "ECC (EDAC) counts"
	watchMCE      = "machine-check count"
	watchNVMe     = "NVMe SMART"
)

// evidence is one fact a PASS vouches for and the watches that give it.
type evidence struct {
	name string
	// watches name the BurnIn.Unknown entries that say why it is missing.
	watches []string
	// unseen is what the verdict cannot see without it.
	unseen string
	known  func(b *model.BurnIn) bool
}

// anyCounters reports whether the baseline or latest reading has has.
func anyCounters(b *model.BurnIn, has func(c *model.Counters) bool) bool {
	return b.Baseline != nil && has(b.Baseline) || b.Latest != nil && has(b.Latest)
}

// evidenceNeeded are the facts a burn-in PASS relies on. Throttling is
// known from either source: core frequencies (the only one on AMD) or
// Intel's thermal throttle counts.
var evidenceNeeded = []evidence{
	{"throttling", []string{watchFreq, watchThrottle}, "throttling under load",
		func(b *model.BurnIn) bool {
			return len(b.Timelines.Frequency) > 0 || anyCounters(b, func(c *model.Counters) bool { return c.Throttle != nil })
		}},
	{watchTemps, []string{watchTemps}, "overheating",
		func(b *model.BurnIn) bool { return len(b.Timelines.Temperature) > 0 }},
	{watchEDAC, []string{watchEDAC}, "memory errors the ECC corrected or could not correct",
		func(b *model.BurnIn) bool {
			return anyCounters(b, func(c *model.Counters) bool { return len(c.EDAC) > 0 })
		}},
	{watchMCE, []string{watchMCE}, "machine-check exceptions",
		func(b *model.BurnIn) bool {
			return anyCounters(b, func(c *model.Counters) bool { return c.MCE != nil })
		}},
	{watchNVMe, []string{watchNVMe}, "drive media errors, critical warnings and wear",
		func(b *model.BurnIn) bool {
			return anyCounters(b, func(c *model.Counters) bool { return len(c.NVMe) > 0 })
		}},
}

// unknownWatches lists the facts of evidenceNeeded the run never read, as
// findings of severity incomplete (warn when the report accepts unknowns),
// with the reason the machine gave.
func unknownWatches(rep *model.BurnIn) []model.Finding {
	sev := model.StatusIncomplete
	if rep.AcceptUnknown {
		sev = model.StatusWarn
	}
	var out []model.Finding
	for _, e := range evidenceNeeded {
		if e.known(rep) {
			continue
		}
		var why []string
		for _, u := range rep.Unknown {
			for _, w := range e.watches {
				if strings.HasPrefix(u, w+": ") {
					why = append(why, u)
				}
			}
		}
		if len(why) == 0 {
			why = []string{"no reading during the run"}
		}
		out = append(out, model.Finding{Severity: sev, Check: "unknown-watch", When: rep.Updated, Where: e.name,
			Evidence: fmt.Sprintf("not read once during the run, so %s would go unseen — %s", e.unseen, strings.Join(why, "; "))})
	}
	return out
}

// when says when a disk block's expected content was written and when it
// last read back intact: the fault happened after the later of the two
// and before the finding's time.
func when(e model.VerifyError) string {
	if e.Written.IsZero() {
		return ""
	}
	s := "; written " + e.Written.Format(time.RFC3339)
	if e.LastGood.IsZero() {
		return s + ", not read back intact since"
	}
	return s + ", last read back intact " + e.LastGood.Format(time.RFC3339)
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// counterFindings diffs the hardware counters between two readings.
func counterFindings(base, last *model.Counters) []model.Finding {
	var f []model.Finding
	add := func(sev model.Status, check, where, format string, args ...any) {
		f = append(f, model.Finding{Severity: sev, Check: check, When: last.Time, Where: where, Evidence: fmt.Sprintf(format, args...)})
	}
	start := map[string]model.EDACCounts{}
	for _, e := range base.EDAC {
		start[e.Name] = e
	}
	for _, e := range last.EDAC {
		s, ok := start[e.Name]
		if !ok {
			continue
		}
		where := e.Name
		if e.Label != "" {
			where += " (" + e.Label + ")"
		}
		if e.Uncorrected > s.Uncorrected {
			add(model.StatusFail, "edac-ue", where, "uncorrected ECC errors %d → %d (+%d) since %s", s.Uncorrected, e.Uncorrected, e.Uncorrected-s.Uncorrected, base.Time.Format(time.RFC3339))
		} else if s.Uncorrected > 0 {
			add(model.StatusWarn, "edac-ue", where, "%d uncorrected ECC errors already counted before the burn-in", s.Uncorrected)
		}
		if e.Corrected > s.Corrected {
			add(model.StatusWarn, "edac-ce", where, "corrected ECC errors %d → %d (+%d) since %s", s.Corrected, e.Corrected, e.Corrected-s.Corrected, base.Time.Format(time.RFC3339))
		}
	}
	if base.Throttle != nil && last.Throttle != nil {
		if d := last.Throttle.Core - base.Throttle.Core; last.Throttle.Core > base.Throttle.Core {
			add(model.StatusWarn, "throttling", "thermal_throttle core_throttle_count", "%d → %d (+%d)", base.Throttle.Core, last.Throttle.Core, d)
		}
		if d := last.Throttle.Package - base.Throttle.Package; last.Throttle.Package > base.Throttle.Package {
			add(model.StatusWarn, "throttling", "thermal_throttle package_throttle_count", "%d → %d (+%d)", base.Throttle.Package, last.Throttle.Package, d)
		}
	}
	if len(base.MachineChecks) > 0 && len(last.MachineChecks) > 0 {
		// Every source that counted, each named: the exceptions in
		// /proc/interrupts and the records the kernel logged for errors
		// found by polling, CMCI, the decoders, GHES or EDAC.
		for _, r := range DiffMachineChecks(base, last) {
			add(model.StatusWarn, "machine-check", r.Source, "%s", r.Evidence)
		}
	} else if base.MCE != nil && last.MCE != nil && *last.MCE > *base.MCE {
		// Counters from a checkpoint written before the sources were read.
		add(model.StatusWarn, "machine-check", "/proc/interrupts MCE", "machine-check exceptions %d → %d (+%d)", *base.MCE, *last.MCE, *last.MCE-*base.MCE)
	}
	nstart := map[string]model.NVMeCounters{}
	for _, n := range base.NVMe {
		nstart[n.Serial] = n
	}
	for _, n := range last.NVMe {
		where := fmt.Sprintf("%s (serial %s)", n.Name, n.Serial)
		if n.CriticalWarning != 0 {
			add(model.StatusFail, "nvme-critical-warning", where, "critical_warning %#02x (%s)", n.CriticalWarning, strings.Join(warningBits(n.CriticalWarning), ", "))
		}
		s, ok := nstart[n.Serial]
		if !ok {
			continue
		}
		if n.MediaErrors > s.MediaErrors {
			add(model.StatusFail, "nvme-media-errors", where, "media_errors %.0f → %.0f", s.MediaErrors, n.MediaErrors)
		}
		if n.ErrorLogEntries > s.ErrorLogEntries {
			add(model.StatusWarn, "nvme-error-log", where, "num_err_log_entries %.0f → %.0f", s.ErrorLogEntries, n.ErrorLogEntries)
		}
		if n.WarningTempMinutes > s.WarningTempMinutes || n.CriticalTempMinutes > s.CriticalTempMinutes {
			add(model.StatusWarn, "nvme-temperature", where, "minutes above warning temperature %d → %d, above critical %d → %d (now %d °C)",
				s.WarningTempMinutes, n.WarningTempMinutes, s.CriticalTempMinutes, n.CriticalTempMinutes, n.TemperatureKelvin-273)
		}
		if n.PercentageUsed > s.PercentageUsed {
			add(model.StatusWarn, "nvme-wear", where, "percentage_used %d %% → %d %%", s.PercentageUsed, n.PercentageUsed)
		}
	}
	return f
}

func warningBits(cw uint8) []string {
	names := []string{"spare below threshold", "temperature", "reliability degraded", "read-only", "volatile memory backup failed"}
	var out []string
	for i, n := range names {
		if cw&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// throttling finds cores whose frequency under load stayed more than
// ThrottleDrop below their reference for ThrottleSamples samples in a row.
// A core's reference is its maximum (cpuinfo_max_freq) unless it never
// reached it under load: all-core boost is below the single-core maximum
// by design, so then the highest frequency it did reach under load is the
// reference, and a drop from there is what throttling looks like.
func throttling(t model.Timelines) []model.Finding {
	var load []model.FreqSample
	for _, s := range t.Frequency {
		if s.Phase == loadPhase && len(s.MHz) > 0 {
			load = append(load, s)
		}
	}
	if len(load) == 0 {
		return nil
	}
	cores := len(load[0].MHz)
	var f []model.Finding
	for c := range cores {
		peak, top := 0, 0
		for _, s := range load {
			if c < len(s.MHz) {
				peak = max(peak, s.MHz[c])
			}
			if c < len(s.MaxMHz) {
				top = max(top, s.MaxMHz[c])
			}
		}
		ref := peak
		if top > 0 && top < peak {
			ref = top
		}
		if ref == 0 {
			continue
		}
		limit := float64(ref) * (1 - ThrottleDrop)
		from, to, lowest := sustainedLow(load, c, limit)
		if from < 0 {
			continue
		}
		first, last := load[from].Time, load[to].Time
		f = append(f, model.Finding{
			Severity: model.StatusWarn, Check: "throttling", When: first, Where: fmt.Sprintf("cpu%d", c),
			Evidence: fmt.Sprintf("under load %d samples in a row (%s to %s) below %.0f MHz, lowest %d MHz, against %d MHz (%d %% drop)%s",
				to-from+1, first.Format(time.RFC3339), last.Format(time.RFC3339), limit, lowest, ref, 100*(ref-lowest)/ref, tempDuring(t.Temperature, first, last)),
		})
	}
	return f
}

// sustainedLow finds core c's first run of at least ThrottleSamples
// samples below limit: its first and last index and lowest value, or -1.
func sustainedLow(load []model.FreqSample, c int, limit float64) (from, to, lowest int) {
	from = -1
	for i, s := range load {
		low := c < len(s.MHz) && float64(s.MHz[c]) < limit
		switch {
		case low && from < 0:
			from, lowest = i, s.MHz[c]
		case low:
			lowest = min(lowest, s.MHz[c])
		case from >= 0 && i-from >= ThrottleSamples:
			return from, i - 1, lowest
		default:
			from = -1
		}
	}
	if from >= 0 && len(load)-from >= ThrottleSamples {
		return from, len(load) - 1, lowest
	}
	return -1, -1, 0
}

// tempDuring names the hottest sensor reading between from and to.
func tempDuring(temps []model.TempSample, from, to time.Time) string {
	best, where := -1000.0, ""
	for _, s := range temps {
		if s.Time.Before(from) || s.Time.After(to) {
			continue
		}
		for k, v := range s.Celsius {
			if v > best {
				best, where = v, k
			}
		}
	}
	if where == "" {
		return ""
	}
	return fmt.Sprintf("; hottest %s %.1f °C", where, best)
}

// quickDrops warns for each quick metric with QuickDropRuns measurements
// in a row more than QuickDrop below its first: drift is sustained, while a
// single low measurement on a busy machine is noise.
func quickDrops(q []model.QuickSample) []model.Finding {
	series := map[string][]model.QuickSample{}
	for _, s := range q {
		key := s.ID
		if key == "" {
			key = s.Metric
		}
		series[key] = append(series[key], s)
	}
	var f []model.Finding
	for _, m := range slices.Sorted(maps.Keys(series)) {
		s := series[m]
		first := s[0]
		if first.Score <= 0 {
			continue
		}
		run := 0
		for i, x := range s[1:] {
			if x.Score >= first.Score*(1-QuickDrop) {
				run = 0
				continue
			}
			run++
			if run < QuickDropRuns {
				continue
			}
			worst := x
			for _, y := range s[i+2-run : i+2] {
				if y.Score < worst.Score {
					worst = y
				}
			}
			f = append(f, model.Finding{Severity: model.StatusWarn, Check: "quick-drop", When: s[i+2-run].Time, Where: first.Metric,
				Evidence: fmt.Sprintf("%d measurements in a row more than %.0f %% below the first (%s at %s); lowest %s at %s (%s lower)",
					run, QuickDrop*100, units.Format(first.Score, units.Kind(first.Unit)), first.Time.Format(time.RFC3339),
					units.Format(worst.Score, units.Kind(first.Unit)), worst.Time.Format(time.RFC3339), units.Percent(100*(1-worst.Score/first.Score)))})
			break
		}
	}
	return f
}
