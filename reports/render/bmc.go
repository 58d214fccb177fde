package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwqual/hwqual/firmware/bmc"
)

// writeBMCText writes the report for a terminal.
func writeBMCText(w io.Writer, r *bmc.Report) error {
	tw := newList(w)
	for _, row := range bmcSummaryRows(r.BMC) {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if len(r.BMC.Inventory) > 0 {
		fmt.Fprintf(tw, "\nFIRMWARE INVENTORY\tNAME\tVERSION\tUPDATEABLE\n")
		for _, it := range r.BMC.Inventory {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", it.ID, orDash(it.Name), orDash(it.Version), bmcYesNo(it.Updateable))
		}
	}
	if len(r.Checks) > 0 {
		fmt.Fprintf(tw, "\nCHECK\tMINIMUM\tFOUND\tRESULT\n")
		for _, c := range r.Checks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.Minimum, orDash(c.Found), bmcWithReason(c))
		}
	}
	return tw.Flush()
}

// writeBMCMarkdown writes the report as Markdown tables.
func writeBMCMarkdown(w io.Writer, r *bmc.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## BMC %s\n\n| | |\n|---|---|\n", escapeMD(r.BMC.Host))
	for _, row := range bmcSummaryRows(r.BMC) {
		fmt.Fprintf(&b, "| %s | %s |\n", escapeMD(row[0]), escapeMD(row[1]))
	}
	if len(r.BMC.Inventory) > 0 {
		b.WriteString("\n### Firmware inventory\n\n| Id | Name | Version | Updateable |\n|---|---|---|---|\n")
		for _, it := range r.BMC.Inventory {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", escapeMD(it.ID), escapeMD(orDash(it.Name)), escapeMD(orDash(it.Version)), bmcYesNo(it.Updateable))
		}
	}
	if len(r.Checks) > 0 {
		b.WriteString("\n### Checks\n\n| Check | Minimum | Found | Result |\n|---|---|---|---|\n")
		for _, c := range r.Checks {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", escapeMD(c.Name), escapeMD(c.Minimum), escapeMD(orDash(c.Found)), escapeMD(bmcWithReason(c)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func bmcSummaryRows(i *bmc.Info) [][2]string {
	rows := [][2]string{{"BMC", i.Host + " (" + i.Source + ")"}}
	if i.RedfishError != "" {
		rows = append(rows, [2]string{"Redfish", "unavailable: " + i.RedfishError})
	}
	if m := i.Manager; m != nil {
		rows = append(rows, [2]string{"BMC firmware", orDash(m.FirmwareVersion) + " (manager " + m.ID + bmcModel(m.Model) + ")"})
	}
	if i.Source == "redfish" {
		rows = append(rows, [2]string{"BIOS", orDash(i.BIOSVersion)})
	}
	if d := i.DualImage; d != nil {
		rows = append(rows,
			[2]string{"BMC image 1", orDash(d.Image1Version) + bmcDualFlags("1", d)},
			[2]string{"BMC image 2", orDash(d.Image2Version) + bmcDualFlags("2", d)})
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

func bmcDualFlags(n string, d *bmc.DualImage) string {
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

func bmcWithReason(c bmc.Check) string {
	if c.Reason == "" {
		return c.Status
	}
	return c.Status + ": " + c.Reason
}

func bmcYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
