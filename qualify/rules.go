package qualify

import (
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// EvaluateRule judges an inventory rule. A value the machine does not
// reveal is "unknown": never a pass and never a crash; a required rule on
// it is not measured unless ev accepts unknowns (then it warns).
func EvaluateRule(req profiles.Requirement, inv *inventory.Inventory, ev Evidence) model.Check {
	r := req.Rule
	c := model.Check{
		ID:       req.ID,
		Kind:     model.KindRule,
		Category: r.Field.Category,
		Function: r.Field.Name,
		Severity: string(req.Severity),
		Method:   "inventory",
		Text:     &model.Text{Required: r.Required()},
	}
	found, ok := r.Field.Get(inv)
	if !ok {
		c.Text.Found = "unknown"
		c.Status = ev.Unknown(req.Severity)
		why := unknownReason(r.Field.Name, r.Text, c.Status == model.StatusNotMeasured)
		switch {
		case c.Status == model.StatusNotMeasured:
			c.Reason = why
		case ev.AcceptUnknown && req.Severity == profiles.SeverityFail:
			c.Notes = []string{"unknown: " + why, "accepted with --accept-unknown: warned, not proven"}
		default:
			c.Notes = []string{"unknown: " + why}
		}
		return c
	}
	c.Text.Found = r.Field.FormatLike(found, r.ValueText)
	c.Status = verdict(req.Severity, inventory.Compare(r.Field.Type, r.Op, found, r.Want))
	return c
}

// verdict is a judged requirement's status: info is never judged, a met
// requirement passes, a missed one warns or fails by its severity.
func verdict(sev profiles.Severity, met bool) model.Status {
	switch {
	case sev == profiles.SeverityInfo:
		return model.StatusInfo
	case met:
		return model.StatusPass
	case sev == profiles.SeverityWarn:
		return model.StatusWarn
	}
	return model.StatusFail
}
