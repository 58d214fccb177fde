package nvme

import (
	"fmt"
	"strings"

	"github.com/hwqual/hwqual/firmware/advisory"
)

// Health thresholds.
const wornPercent = 80

// JudgeHealth judges a SMART/health log: a critical-warning bit or
// read-only media is CRITICAL; wear at or above 80 %, media errors or
// spare below threshold are WARN.
func JudgeHealth(h *Health) advisory.Judgement {
	if h == nil {
		return advisory.Judgement{Verdict: advisory.VerdictNotRead, Reason: "SMART/health log not read"}
	}
	if h.CriticalWarning != 0 || h.ReadOnly {
		return advisory.Judgement{Verdict: advisory.VerdictCritical, Reason: fmt.Sprintf("critical warning 0x%02x: %s", h.CriticalWarning, strings.Join(h.CriticalWarningSet, ", "))}
	}
	var warn []string
	if h.PercentageUsed >= wornPercent {
		warn = append(warn, fmt.Sprintf("percentage used %d%% (≥ %d%%)", h.PercentageUsed, wornPercent))
	}
	if h.MediaErrors > 0 {
		warn = append(warn, fmt.Sprintf("%.0f media errors", h.MediaErrors))
	}
	if h.AvailableSparePct < h.SpareThresholdPct {
		warn = append(warn, fmt.Sprintf("available spare %d%% below threshold %d%%", h.AvailableSparePct, h.SpareThresholdPct))
	}
	if len(warn) > 0 {
		return advisory.Judgement{Verdict: advisory.VerdictWarn, Reason: strings.Join(warn, "; ")}
	}
	return advisory.Judgement{Verdict: advisory.VerdictOK, Reason: fmt.Sprintf("no critical warning, %d%% used, spare %d%%/%d%%, 0 media errors", h.PercentageUsed, h.AvailableSparePct, h.SpareThresholdPct)}
}

// Row is one drive in `hwqual firmware check`.
type Row struct {
	Controller
	FirmwareCheck advisory.Judgement `json:"firmware_check"`
	HealthCheck   advisory.Judgement `json:"health_check"`
	// Verdict is the worse of the firmware and health verdicts; a health
	// log that was not read leaves the firmware verdict standing (the
	// health column says NOT READ).
	Verdict advisory.Verdict `json:"verdict"`
	// Notes are remarks that change no verdict.
	Notes []string `json:"notes,omitempty"`
}

// Judge builds the row for one controller.
func Judge(db *advisory.Database, c Controller) Row {
	r := Row{Controller: c, FirmwareCheck: advisory.JudgeFirmware(db, c.Model, c.Firmware)}
	var h *Health
	if c.Admin != nil {
		h = c.Admin.Health
	}
	r.HealthCheck = JudgeHealth(h)
	if h == nil && c.NotRead != "" {
		r.HealthCheck.Reason = c.NotRead
	}
	r.Verdict = advisory.Worse(r.FirmwareCheck.Verdict, r.HealthCheck.Verdict)
	if c.Admin != nil && c.Admin.Slots != nil {
		if s := c.Admin.Slots; s.ActiveRevision() != c.Firmware {
			r.Notes = append(r.Notes, fmt.Sprintf("active firmware slot %d holds %q but sysfs says %q (sysfs can be stale after a firmware commit until reboot; some controllers label slots differently)", s.Active, s.ActiveRevision(), c.Firmware))
		}
		if s := c.Admin.Slots; s.Next != 0 && s.Next != s.Active {
			r.Notes = append(r.Notes, fmt.Sprintf("slot %d (%s) activates at the next reset", s.Next, s.Revisions[s.Next-1]))
		}
	}
	return r
}

// Check lists the NVMe controllers under root and judges each one.
func Check(root string, db *advisory.Database) ([]Row, error) {
	cs, err := Controllers(root)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(cs))
	for _, c := range cs {
		rows = append(rows, Judge(db, c))
	}
	return rows, nil
}
