package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwqual/hwqual/internal/units"

	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/reports/model"
)

// InventorySection is one titled group of label/value rows, shared by the
// text, Markdown and HTML renderings so all say the same thing.
type InventorySection struct {
	Title string
	Rows  [][2]string
}

func virtualization(v inventory.Virtualization) string {
	var parts []string
	if v.VM {
		parts = append(parts, "VM (hypervisor: "+v.Hypervisor+")")
	}
	if v.Container != "" {
		parts = append(parts, "container ("+v.Container+")")
	}
	if len(parts) == 0 {
		return "none detected (bare metal)"
	}
	return strings.Join(parts, ", ")
}

// InventorySections lays the inventory out as titled label/value groups.
func InventorySections(inv *inventory.Inventory) []InventorySection {
	s, c, m, st := inv.System, inv.CPU, inv.Memory, inv.Storage
	sys := InventorySection{Title: "System", Rows: [][2]string{
		{"Host", model.OrUnknown(s.Hostname)},
		{"System", model.OrUnknown(strings.TrimSpace(s.Vendor + " " + s.Product))},
		{"Board", model.OrUnknown(strings.TrimSpace(s.BoardVendor + " " + s.BoardModel))},
		{"BIOS", model.OrUnknown(strings.TrimSpace(s.BIOSVersion + " " + s.BIOSDate))},
		{"Kernel", model.OrUnknown(s.KernelVersion)},
		{"Distribution", model.OrUnknown(s.Distribution)},
		{"Virtualization", virtualization(s.Virtual)},
	}}
	cpu := InventorySection{Title: "CPU", Rows: [][2]string{
		{"Model", model.OrUnknown(c.Model)},
		{"Vendor / arch", fmt.Sprintf("%s / %s / %s", model.OrUnknown(c.Vendor), model.OrUnknown(c.Arch), model.OrUnknown(c.Microarchitecture))},
		{"Topology", fmt.Sprintf("%s sockets, %s physical cores, %s logical CPUs", model.IntOrUnknown(c.Sockets, ""), model.IntOrUnknown(c.PhysicalCores, ""), model.IntOrUnknown(c.LogicalCPUs, ""))},
		{"SMT", model.BoolOrUnknown(c.SMT, "on", "off")},
		{"Clock", fmt.Sprintf("base %s, max %s", model.IntOrUnknown(c.BaseMHz, " MHz"), model.IntOrUnknown(c.MaxMHz, " MHz"))},
		{"Governor", model.OrUnknown(c.Governor)},
		{"L3 cache", model.BytesOrUnknown(c.L3Bytes)},
		{"Flags", model.OrUnknown(strings.Join(c.Flags, " "))},
	}}
	if c.StealPercent != nil {
		cpu.Rows = append(cpu.Rows, [2]string{"Hypervisor steal", fmt.Sprintf("%.1f %% of the CPU time the vCPUs wanted, over the qualification run", *c.StealPercent)})
	}
	ecc := model.BoolOrUnknown(m.ECC, "yes", "no")
	if m.ECCSource != "" {
		ecc += " (" + m.ECCSource + ")"
	}
	mem := InventorySection{Title: "Memory", Rows: [][2]string{
		{"Total", fmt.Sprintf("%s (usable %s)", model.BytesOrUnknown(m.TotalBytes), model.BytesOrUnknown(m.UsableBytes))},
		{"Type", model.OrUnknown(m.Type)},
		{"ECC", ecc},
		{"Speed", fmt.Sprintf("rated %s, configured %s", model.IntOrUnknown(m.RatedMTs, " MT/s"), model.IntOrUnknown(m.ConfiguredMTs, " MT/s"))},
		{"DIMMs", fmt.Sprintf("%s (%s per channel)", model.IntOrUnknown(m.DIMMCount, ""), model.IntOrUnknown(m.DIMMsPerChannel, ""))},
	}}
	for _, d := range m.DIMMs {
		mem.Rows = append(mem.Rows, [2]string{"  " + model.OrUnknown(strings.TrimSpace(d.BankLocator+" "+d.Locator)), dimmLine(d)})
	}
	sto := InventorySection{Title: "Storage", Rows: [][2]string{
		{"NVMe", fmt.Sprintf("%d drives, %s, slowest link PCIe gen %s", st.NVMeCount, units.Bytes(float64(st.NVMeTotalBytes)), model.IntOrUnknown(st.MinPCIeGen, ""))},
	}}
	for _, d := range st.Disks {
		sto.Rows = append(sto.Rows, [2]string{"  " + d.Name, diskLine(d)})
	}
	n := inv.Network
	netw := InventorySection{Title: "Network", Rows: [][2]string{
		{"Egress link", fmt.Sprintf("%s, %s, %s duplex", model.OrUnknown(n.EgressInterface), model.IntOrUnknown(n.LinkMbps, " Mbit/s"), model.OrUnknown(n.Duplex))},
	}}
	return []InventorySection{sys, cpu, mem, sto, netw}
}

