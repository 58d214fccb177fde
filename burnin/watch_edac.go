package burnin

import (
	"path/filepath"

	"github.com/hwqual/hwqual/internal/sysfs"
	"github.com/hwqual/hwqual/reports/model"
)

// readEDAC reads the kernel's ECC error counts: per memory controller
// (/sys/devices/system/edac/mc/mc*/{ce_count,ue_count}) and per DIMM
// (mc*/dimm*/dimm_{ce,ue}_count with dimm_label), the rows listed
// controller first, then its DIMMs.
func readEDAC(root string) ([]model.EDACCounts, error) {
	base := filepath.Join(root, "sys", "devices", "system", "edac", "mc")
	var out []model.EDACCounts
	for _, mc := range sysfs.Numbered(base, "mc") {
		dir := filepath.Join(base, mc)
		ce, err1 := sysfs.Uint(filepath.Join(dir, "ce_count"))
		ue, err2 := sysfs.Uint(filepath.Join(dir, "ue_count"))
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, model.EDACCounts{Name: mc, Corrected: ce, Uncorrected: ue})
		for _, d := range sysfs.Numbered(dir, "dimm") {
			ddir := filepath.Join(dir, d)
			ce, err1 := sysfs.Uint(filepath.Join(ddir, "dimm_ce_count"))
			ue, err2 := sysfs.Uint(filepath.Join(ddir, "dimm_ue_count"))
			if err1 != nil || err2 != nil {
				continue
			}
			out = append(out, model.EDACCounts{Name: mc + "/" + d, Label: sysfs.Text(filepath.Join(ddir, "dimm_label")), Corrected: ce, Uncorrected: ue})
		}
	}
	if len(out) == 0 {
		return nil, notRevealed("no EDAC memory controller under %s (no ECC, no EDAC driver, or a virtual machine)", base)
	}
	return out, nil
}
