package firmware

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// BMCReport is what `hwqual firmware bmc` prints, in any format.
type BMCReport struct {
	BMC    *BMCInfo   `json:"bmc"`
	Checks []BMCCheck `json:"checks"`
	Pass   bool       `json:"pass"`
}

// NewBMCReport judges info against the minimums.
func NewBMCReport(info *BMCInfo, minBMC, minBIOS string) *BMCReport {
	r := &BMCReport{BMC: info, Checks: CheckBMCMinimums(info, minBMC, minBIOS), Pass: true}
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

// WriteBMCJSON writes the report as indented JSON.
func WriteBMCJSON(w io.Writer, r *BMCReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteBMCText writes the report for a terminal.
func WriteBMCText(w io.Writer, r *BMCReport) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, row := range bmcSummaryRows(r.BMC) {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if len(r.BMC.Inventory) > 0 {
		fmt.Fprintf(tw, "\nFIRMWARE INVENTORY\tNAME\tVERSION\tUPDATEABLE\n")
		for _, it := range r.BMC.Inventory {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", it.ID, bmcOrDash(it.Name), bmcOrDash(it.Version), bmcYesNo(it.Updateable))
		}
	}
	if len(r.Checks) > 0 {
		fmt.Fprintf(tw, "\nCHECK\tMINIMUM\tFOUND\tRESULT\n")
		for _, c := range r.Checks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.Minimum, bmcOrDash(c.Found), bmcWithReason(c))
		}
	}
	return tw.Flush()
}

// WriteBMCMarkdown writes the report as Markdown tables.
func WriteBMCMarkdown(w io.Writer, r *BMCReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## BMC %s\n\n| | |\n|---|---|\n", bmcMDEscape(r.BMC.Host))
	for _, row := range bmcSummaryRows(r.BMC) {
		fmt.Fprintf(&b, "| %s | %s |\n", bmcMDEscape(row[0]), bmcMDEscape(row[1]))
	}
	if len(r.BMC.Inventory) > 0 {
		b.WriteString("\n### Firmware inventory\n\n| Id | Name | Version | Updateable |\n|---|---|---|---|\n")
		for _, it := range r.BMC.Inventory {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", bmcMDEscape(it.ID), bmcMDEscape(bmcOrDash(it.Name)), bmcMDEscape(bmcOrDash(it.Version)), bmcYesNo(it.Updateable))
		}
	}
	if len(r.Checks) > 0 {
		b.WriteString("\n### Checks\n\n| Check | Minimum | Found | Result |\n|---|---|---|---|\n")
		for _, c := range r.Checks {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.Name, bmcMDEscape(c.Minimum), bmcMDEscape(bmcOrDash(c.Found)), bmcMDEscape(bmcWithReason(c)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func bmcSummaryRows(i *BMCInfo) [][2]string {
	rows := [][2]string{{"BMC", i.Host + " (" + i.Source + ")"}}
	if i.RedfishError != "" {
		rows = append(rows, [2]string{"Redfish", "unavailable: " + i.RedfishError})
	}
	if m := i.Manager; m != nil {
		rows = append(rows, [2]string{"BMC firmware", bmcOrDash(m.FirmwareVersion) + " (manager " + m.ID + bmcModel(m.Model) + ")"})
	}
	if i.Source == "redfish" {
		rows = append(rows, [2]string{"BIOS", bmcOrDash(i.BIOSVersion)})
	}
	if d := i.DualImage; d != nil {
		rows = append(rows,
			[2]string{"BMC image 1", bmcOrDash(d.Image1Version) + bmcDualFlags("1", d)},
			[2]string{"BMC image 2", bmcOrDash(d.Image2Version) + bmcDualFlags("2", d)})
	}
	if p := i.IPMI; p != nil {
		manu := fmt.Sprint(p.ManufacturerID)
		if p.Manufacturer != "" {
			manu += " (" + p.Manufacturer + ")"
		}
		rows = append(rows,
			[2]string{"Firmware revision", p.FirmwareRevision},
			[2]string{"Manufacturer ID", manu},
			[2]string{"Product ID", fmt.Sprintf("%d (0x%04x)", p.ProductID, p.ProductID)},
			[2]string{"Device ID / revision", fmt.Sprintf("%d / %d", p.DeviceID, p.DeviceRevision)},
			[2]string{"IPMI version", p.IPMIVersion})
		if p.AuxFirmwareRev != "" {
			rows = append(rows, [2]string{"Aux firmware rev", p.AuxFirmwareRev})
		}
	}
	return rows
}

func bmcModel(m string) string {
	if m == "" {
		return ""
	}
	return ", " + m
}

func bmcDualFlags(n string, d *BMCDualImage) string {
	var f []string
	if d.ActiveImage == n {
		f = append(f, "active")
	}
	if d.BootImage == n {
		f = append(f, "boots next")
	}
	if len(f) == 0 {
		return ""
	}
	return " (" + strings.Join(f, ", ") + ")"
}

func bmcWithReason(c BMCCheck) string {
	if c.Reason == "" {
		return c.Status
	}
	return c.Status + ": " + c.Reason
}

func bmcOrDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func bmcYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func bmcMDEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
