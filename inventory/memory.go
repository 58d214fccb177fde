package inventory

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/jaypipes/ghw"
	"github.com/shirou/gopsutil/v4/mem"
)

// Memory describes installed RAM. Per-DIMM fields come from SMBIOS, which
// VMs often lack and which only root can read on a live machine.
type Memory struct {
	// TotalBytes is the physical memory the kernel manages (memory blocks).
	TotalBytes *uint64 `json:"total_bytes"`
	// UsableBytes is MemTotal: physical minus what the kernel reserved.
	UsableBytes *uint64 `json:"usable_bytes"`
	// Type is the DIMMs' technology (DDR4, DDR5), "mixed" if they differ.
	Type string `json:"type"`
	// ECC is whether memory errors are corrected; ECCSource says how that
	// was learnt (edac, smbios).
	ECC       *bool  `json:"ecc"`
	ECCSource string `json:"ecc_source,omitempty"`
	// RatedMTs and ConfiguredMTs are the slowest installed DIMM's rated
	// and running speeds: the running one is what the memory controller
	// actually does (e.g. 3600 with four DDR5 DIMMs on AM5).
	RatedMTs        *int   `json:"rated_mts"`
	ConfiguredMTs   *int   `json:"configured_mts"`
	DIMMCount       *int   `json:"dimm_count"`
	DIMMsPerChannel *int   `json:"dimms_per_channel"`
	DIMMs           []DIMM `json:"dimms"`
}

// DIMM is one installed memory module. Zero values are unknown.
type DIMM struct {
	Locator     string `json:"locator"`
	BankLocator string `json:"bank_locator"`
	SizeBytes   uint64 `json:"size_bytes"`
	Type        string `json:"type"`
	// Registered is true for RDIMMs, false for UDIMMs.
	Registered    *bool  `json:"registered"`
	RatedMTs      int    `json:"rated_mts"`
	ConfiguredMTs int    `json:"configured_mts"`
	ECC           *bool  `json:"ecc"`
	Manufacturer  string `json:"manufacturer"`
	PartNumber    string `json:"part_number"`
}

func (g *gatherer) memory() Memory {
	var m Memory
	if info, err := ghw.Memory(g.ghwOpts()...); err != nil {
		g.notef("memory total unknown: %v", err)
	} else if info.TotalPhysicalBytes > 0 {
		m.TotalBytes = ptr(uint64(info.TotalPhysicalBytes))
	}
	if vm, err := mem.VirtualMemoryWithContext(g.envContext()); err != nil {
		g.notef("memory usable unknown: %v", err)
	} else if vm.Total > 0 {
		m.UsableBytes = ptr(vm.Total)
		if m.TotalBytes == nil {
			m.TotalBytes = ptr(vm.Total)
		}
	}

	sm := g.smbiosMemory()
	m.DIMMs = sm.dimms
	if len(m.DIMMs) > 0 {
		m.DIMMCount = ptr(len(m.DIMMs))
		m.Type = commonType(m.DIMMs)
		m.RatedMTs = slowest(m.DIMMs, func(d DIMM) int { return d.RatedMTs })
		m.ConfiguredMTs = slowest(m.DIMMs, func(d DIMM) int { return d.ConfiguredMTs })
		m.DIMMsPerChannel = dimmsPerChannel(m.DIMMs)
	}
	m.ECC, m.ECCSource = g.ecc(sm)
	return m
}

// smbiosMemory reads the DMI table; root only on a live machine, absent in
// many VMs.
func (g *gatherer) smbiosMemory() smbiosMemory {
	const table = "/sys/firmware/dmi/tables/DMI"
	b, err := os.ReadFile(g.path(table))
	if err != nil {
		g.notef("DIMM details unknown: cannot read %s (needs root; absent in many VMs): %v", table, errNoPath(err))
		return smbiosMemory{}
	}
	structs, err := parseSMBIOS(b)
	if err != nil {
		g.notef("SMBIOS table partly read: %v", err)
	}
	return memoryFromSMBIOS(structs)
}

// ecc trusts a loaded EDAC memory-controller driver first (the kernel
// sees ECC reporting enabled), then the SMBIOS array and DIMM widths.
func (g *gatherer) ecc(sm smbiosMemory) (*bool, string) {
	if mcs, _ := filepath.Glob(g.path("/sys/devices/system/edac/mc/mc[0-9]*")); len(mcs) > 0 {
		return ptr(true), "edac"
	}
	if sm.arrayECC != nil {
		return sm.arrayECC, "smbios"
	}
	if len(sm.dimms) > 0 && !slices.ContainsFunc(sm.dimms, func(d DIMM) bool { return d.ECC == nil }) {
		return ptr(!slices.ContainsFunc(sm.dimms, func(d DIMM) bool { return !*d.ECC })), "smbios"
	}
	g.notef("memory ECC unknown: no EDAC memory controller in /sys/devices/system/edac and no SMBIOS error-correction data")
	return nil, ""
}

func commonType(dimms []DIMM) string {
	t := dimms[0].Type
	for _, d := range dimms[1:] {
		if d.Type != t {
			return "mixed"
		}
	}
	return t
}

// slowest returns the lowest known speed; unknown if any DIMM's is unknown,
// because the slowest module sets the pace.
func slowest(dimms []DIMM, speed func(DIMM) int) *int {
	lo := 0
	for _, d := range dimms {
		s := speed(d)
		if s == 0 {
			return nil
		}
		if lo == 0 || s < lo {
			lo = s
		}
	}
	return ptr(lo)
}

var (
	bankChannel    = regexp.MustCompile(`(?i)channel\s*_?([A-Z0-9]+)`)
	locatorChannel = regexp.MustCompile(`(?i)DIMM[\s_-]*([A-Z])[0-9]+$`)
)

// dimmsPerChannel groups DIMMs by the channel their locators name
// ("P0 CHANNEL A", "P0_Node0_Channel0_Dimm0", "DIMMA1"); unknown when a
// locator names none.
func dimmsPerChannel(dimms []DIMM) *int {
	count := map[string]int{}
	for _, d := range dimms {
		// The key keeps the text before the channel so P0 and P1 channels
		// of a dual-socket board stay apart.
		if loc := bankChannel.FindStringSubmatchIndex(d.BankLocator); loc != nil {
			count["bank:"+strings.ToUpper(d.BankLocator[:loc[1]])]++
		} else if loc := locatorChannel.FindStringSubmatchIndex(d.Locator); loc != nil {
			count["slot:"+strings.ToUpper(d.Locator[:loc[3]])]++
		} else {
			return nil
		}
	}
	most := 0
	for _, n := range count {
		most = max(most, n)
	}
	return ptr(most)
}

// errNoPath strips the path from an os error; the note names it already.
func errNoPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
