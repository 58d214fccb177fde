package qualify

import (
	"fmt"
	"strings"

	"github.com/hwqual/hwqual/firmware/advisory"
	"github.com/hwqual/hwqual/firmware/nvme"
	"github.com/hwqual/hwqual/internal/checkid"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// FirmwareCategory is the report category of firmware requirements.
const FirmwareCategory = "Firmware"

// FirmwareChecks judges every NVMe drive under root against the built-in
// advisory database: one check per drive. The requirement's severity
// decides what a CRITICAL drive does (fail or warn); UPDATE, WARN and
// UNKNOWN warn, OK passes. A machine without NVMe drives, or one whose
// sysfs cannot be read, gives one not-measured check. An empty root is "/".
func FirmwareChecks(req profiles.Requirement, root string) []model.Check {
	base := model.Check{
		ID: req.ID, Kind: model.KindFirmware, Category: FirmwareCategory, Function: "NVMe firmware", Severity: string(req.Severity),
		Method: "sysfs identity and NVMe admin log pages judged against hwqual's firmware advisory database",
	}
	if root == "" {
		root = "/"
	}
	rows, err := nvme.Check(root, advisory.Builtin())
	if err != nil || len(rows) == 0 {
		c := base
		c.Text = &model.Text{}
		c.Status = model.StatusNotMeasured
		c.Reason = nvme.NewCheckReport(root, "builtin", nil).NoDrivesLine()
		if err != nil {
			c.Reason = err.Error()
		}
		return []model.Check{c}
	}
	checks := make([]model.Check, 0, len(rows))
	seen := map[string]bool{}
	for _, r := range rows {
		c := base
		c.ID = checkid.Firmware(req.Firmware, driveKey(r.Controller, seen))
		c.Function = fmt.Sprintf("%s %s", r.Name, r.Model)
		c.Text = &model.Text{Found: fmt.Sprintf("%s %s", r.Firmware, r.Verdict)}
		c.Status = firmwareStatus(r.Verdict, req.Severity)
		c.Notes = r.Explanations()
		checks = append(checks, c)
	}
	return checks
}

// driveKey is what identifies a drive in its check id: the serial number,
// which follows the drive from slot to slot and machine to machine. A
// drive whose serial is unknown uses its kernel name; a serial already
// taken in this run (cloned or blank-programmed drives) gets the kernel
// name appended, so ids stay unique.
func driveKey(c nvme.Controller, seen map[string]bool) string {
	key := strings.TrimSpace(c.Serial)
	switch {
	case key == "":
		key = c.Name
	case seen[key]:
		key += "@" + c.Name
	}
	seen[key] = true
	return key
}

// firmwareStatus maps a drive's verdict to a check status under the
// requirement's severity.
func firmwareStatus(v advisory.Verdict, sev profiles.Severity) model.Status {
	switch {
	case sev == profiles.SeverityInfo:
		return model.StatusInfo
	case v == advisory.VerdictOK:
		return model.StatusPass
	case v == advisory.VerdictCritical && sev == profiles.SeverityFail:
		return model.StatusFail
	}
	return model.StatusWarn
}
