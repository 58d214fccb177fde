package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/hwqual/hwqual/inventory"
)

// invSection is one titled group of label/value rows, shared by the text
// and Markdown renderers so both always say the same thing.
type invSection struct {
	title string
	rows  [][2]string
}

const unknown = "unknown"

func optInt(p *int, suffix string) string {
	if p == nil {
		return unknown
	}
	return fmt.Sprintf("%d%s", *p, suffix)
}

func optBool(p *bool, yes, no string) string {
	switch {
	case p == nil:
		return unknown
	case *p:
		return yes
	}
	return no
}

func optBytes(p *uint64) string {
	if p == nil {
		return unknown
	}
	return inventory.FormatBytes(float64(*p))
}

func orUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		return unknown
	}
	return s
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

func inventorySections(inv *inventory.Inventory) []invSection {
	s, c, m, st := inv.System, inv.CPU, inv.Memory, inv.Storage
	sys := invSection{title: "System", rows: [][2]string{
		{"Host", orUnknown(s.Hostname)},
		{"System", orUnknown(strings.TrimSpace(s.Vendor + " " + s.Product))},
		{"Board", orUnknown(strings.TrimSpace(s.BoardVendor + " " + s.BoardModel))},
		{"BIOS", orUnknown(strings.TrimSpace(s.BIOSVersion + " " + s.BIOSDate))},
		{"Kernel", orUnknown(s.KernelVersion)},
		{"Distribution", orUnknown(s.Distribution)},
		{"Virtualization", virtualization(s.Virtual)},
	}}
	cpu := invSection{title: "CPU", rows: [][2]string{
		{"Model", orUnknown(c.Model)},
		{"Vendor / arch", fmt.Sprintf("%s / %s / %s", orUnknown(c.Vendor), orUnknown(c.Arch), orUnknown(c.Microarchitecture))},
		{"Topology", fmt.Sprintf("%s sockets, %s physical cores, %s logical CPUs", optInt(c.Sockets, ""), optInt(c.PhysicalCores, ""), optInt(c.LogicalCPUs, ""))},
		{"SMT", optBool(c.SMT, "on", "off")},
		{"Clock", fmt.Sprintf("base %s, max %s", optInt(c.BaseMHz, " MHz"), optInt(c.MaxMHz, " MHz"))},
		{"Governor", orUnknown(c.Governor)},
		{"L3 cache", optBytes(c.L3Bytes)},
		{"Flags", orUnknown(strings.Join(c.Flags, " "))},
	}}
	if c.StealPercent != nil {
		cpu.rows = append(cpu.rows, [2]string{"Hypervisor steal", fmt.Sprintf("%.1f %% of the CPU time the vCPUs wanted, over the qualification run", *c.StealPercent)})
	}
	ecc := optBool(m.ECC, "yes", "no")
	if m.ECCSource != "" {
		ecc += " (" + m.ECCSource + ")"
	}
	mem := invSection{title: "Memory", rows: [][2]string{
		{"Total", fmt.Sprintf("%s (usable %s)", optBytes(m.TotalBytes), optBytes(m.UsableBytes))},
		{"Type", orUnknown(m.Type)},
		{"ECC", ecc},
		{"Speed", fmt.Sprintf("rated %s, configured %s", optInt(m.RatedMTs, " MT/s"), optInt(m.ConfiguredMTs, " MT/s"))},
		{"DIMMs", fmt.Sprintf("%s (%s per channel)", optInt(m.DIMMCount, ""), optInt(m.DIMMsPerChannel, ""))},
	}}
	for _, d := range m.DIMMs {
		mem.rows = append(mem.rows, [2]string{"  " + orUnknown(strings.TrimSpace(d.BankLocator+" "+d.Locator)), dimmLine(d)})
	}
	sto := invSection{title: "Storage", rows: [][2]string{
		{"NVMe", fmt.Sprintf("%d drives, %s, slowest link PCIe gen %s", st.NVMeCount, inventory.FormatBytes(float64(st.NVMeTotalBytes)), optInt(st.MinPCIeGen, ""))},
	}}
	for _, d := range st.Disks {
		sto.rows = append(sto.rows, [2]string{"  " + d.Name, diskLine(d)})
	}
	n := inv.Network
	netw := invSection{title: "Network", rows: [][2]string{
		{"Egress link", fmt.Sprintf("%s, %s, %s duplex", orUnknown(n.EgressInterface), optInt(n.LinkMbps, " Mbit/s"), orUnknown(n.Duplex))},
	}}
	return []invSection{sys, cpu, mem, sto, netw}
}

