package qualify

import (
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// Summarize counts the checks. A required (severity fail) check that was
// not measured fails the verdict: hwqual never calls unproven hardware fit.
func Summarize(checks []model.Check) model.Summary {
	return SummarizeStrict(checks, false)
}

// SummarizeStrict is Summarize for a gate that must be sure: with strict,
// a required check that passed only marginally (its interval holds the
// threshold) also fails the verdict.
func SummarizeStrict(checks []model.Check, strict bool) model.Summary {
	s := model.Summary{Total: len(checks), Strict: strict}
	requiredUnmeasured, requiredMarginal := 0, 0
	for _, c := range checks {
		if c.Numeric != nil && c.Numeric.Marginal && c.Status != model.StatusNotMeasured {
			s.Marginal++
			if c.Status == model.StatusPass && required(c) {
				requiredMarginal++
			}
		}
		switch c.Status {
		case model.StatusPass:
			s.Passed++
		case model.StatusFail:
			s.Failed++
		case model.StatusWarn:
			s.Warned++
		case model.StatusInfo:
			s.Info++
		case model.StatusNotMeasured:
			s.NotMeasured++
			if required(c) {
				requiredUnmeasured++
			}
		}
	}
	s.Pass = s.Failed == 0 && requiredUnmeasured == 0 && (!strict || requiredMarginal == 0)
	return s
}

// required reports whether a missed check fails the run: its profile
// severity is fail.
func required(c model.Check) bool { return profiles.Severity(c.Severity) == profiles.SeverityFail }
