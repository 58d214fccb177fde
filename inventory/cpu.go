package inventory

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/jaypipes/ghw"
)

// CPU describes the processors.
type CPU struct {
	// Arch is the instruction set: x86_64, aarch64.
	Arch   string `json:"arch"`
	Vendor string `json:"vendor"`
	Model  string `json:"model"`
	// Microarchitecture is derived from vendor, family and model ("Zen 4",
	// "Ice Lake-SP"); empty when the table does not know the model.
	Microarchitecture string  `json:"microarchitecture"`
	Sockets           *int    `json:"sockets"`
	PhysicalCores     *int    `json:"physical_cores"`
	LogicalCPUs       *int    `json:"logical_cpus"`
	SMT               *bool   `json:"smt"`
	BaseMHz           *int    `json:"base_mhz"`
	MaxMHz            *int    `json:"max_mhz"`
	Governor          string  `json:"scaling_governor"`
	L3Bytes           *uint64 `json:"l3_bytes"`
	// Flags lists the instruction-set flags that matter to node software
	// and that this CPU has.
	Flags []string `json:"flags"`
	// StealPercent is the hypervisor's share of the CPU time the guest
	// wanted over a qualification run (/proc/stat steal ÷ (busy + steal)):
	// set by the run that measured, absent from a plain inventory.
	StealPercent *float64 `json:"steal_percent,omitempty"`

	hypervisorFlag bool
}

// importantFlags are the /proc/cpuinfo flags worth reporting: wide vector
// units and SHA extensions speed up hashing and signature checks.
var importantFlags = []string{"avx2", "avx512f", "sha_ni", "aes"}

func (g *gatherer) cpu() CPU {
	var c CPU
	info, ok := g.read("/proc/cpuinfo")
	if !ok {
		g.notef("cpu unknown: cannot read /proc/cpuinfo")
	}
	ci := parseCPUInfo(info)
	c.Vendor = vendorName(ci.vendorID)
	c.Model = ci.modelName
	c.Arch = ci.arch()
	c.Microarchitecture = microarchitecture(c.Vendor, ci.family, ci.model)
	for _, f := range importantFlags {
		if ci.flags[f] {
			c.Flags = append(c.Flags, f)
		}
	}
	c.hypervisorFlag = ci.flags["hypervisor"]

	if topo, err := ghw.CPU(g.ghwOpts()...); err != nil {
		g.notef("cpu topology unknown: %v", err)
	} else if topo.TotalCores > 0 {
		c.Sockets = ptr(len(topo.Processors))
		c.PhysicalCores = ptr(int(topo.TotalCores))
		c.LogicalCPUs = ptr(int(topo.TotalHardwareThreads))
		if c.Model == "" && len(topo.Processors) > 0 {
			c.Model = topo.Processors[0].Model
		}
	}
	c.SMT = g.smt(c.PhysicalCores, c.LogicalCPUs)
	c.BaseMHz = g.baseMHz(ci.modelName)
	c.MaxMHz = g.maxMHz()
	c.Governor, _ = g.readNote("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "cpu scaling governor")
	c.L3Bytes = g.l3Bytes()
	return c
}

// smt prefers the kernel's own answer; without it, more logical CPUs than
// cores means sibling threads are online.
func (g *gatherer) smt(cores, logical *int) *bool {
	if s, ok := g.read("/sys/devices/system/cpu/smt/active"); ok && (s == "0" || s == "1") {
		return ptr(s == "1")
	}
	if cores != nil && logical != nil {
		return ptr(*logical > *cores)
	}
	g.notef("cpu SMT unknown: no /sys/devices/system/cpu/smt/active and no topology")
	return nil
}

var modelGHz = regexp.MustCompile(`@\s*([0-9.]+)\s*GHz`)

// baseMHz reads the nominal frequency: intel_pstate's base_frequency, AMD's
// CPPC nominal frequency, or the "@ 3.40GHz" in Intel model names.
func (g *gatherer) baseMHz(modelName string) *int {
	if s, ok := g.read("/sys/devices/system/cpu/cpu0/cpufreq/base_frequency"); ok {
		if khz, err := strconv.Atoi(s); err == nil && khz > 0 {
			return ptr(khz / 1000)
		}
	}
	if s, ok := g.read("/sys/devices/system/cpu/cpu0/acpi_cppc/nominal_freq"); ok {
		if mhz, err := strconv.Atoi(s); err == nil && mhz > 0 {
			return ptr(mhz)
		}
	}
	if m := modelGHz.FindStringSubmatch(modelName); m != nil {
		if ghz, err := strconv.ParseFloat(m[1], 64); err == nil && ghz > 0 {
			return ptr(int(ghz*1000 + 0.5))
		}
	}
	g.notef("cpu base MHz unknown: no cpufreq base_frequency, no acpi_cppc nominal_freq, no GHz in the model name")
	return nil
}

// maxMHz is the highest cpuinfo_max_freq over all CPUs: with preferred
// cores (AMD) the fastest core boosts higher than cpu0.
func (g *gatherer) maxMHz() *int {
	paths, _ := filepath.Glob(g.path("/sys/devices/system/cpu/cpu[0-9]*/cpufreq/cpuinfo_max_freq"))
	best := 0
	for _, p := range paths {
		rel, _ := filepath.Rel(g.root, p)
		s, _ := g.read("/" + rel)
		if khz, err := strconv.Atoi(s); err == nil && khz/1000 > best {
			best = khz / 1000
		}
	}
	if best == 0 {
		g.notef("cpu max MHz unknown: no cpufreq cpuinfo_max_freq (no cpufreq driver, e.g. in a VM)")
		return nil
	}
	return ptr(best)
}

// l3Bytes sums the distinct level-3 caches (one per CCD on Ryzen/EPYC).
func (g *gatherer) l3Bytes() *uint64 {
	dirs, _ := filepath.Glob(g.path("/sys/devices/system/cpu/cpu[0-9]*/cache/index[0-9]*"))
	seen := map[string]bool{}
	var total uint64
	for _, d := range dirs {
		rel, _ := filepath.Rel(g.root, d)
		rel = "/" + rel
		if lvl, _ := g.read(rel + "/level"); lvl != "3" {
			continue
		}
		shared, _ := g.read(rel + "/shared_cpu_list")
		if seen[shared] {
			continue
		}
		seen[shared] = true
		size, _ := g.read(rel + "/size")
		if b, ok := parseCacheSize(size); ok {
			total += b
		}
	}
	if total == 0 {
		g.notef("cpu L3 unknown: no level-3 cache in /sys/devices/system/cpu/cpu*/cache")
		return nil
	}
	return ptr(total)
}

// parseCacheSize reads sysfs cache sizes such as "32768K".
func parseCacheSize(s string) (uint64, bool) {
	mult := uint64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, false
	}
	return n * mult, true
}

