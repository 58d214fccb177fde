package qualify

import "github.com/hwqual/hwqual/reports"

// Summarize counts the checks. A required (severity fail) check that was
// not measured fails the verdict: hwqual never calls unproven hardware fit.
func Summarize(checks []reports.Check) reports.Summary {
	s := reports.Summary{Total: len(checks)}
	requiredUnmeasured := 0
	for _, c := range checks {
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
			if c.Severity == "fail" {
				requiredUnmeasured++
			}
		}
	}
	s.Pass = s.Failed == 0 && requiredUnmeasured == 0
	return s
}