func dimmLine(d inventory.DIMM) string {
	kind := model.BoolOrUnknown(d.Registered, "RDIMM", "UDIMM")
	ecc := model.BoolOrUnknown(d.ECC, "ECC", "non-ECC")
	return fmt.Sprintf("%s %s %s %s, rated %s, configured %s, %s %s", units.Bytes(float64(d.SizeBytes)),
		model.OrUnknown(d.Type), kind, ecc, mts(d.RatedMTs), mts(d.ConfiguredMTs), model.OrUnknown(d.Manufacturer), model.OrUnknown(d.PartNumber))
}

func mts(n int) string {
	if n == 0 {
		return model.Unknown
	}
	return fmt.Sprintf("%d MT/s", n)
}

func diskLine(d inventory.Disk) string {
	media := "SSD"
	if d.Rotational {
		media = "rotational"
	}
	line := fmt.Sprintf("%s, %s, %s, model %s, serial %s, firmware %s", d.Transport, units.Bytes(float64(d.SizeBytes)),
		media, model.OrUnknown(d.Model), model.OrUnknown(d.Serial), model.OrUnknown(d.Firmware))
	if d.Transport == "nvme" {
		if d.PCIeGen == nil {
			line += ", PCIe link unknown"
		} else {
			line += fmt.Sprintf(", PCIe gen %d x%s (%g GT/s)", *d.PCIeGen, model.IntOrUnknown(d.PCIeWidth, ""), *d.PCIeGTPerSecond)
		}
	}
	return line
}

// writeInventoryText writes the inventory for a terminal.
func writeInventoryText(w io.Writer, inv *inventory.Inventory) error {
	tw := newList(w)
	for _, s := range InventorySections(inv) {
		fmt.Fprintf(tw, "%s\n", s.Title)
		for _, r := range s.Rows {
			fmt.Fprintf(tw, "  %s\t%s\n", r[0], r[1])
		}
	}
	if len(inv.Notes) > 0 {
		fmt.Fprintf(tw, "Notes (values shown as unknown)\n")
		for _, n := range inv.Notes {
			fmt.Fprintf(tw, "  - %s\n", n)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write inventory: %w", err)
	}
	return nil
}

// writeInventoryMarkdown writes the inventory as a Markdown section.
func writeInventoryMarkdown(w io.Writer, inv *inventory.Inventory) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Machine inventory: %s\n", escapeMD(model.OrUnknown(inv.System.Hostname)))
	for _, s := range InventorySections(inv) {
		fmt.Fprintf(&b, "\n### %s\n\n| | |\n|---|---|\n", s.Title)
		for _, r := range s.Rows {
			fmt.Fprintf(&b, "| %s | %s |\n", escapeMD(strings.TrimSpace(r[0])), escapeMD(r[1]))
		}
	}
	if len(inv.Notes) > 0 {
		b.WriteString("\n**Notes:**\n\n")
		for _, n := range inv.Notes {
			fmt.Fprintf(&b, "- %s\n", escapeMD(n))
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write inventory Markdown: %w", err)
	}
	return nil
}

// MachineLine sums the inventory up in one line for report headers:
// "AMD Ryzen 9 7950X 16-Core Processor (16 cores, SMT on), 128.00 GiB DDR5 ECC, 2 NVMe 3.64 TiB, kernel 6.1.0-26-amd64, bare metal".
func MachineLine(inv *inventory.Inventory) string {
	c, m := inv.CPU, inv.Memory
	mem := model.BytesOrUnknown(m.TotalBytes)
	if m.Type != "" {
		mem += " " + m.Type
	}
	if m.ECC != nil {
		mem += model.BoolOrUnknown(m.ECC, " ECC", " non-ECC")
	}
	virt := "bare metal"
	if inv.System.Virtual.Virtualized() {
		virt = virtualization(inv.System.Virtual)
	}
	return fmt.Sprintf("%s (%s cores, SMT %s), %s, %d NVMe %s, kernel %s, %s", model.OrUnknown(c.Model), model.IntOrUnknown(c.PhysicalCores, ""),
		model.BoolOrUnknown(c.SMT, "on", "off"), mem, inv.Storage.NVMeCount, units.Bytes(float64(inv.Storage.NVMeTotalBytes)),
		model.OrUnknown(inv.System.KernelVersion), virt)
}
