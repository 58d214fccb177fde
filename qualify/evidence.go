package qualify

import (
	"fmt"

	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
)

// Evidence is hwqual's one evidence policy, shared by every command that
// gives a verdict: a required check that was not measured as specified —
// fewer workers than asked, a value the machine does not reveal, a watch
// that saw nothing — is not measured, never a pass, and fails the run
// (exit 1), with the reason and what would make it measurable.
type Evidence struct {
	// AcceptUnknown (--accept-unknown) turns a required value the machine
	// does not reveal back into a warning, for operators who know their
	// platform hides it (a VM's ECC state, a board without EDAC). It never
	// makes an unknown a pass, and it does not excuse a metric measured
	// on fewer workers than asked: that is a smaller machine, not a
	// hidden fact.
	AcceptUnknown bool
}

// Unknown is the status of a requirement of severity sev whose fact or
// watch this machine does not reveal: info stays info, a warn requirement
// warns, a required one is not measured unless AcceptUnknown.
func (e Evidence) Unknown(sev profiles.Severity) model.Status {
	switch {
	case sev == profiles.SeverityInfo:
		return model.StatusInfo
	case sev == profiles.SeverityWarn || e.AcceptUnknown:
		return model.StatusWarn
	}
	return model.StatusNotMeasured
}

// acceptHint is the closing clause of every unknown-fact reason.
const acceptHint = "or, if this platform is known to hide it, --accept-unknown makes it a warning"

// revealHints say what makes a hidden inventory field readable, for the
// fields machines most often hide. Other fields point to the inventory's
// own notes.
var revealHints = map[string]string{
	"memory.ecc":               "an EDAC memory-controller driver (amd64_edac, skx_edac, i10nm_edac) or SMBIOS memory tables read as root on bare metal reveal it",
	"memory.type":              "SMBIOS memory-device records (read as root from /sys/firmware/dmi/tables) reveal it",
	"memory.rated_mts":         "SMBIOS memory-device records (read as root from /sys/firmware/dmi/tables) reveal it",
	"memory.configured_mts":    "SMBIOS memory-device records (read as root from /sys/firmware/dmi/tables) reveal it",
	"memory.dimm_count":        "SMBIOS memory-device records (read as root from /sys/firmware/dmi/tables) reveal it",
	"memory.dimms_per_channel": "SMBIOS memory-device records (read as root from /sys/firmware/dmi/tables) reveal it",
	"cpu.max_mhz":              "a cpufreq driver (/sys/devices/system/cpu/cpu*/cpufreq, e.g. amd-pstate or intel_pstate on bare metal) reveals it",
	"cpu.base_mhz":             "a cpufreq driver (/sys/devices/system/cpu/cpu*/cpufreq) or a model name stating the clock reveals it",
	"cpu.scaling_governor":     "a cpufreq driver (/sys/devices/system/cpu/cpu*/cpufreq) reveals it",
	"storage.min_pcie_gen":     "NVMe drives on PCIe whose link speed the kernel reports (/sys/bus/pci/devices/*/current_link_speed) reveal it",
	"network.link_mbps":        "a network interface that reports its negotiated speed (/sys/class/net/<if>/speed; virtual NICs often do not) reveals it",
}

// unknownReason is the not-measured reason (or the warning note) for a
// rule on a field this machine does not reveal; a required rule's names
// --accept-unknown too.
func unknownReason(field, rule string, required bool) string {
	hint, ok := revealHints[field]
	if !ok {
		hint = "`hwqual inventory` notes say what could not be read"
	}
	s := fmt.Sprintf("this machine does not reveal %s, so %q is unproven; %s", field, rule, hint)
	if required {
		s += "; " + acceptHint
	}
	return s
}