func dimmLine(d inventory.DIMM) string {
	kind := optBool(d.Registered, "RDIMM", "UDIMM")
	ecc := optBool(d.ECC, "ECC", "non-ECC")
	return fmt.Sprintf("%s %s %s %s, rated %s, configured %s, %s %s", inventory.FormatBytes(float64(d.SizeBytes)),
		orUnknown(d.Type), kind, ecc, mts(d.RatedMTs), mts(d.ConfiguredMTs), orUnknown(d.Manufacturer), orUnknown(d.PartNumber))
}

func mts(n int) string {
	if n == 0 {
		return unknown
	}
	return fmt.Sprintf("%d MT/s", n)
}

func diskLine(d inventory.Disk) string {
	media := "SSD"
	if d.Rotational {
		media = "rotational"
	}
	line := fmt.Sprintf("%s, %s, %s, model %s, serial %s, firmware %s", d.Transport, inventory.FormatBytes(float64(d.SizeBytes)),
		media, orUnknown(d.Model), orUnknown(d.Serial), orUnknown(d.Firmware))
	if d.Transport == "nvme" {
		if d.PCIeGen == nil {
			line += ", PCIe link unknown"
		} else {
			line += fmt.Sprintf(", PCIe gen %d x%s (%g GT/s)", *d.PCIeGen, optInt(d.PCIeWidth, ""), *d.PCIeGTPerSecond)
		}
	}
	return line
}

// WriteInventoryText writes the inventory for a terminal.
func WriteInventoryText(w io.Writer, inv *inventory.Inventory) error {
	tw := newList(w)
	for _, s := range inventorySections(inv) {
		fmt.Fprintf(tw, "%s\n", s.title)
		for _, r := range s.rows {
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

// WriteInventoryMarkdown writes the inventory as a Markdown section.
func WriteInventoryMarkdown(w io.Writer, inv *inventory.Inventory) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Machine inventory: %s\n", escapeMD(orUnknown(inv.System.Hostname)))
	for _, s := range inventorySections(inv) {
		fmt.Fprintf(&b, "\n### %s\n\n| | |\n|---|---|\n", s.title)
		for _, r := range s.rows {
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
	mem := optBytes(m.TotalBytes)
	if m.Type != "" {
		mem += " " + m.Type
	}
	if m.ECC != nil {
		mem += optBool(m.ECC, " ECC", " non-ECC")
	}
	virt := "bare metal"
	if inv.System.Virtual.Virtualized() {
		virt = virtualization(inv.System.Virtual)
	}
	return fmt.Sprintf("%s (%s cores, SMT %s), %s, %d NVMe %s, kernel %s, %s", orUnknown(c.Model), optInt(c.PhysicalCores, ""),
		optBool(c.SMT, "on", "off"), mem, inv.Storage.NVMeCount, inventory.FormatBytes(float64(inv.Storage.NVMeTotalBytes)),
		orUnknown(inv.System.KernelVersion), virt)
}

// inventoryDoc is `hwqual inventory --json`: the inventory's own keys
// under the document header.
type inventoryDoc struct {
	Header
	*inventory.Inventory
}

// WriteInventoryJSON writes the inventory as a JSON document.
func WriteInventoryJSON(w io.Writer, inv *inventory.Inventory) error {
	return EncodeJSON(w, inventoryDoc{Header: NewHeader(DocInventory), Inventory: inv})
}
