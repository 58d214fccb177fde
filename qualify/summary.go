package qualify

import (
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports"
)

// Summarize counts the checks. A required (severity fail) check that was
// not measured fails the verdict: hwqual never calls unproven hardware fit.
func Summarize(checks []reports.Check) reports.Summary {
	return SummarizeStrict(checks, false)
}

// SummarizeStrict is Summarize for a gate that must be sure: with strict,
// a required check that passed only marginally (its interval holds the
// threshold) also fails the verdict.
func SummarizeStrict(checks []reports.Check, strict bool) reports.Summary {
	s := reports.Summary{Total: len(checks), Strict: strict}
	requiredUnmeasured, requiredMarginal := 0, 0
	for _, c := range checks {
		if c.Numeric != nil && c.Numeric.Marginal && c.Status != reports.StatusNotMeasured {
			s.Marginal++
			if c.Status == reports.StatusPass && required(c) {
				requiredMarginal++
			}
		}
		switch c.Status {
		case reports.StatusPass:
			s.Passed++
		case reports.StatusFail:
			s.Failed++
		case reports.StatusWarn:
			s.Warned++
		case reports.StatusInfo:
			s.Info++
		case reports.StatusNotMeasured:
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
func required(c reports.Check) bool { return profiles.Severity(c.Severity) == profiles.SeverityFail }
