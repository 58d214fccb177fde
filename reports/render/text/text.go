// Package text holds the words every human-readable rendering of a
// qualification report shares — the cells of Substrate's table (score,
// minimum, result, samples) and the summary, verdict and note lines — so
// the terminal table, the Markdown section and the HTML page always say
// the same thing. Like every renderer it only formats what the report says.
package text

import (
	"fmt"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/reports/model"
)

// The strings below are shared by every human-readable renderer so the
// terminal table and the Markdown section always say the same thing.

// noisyMark follows a score whose samples varied more than bench.NoisyCV.
const noisyMark = " *"

// marginalMark follows the verdict of a score whose 95 % interval contains
// its threshold.
const marginalMark = " marginal"

// IntervalText describes a score's sampling for progress lines and
// reports: "±0.6% at 95%, whole-window of 9 windows".
func IntervalText(n model.Numeric) string {
	how := n.Estimator
	switch how {
	case "whole_window":
		how = "whole-window"
	case "", "median":
		how = "median"
	}
	if n.CILevel == 0 || n.Score == 0 {
		return fmt.Sprintf("%s of %d, no interval", how, len(n.Samples))
	}
	half := max(n.Score-n.CILow, n.CIHigh-n.Score) / n.Score
	return fmt.Sprintf("±%.1f%% at %.0f%%, %s of %d", 100*half, 100*n.CILevel, how, len(n.Samples))
}

// ScoreCell is the Score column: the score in Substrate's units.
func ScoreCell(c model.Check) string {
	if c.Status == model.StatusNotMeasured && c.Found() == "" {
		return "-"
	}
	if c.IsText() {
		return c.Found()
	}
	n := c.NumericOrZero()
	s := units.Format(n.Score, n.Unit)
	if n.Noisy {
		s += noisyMark
	}
	return s
}

// MinimumCell is the Minimum column, in Substrate's units.
func MinimumCell(c model.Check) string {
	if c.IsText() {
		if c.Text == nil || c.Text.Required == "" {
			return "-"
		}
		return c.Text.Required
	}
	n := c.NumericOrZero()
	if n.Maximum != 0 {
		return "≤ " + units.Format(n.Maximum, n.Unit)
	}
	if n.Minimum == 0 {
		return "-"
	}
	return units.Format(n.Minimum, n.Unit)
}

// ResultCell is the Result column, shaped like Substrate's
// "✅ Pass (215.8 %)" / "❌ Fail ( 87.2 %)".
func ResultCell(c model.Check) string {
	// Rules and text checks (firmware verdicts) have no percentage of a
	// minimum; an unknown rule value says so.
	pct := fmt.Sprintf(" (%5.1f %%)", c.NumericOrZero().RelativePercent)
	if c.IsText() {
		pct = ""
		if c.Status == model.StatusWarn && c.Found() == "unknown" {
			pct = " (unknown)"
		}
	}
	if c.Numeric != nil && c.Numeric.Marginal {
		pct += marginalMark
	}
	switch c.Status {
	case model.StatusNotMeasured:
		return "❔ Not measured"
	case model.StatusInfo:
		return "📋 Info"
	case model.StatusPass:
		return "✅ Pass" + pct
	case model.StatusWarn:
		return "❗ Warn" + pct
	default:
		return "❌ Fail" + pct
	}
}

// SummaryLine is Substrate's closing count, extended only when a run has
// warnings or unmeasured metrics.
func SummaryLine(r *model.Report) string {
	s := r.Summary
	tol := fmt.Sprintf("(%.0f%% fault tolerance)", r.TolerancePercent)
	total := fmt.Sprintf("%d benchmarks", s.Total)
	if facts := countText(r.Checks); facts > 0 {
		total = fmt.Sprintf("%d checks (%d benchmarks, %d hardware and firmware checks)", s.Total, s.Total-facts, facts)
	}
	marginal := ""
	if s.Marginal > 0 {
		marginal = fmt.Sprintf(" %d marginal (interval contains the threshold).", s.Marginal)
	}
	if s.Warned == 0 && s.NotMeasured == 0 && s.Info == 0 {
		return fmt.Sprintf("From %s in total, %d passed and %d failed %s.%s", total, s.Passed, s.Failed, tol, marginal)
	}
	return fmt.Sprintf("From %s in total, %d passed, %d failed, %d warned, %d not measured and %d for information %s.%s",
		total, s.Passed, s.Failed, s.Warned, s.NotMeasured, s.Info, tol, marginal)
}

func countText(checks []model.Check) int {
	n := 0
	for _, c := range checks {
		if c.IsText() {
			n++
		}
	}
	return n
}

// VerdictLine is the final sentence an operator acts on.
func VerdictLine(r *model.Report) string {
	switch {
	case r.Interrupted:
		return "Interrupted: the hardware was not fully qualified"
	case r.Summary.Pass:
		return "The hardware meets the requirements"
	case r.Summary.Failed == 0 && r.Summary.Strict && r.Summary.Marginal > 0 && !requiredUnmeasured(r.Checks):
		return "The hardware meets the requirements only marginally: --strict asks for every required score to clear its threshold with 95% confidence"
	case r.Summary.Failed == 0:
		return "The hardware could not be fully qualified: a required check could not be measured"
	default:
		return "The hardware fails to meet the requirements"
	}
}

// NoteLines lists what a reader needs besides the table: why a metric was
// not measured, which scores are noisy, and module remarks.
func NoteLines(r *model.Report) []string {
	var lines []string
	for _, c := range r.Checks {
		if c.Status == model.StatusNotMeasured {
			lines = append(lines, fmt.Sprintf("%s: not measured: %s", c.Function, c.Reason))
		}
		if n := c.NumericOrZero(); n.Noisy {
			lines = append(lines, fmt.Sprintf("%s:%s noisy: CV %.1f%% over %d samples (above 5%%); rerun on an idle machine or with a longer --duration",
				c.Function, noisyMark, n.Stats.CV*100, len(n.Samples)))
		}
		for _, n := range c.Notes {
			lines = append(lines, fmt.Sprintf("%s: %s", c.Function, n))
		}
	}
	return lines
}

// SampleCell summarises sampling for the Markdown table: "20 (CV 0.8 %)",
// with the 95 % interval's half-width where there is one:
// "20 (CV 0.8 %, 95 %: ±0.4 %)".
func SampleCell(c model.Check) string {
	if c.Status == model.StatusNotMeasured || c.IsText() {
		return "-"
	}
	n := c.NumericOrZero()
	if n.CILevel > 0 && n.Score != 0 {
		half := max(n.Score-n.CILow, n.CIHigh-n.Score) / n.Score
		return fmt.Sprintf("%d (CV %.1f %%, %.0f %%: ±%.1f %%)", len(n.Samples), n.Stats.CV*100, 100*n.CILevel, 100*half)
	}
	return fmt.Sprintf("%d (CV %.1f %%)", len(n.Samples), n.Stats.CV*100)
}

// requiredUnmeasured reports a required check that was not measured.
func requiredUnmeasured(checks []model.Check) bool {
	for _, c := range checks {
		if c.Status == model.StatusNotMeasured && c.Severity == model.SeverityFail {
			return true
		}
	}
	return false
}
