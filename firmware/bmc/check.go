package bmc

import (
	"fmt"

	"github.com/hwqual/hwqual/internal/schema"
)

// Statuses of a BMC minimum-version check, as in qualification reports.
const (
	CheckPass        = "PASS"
	CheckFail        = "FAIL"
	CheckNotMeasured = "NOT MEASURED"
)

// Check is one --min-bmc / --min-bios verdict.
type Check struct {
	Name    string `json:"name"`
	Minimum string `json:"minimum"`
	Found   string `json:"found"`
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
}

// CheckMinimums judges the BMC and BIOS versions against minimums; an
// empty minimum is no check. A version that is missing or cannot be
// compared is NOT MEASURED, never a pass.
func CheckMinimums(info *Info, minBMC, minBIOS string) []Check {
	var out []Check
	if minBMC != "" {
		out = append(out, checkBMCMinimum("bmc_firmware", info.BMCFirmwareVersion(), minBMC,
			"the BMC reported no firmware version"))
	}
	if minBIOS != "" {
		reason := "the BMC reported no BIOS version"
		if info.Source == "ipmi" {
			reason = "IPMI Get Device ID carries no BIOS version; use Redfish"
		}
		out = append(out, checkBMCMinimum("bios", info.BIOSVersion, minBIOS, reason))
	}
	return out
}

func checkBMCMinimum(name, found, minimum, missing string) Check {
	c := Check{Name: name, Minimum: minimum, Found: found}
	if found == "" {
		c.Status, c.Reason = CheckNotMeasured, missing
		return c
	}
	cmp, err := CompareVersions(found, minimum)
	switch {
	case err != nil:
		c.Status, c.Reason = CheckNotMeasured, err.Error()
	case cmp < 0:
		c.Status, c.Reason = CheckFail, fmt.Sprintf("%s is older than %s", found, minimum)
	default:
		c.Status = CheckPass
	}
	return c
}

// Report is what `hwqual firmware bmc` prints, in any format: the
// BMC's versions and the verdicts already judged against the minimums.
type Report struct {
	schema.Header
	BMC    *Info   `json:"bmc"`
	Checks []Check `json:"checks"`
	Pass   bool    `json:"pass"`
}

// NewReport judges info against the minimums.
func NewReport(info *Info, minBMC, minBIOS string) *Report {
	r := &Report{Header: schema.New(schema.BMCCheck), BMC: info, Checks: CheckMinimums(info, minBMC, minBIOS), Pass: true}
	if r.Checks == nil {
		r.Checks = []Check{}
	}
	for _, c := range r.Checks {
		if c.Status != CheckPass {
			r.Pass = false
		}
	}
	return r
}
