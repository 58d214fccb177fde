package advisory

import (
	"fmt"
	"slices"
	"strings"
)

// Verdict is the outcome of judging one drive.
type Verdict string

// Firmware verdicts, then health-only verdicts. Order matters: worse
// verdicts sort later (see Worse).
const (
	VerdictOK       Verdict = "OK"
	VerdictUnknown  Verdict = "UNKNOWN"
	VerdictWarn     Verdict = "WARN"
	VerdictUpdate   Verdict = "UPDATE"
	VerdictCritical Verdict = "CRITICAL"
	// VerdictNotRead is a health verdict: the SMART/health log was not read.
	VerdictNotRead Verdict = "NOT READ"
)

var rank = map[Verdict]int{VerdictNotRead: -1, VerdictOK: 0, VerdictUnknown: 2, VerdictWarn: 3, VerdictUpdate: 4, VerdictCritical: 5}

// Worse returns the more serious of two verdicts.
func Worse(a, b Verdict) Verdict {
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Judgement is a verdict with why and on whose word.
type Judgement struct {
	Verdict Verdict `json:"verdict"`
	Reason  string  `json:"reason"`
	Source  string  `json:"source,omitempty"`
}

// JudgeFirmware judges a model's firmware revision against the database.
// Only advisories whose model pattern and family both match are used, so
// revisions of different families are never compared.
func JudgeFirmware(db *Database, model, rev string) Judgement {
	var sameModel, match []Advisory
	for _, a := range db.Advisories {
		if !a.Model.MatchString(model) {
			continue
		}
		sameModel = append(sameModel, a)
		if a.Family.Contains(rev) && (len(a.Versions) == 0 || slices.Contains(a.Versions, rev)) {
			match = append(match, a)
		}
	}
	if len(sameModel) == 0 {
		return Judgement{Verdict: VerdictUnknown, Reason: fmt.Sprintf("no advisory data for model %q", model)}
	}
	if len(match) == 0 {
		var fams []string
		for _, a := range sameModel {
			if !slices.Contains(fams, a.Family.String()) {
				fams = append(fams, a.Family.String())
			}
		}
		return Judgement{Verdict: VerdictUnknown, Reason: fmt.Sprintf("firmware %s is in no known family for this model (known: %s)", rev, strings.Join(fams, ", "))}
	}
	// A bad revision: the most severe advisory naming it decides.
	var worst *Advisory
	for i, a := range match {
		if slices.Contains(a.Bad, rev) && (worst == nil || sevRank(a.Severity) > sevRank(worst.Severity)) {
			worst = &match[i]
		}
	}
	if worst != nil && worst.Severity != SeverityInfo {
		v := VerdictUpdate
		if worst.Severity == SeverityCritical {
			v = VerdictCritical
		}
		reason := fmt.Sprintf("%s: %s%s; fixed in %s", rev, worst.Summary, unverified(worst), worst.Fixed)
		if n := newestOf(match); n != nil {
			reason += fmt.Sprintf(", newest %s%s", n.Newest, unverified(n))
		}
		return Judgement{Verdict: v, Reason: reason, Source: worst.Source}
	}
	n := newestOf(match)
	if n == nil {
		return Judgement{Verdict: VerdictUnknown, Reason: fmt.Sprintf("family %s: %s; no newest revision known", match[0].Family, match[0].Summary), Source: match[0].Source}
	}
	switch c := n.Family.Compare(rev, n.Newest); {
	case c < 0:
		return Judgement{Verdict: VerdictUpdate, Reason: fmt.Sprintf("%s is older than the newest %s%s", rev, n.Newest, unverified(n)), Source: n.Source}
	case c > 0:
		return Judgement{Verdict: VerdictOK, Reason: fmt.Sprintf("%s is newer than the newest the database knows (%s)", rev, n.Newest), Source: n.Source}
	}
	return Judgement{Verdict: VerdictOK, Reason: fmt.Sprintf("%s is the newest known firmware%s", rev, unverified(n)), Source: n.Source}
}

func sevRank(s Severity) int {
	return map[Severity]int{SeverityInfo: 0, SeverityUpdate: 1, SeverityCritical: 2}[s]
}

// newestOf returns the matching advisory with the highest newest revision.
func newestOf(as []Advisory) *Advisory {
	var best *Advisory
	for i, a := range as {
		if a.Newest != "" && (best == nil || a.Family.Compare(a.Newest, best.Newest) > 0) {
			best = &as[i]
		}
	}
	return best
}

func unverified(a *Advisory) string {
	if a.Verified {
		return ""
	}
	return " (unverified)"
}
