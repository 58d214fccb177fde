package firmware

import (
	"fmt"

	"github.com/hwqual/hwqual/internal/schema"
)

// Statuses of a BMC minimum-version check, as in qualification reports.
const (
	BMCCheckPass        = "PASS"
	BMCCheckFail        = "FAIL"
	BMCCheckNotMeasured = "NOT MEASURED"
)

// BMCCheck is one --min-bmc / --min-bios verdict.
type BMCCheck struct {
	Name    string `json:"name"`
	Minimum string `json:"minimum"`
	Found   string `json:"found"`
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
}

// CheckBMCMinimums judges the BMC and BIOS versions against minimums; an
// empty minimum is no check. A version that is missing or cannot be
// compared is NOT MEASURED, never a pass.
func CheckBMCMinimums(info *BMCInfo, minBMC, minBIOS string) []BMCCheck {
	var out []BMCCheck
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

func checkBMCMinimum(name, found, minimum, missing string) BMCCheck {
	c := BMCCheck{Name: name, Minimum: minimum, Found: found}
	if found == "" {
		c.Status, c.Reason = BMCCheckNotMeasured, missing
		return c
	}
	cmp, err := CompareBMCVersions(found, minimum)
	switch {
	case err != nil:
		c.Status, c.Reason = BMCCheckNotMeasured, err.Error()
	case cmp < 0:
		c.Status, c.Reason = BMCCheckFail, fmt.Sprintf("%s is older than %s", found, minimum)
	default:
		c.Status = BMCCheckPass
	}
	return c
}

// BMCReport is what `hwqual firmware bmc` prints, in any format: the
// BMC's versions and the verdicts already judged against the minimums.
type BMCReport struct {
	schema.Header
	BMC    *BMCInfo   `json:"bmc"`
	Checks []BMCCheck `json:"checks"`
	Pass   bool       `json:"pass"`
}

// NewBMCReport judges info against the minimums.
func NewBMCReport(info *BMCInfo, minBMC, minBIOS string) *BMCReport {
	r := &BMCReport{Header: schema.New(schema.BMCCheck), BMC: info, Checks: CheckBMCMinimums(info, minBMC, minBIOS), Pass: true}
	if r.Checks == nil {
		r.Checks = []BMCCheck{}
	}
	for _, c := range r.Checks {
		if c.Status != BMCCheckPass {
			r.Pass = false
		}
	}
	return r
}