// cpuInfo is the first processor block of /proc/cpuinfo.
type cpuInfo struct {
	vendorID, modelName string
	family, model       int
	flags               map[string]bool
	armImplementer      bool
}

func (ci cpuInfo) arch() string {
	switch {
	case ci.armImplementer:
		return "aarch64"
	case ci.flags["lm"]:
		return "x86_64"
	case ci.vendorID != "":
		return "i686"
	}
	return ""
}

// parseCPUInfo reads the fields hwqual needs from the first processor.
func parseCPUInfo(s string) cpuInfo {
	ci := cpuInfo{family: -1, model: -1, flags: map[string]bool{}}
	blocks := 0
	for _, line := range strings.Split(s, "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if key == "processor" {
			blocks++
			if blocks > 1 {
				break
			}
		}
		switch key {
		case "vendor_id":
			ci.vendorID = val
		case "model name":
			ci.modelName = val
		case "cpu family":
			ci.family = atoiOr(val, -1)
		case "model":
			ci.model = atoiOr(val, -1)
		case "flags", "Features":
			for _, f := range strings.Fields(val) {
				ci.flags[f] = true
			}
		case "CPU implementer":
			ci.armImplementer = true
		}
	}
	return ci
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

func vendorName(id string) string {
	switch id {
	case "AuthenticAMD":
		return "AMD"
	case "GenuineIntel":
		return "Intel"
	}
	return id
}

// uarchRange maps a family and a model range to a microarchitecture name.
type uarchRange struct {
	vendor         string
	family         int
	modelLo, modHi int
	name           string
}

// uarchTable covers the server and desktop parts operators run; models are
// from the vendors' family/model numbering (AMD PPRs, Intel SDM).
var uarchTable = []uarchRange{
	{"AMD", 0x17, 0x00, 0x2f, "Zen/Zen+"},
	{"AMD", 0x17, 0x30, 0x7f, "Zen 2"},
	{"AMD", 0x19, 0x00, 0x0f, "Zen 3"},
	{"AMD", 0x19, 0x10, 0x1f, "Zen 4"},
	{"AMD", 0x19, 0x20, 0x5f, "Zen 3"},
	{"AMD", 0x19, 0x60, 0x7f, "Zen 4"},
	{"AMD", 0x19, 0xa0, 0xaf, "Zen 4c"},
	{"AMD", 0x1a, 0x00, 0xff, "Zen 5"},
	{"Intel", 6, 0x55, 0x55, "Skylake-SP/Cascade Lake"},
	{"Intel", 6, 0x6a, 0x6c, "Ice Lake-SP"},
	{"Intel", 6, 0x7d, 0x7e, "Ice Lake"},
	{"Intel", 6, 0x8c, 0x8d, "Tiger Lake"},
	{"Intel", 6, 0x8f, 0x8f, "Sapphire Rapids"},
	{"Intel", 6, 0x97, 0x9a, "Alder Lake"},
	{"Intel", 6, 0xa7, 0xa7, "Rocket Lake"},
	{"Intel", 6, 0xad, 0xae, "Granite Rapids"},
	{"Intel", 6, 0xb7, 0xb7, "Raptor Lake"},
	{"Intel", 6, 0xba, 0xba, "Raptor Lake"},
	{"Intel", 6, 0xbf, 0xbf, "Raptor Lake"},
	{"Intel", 6, 0xcf, 0xcf, "Emerald Rapids"},
}

func microarchitecture(vendor string, family, model int) string {
	i := slices.IndexFunc(uarchTable, func(u uarchRange) bool {
		return u.vendor == vendor && u.family == family && model >= u.modelLo && model <= u.modHi
	})
	if i < 0 {
		return ""
	}
	return uarchTable[i].name
}
