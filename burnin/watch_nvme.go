package burnin

import (
	"fmt"
	"strings"

	"github.com/hwqual/hwqual/firmware/nvme"
	"github.com/hwqual/hwqual/reports/model"
)

// readNVMe reads every NVMe drive's SMART/health log through the firmware
// package's reader (the same code `hwqual firmware check` uses). why says
// which drives' logs could not be read (not root, no device node).
func readNVMe(root string) (out []model.NVMeCounters, why string, err error) {
	ctrls, err := nvme.Controllers(root)
	if err != nil {
		return nil, "", err
	}
	if len(ctrls) == 0 {
		return nil, "", notRevealed("no NVMe controllers")
	}
	var missing []string
	for _, c := range ctrls {
		if c.Admin == nil || c.Admin.Health == nil {
			reason := c.NotRead
			if reason == "" && c.Admin != nil {
				reason = strings.Join(c.Admin.Errors, "; ")
			}
			missing = append(missing, fmt.Sprintf("%s: %s", c.Name, reason))
			continue
		}
		h := c.Admin.Health
		out = append(out, model.NVMeCounters{
			Name: c.Name, Serial: c.Serial, CriticalWarning: h.CriticalWarning,
			MediaErrors: h.MediaErrors, ErrorLogEntries: h.ErrorLogEntries,
			PercentageUsed: h.PercentageUsed, TemperatureKelvin: h.TemperatureKelvin,
			WarningTempMinutes: h.WarningTempMinutes, CriticalTempMinutes: h.CriticalTempMinutes,
		})
	}
	return out, strings.Join(missing, "; "), nil
}
