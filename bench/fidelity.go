package bench

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The Substrate-named rows (BLAKE2-256, BLAKE2-256-Parallel, SR25519-Verify,
// Copy, Seq Write, Rnd Write) run the implementation polkadot's own code
// runs, so that they score what `polkadot benchmark machine` would score
// here. That is shown, not assumed: `make fidelity` measures hwqual against
// Substrate's own code interleaved on one machine, and a result holds for
// the CPU type it was measured on (dalek's AVX2 gain, glibc's memcpy
// variant and thresholds, the BLAKE2 dispatch all differ between CPU
// types). fidelityMeasured lists, per row, the CPU types on which the row
// was measured within its band (0.95-1.05 × Substrate's code for CPU and
// memory rows, 0.90-1.10 for the disk rows; docs/substrate-fidelity.md
// holds the per-round figures). On any other CPU the row says its fidelity
// is not yet measured there.

// FidelityRecord is one CPU type on which a Substrate-named row was
// measured in band against Substrate's own code.
type FidelityRecord struct {
	// Vendor is the CPUID vendor string ("AuthenticAMD", "GenuineIntel"),
	// Family the displayed family (base + extended), ModelLo..ModelHi
	// the displayed model range the measurement stands for.
	Vendor           string
	Family           int
	ModelLo, ModelHi int
	// Flag, when set, is a /proc/cpuinfo flag the CPU must also have: it
	// tells apart parts that share a model number, as a virtual CPU's
	// model can be one the hypervisor chose rather than the host's.
	Flag string
	// Name says what those models are.
	Name string
	// Date (UTC), Commit and Ratio (median hwqual ÷ Substrate over the
	// rounds of `make fidelity`) of the measurement.
	Date   string
	Commit string
	Ratio  float64
}

// matches reports whether the record covers this CPU.
func (r FidelityRecord) matches(c CPUIdentity) bool {
	return r.Vendor == c.Vendor && r.Family == c.Family && c.Model >= r.ModelLo && c.Model <= r.ModelHi &&
		(r.Flag == "" || c.hasFlag(r.Flag))
}

// CPUString names the CPU type: "AMD family 25 models 0x00-0x0f (Zen 3,
// EPYC Milan)".
func (r FidelityRecord) CPUString() string {
	models := fmt.Sprintf("model 0x%02x", r.ModelLo)
	if r.ModelHi != r.ModelLo {
		models = fmt.Sprintf("models 0x%02x-0x%02x", r.ModelLo, r.ModelHi)
	}
	if r.Flag != "" {
		models += " with " + r.Flag
	}
	return fmt.Sprintf("%s family %d %s (%s)", vendorShort(r.Vendor), r.Family, models, r.Name)
}

func (r FidelityRecord) String() string {
	return fmt.Sprintf("%s, %s, ratio %.3f", r.CPUString(), r.Date, r.Ratio)
}

// The CPU types measured in band so far. Zen 3: a KVM guest on "AMD EPYC"
// family 25 model 1, standing for Milan (models 0x00-0x0f). Zen 5: a KVM
// guest on "AMD EPYC" family 26 model 2 (a Turin-like virtual CPU),
// standing for Turin (models 0x00-0x0f); its records are from an idle
// `make fidelity` run of five rounds at d6acbd2 (2026-12-05 13:12 UTC). Desktop parts of
// the same cores (Ryzen 5000/9000) have other model numbers and other
// caches and are not claimed. Intel: a KVM guest that calls itself "Intel
// Xeon Processor", family 6 model 167 (0xa7), with AMX and AVX512-FP16
// (a Sapphire Rapids-class host; the hypervisor chose the model number),
// idle `make fidelity` of five rounds at d3ca069 (2026-12-05 18:36 UTC).
// Model 0xa7 is also Rocket Lake, a desktop part without AMX that was not
// measured, hence the flag.
var (
	zen3Milan = FidelityRecord{Vendor: "AuthenticAMD", Family: 25, ModelLo: 0x00, ModelHi: 0x0f, Name: "Zen 3, EPYC Milan"}
	zen5Turin = FidelityRecord{Vendor: "AuthenticAMD", Family: 26, ModelLo: 0x00, ModelHi: 0x0f, Name: "Zen 5, EPYC Turin"}
	xeonAMX   = FidelityRecord{Vendor: "GenuineIntel", Family: 6, ModelLo: 0xa7, ModelHi: 0xa7, Flag: "amx_tile", Name: "Xeon with AMX as a KVM guest reports it"}
)

// measured returns a copy of cpu with the measurement's date, commit and
// ratio.
func measured(cpu FidelityRecord, date, commit string, ratio float64) FidelityRecord {
	cpu.Date, cpu.Commit, cpu.Ratio = date, commit, ratio
	return cpu
}

// fidelityMeasured holds every Substrate-named row; a row with no record
// has not been measured in band on any CPU yet (BLAKE2-256-Parallel: the
// fidelity tool has no parallel reference).
var fidelityMeasured = map[string][]FidelityRecord{
	"BLAKE2-256": {
		measured(zen3Milan, "2026-11-30", "3a0e94a", 1.009),
		measured(zen5Turin, "2026-12-05", "d6acbd2", 0.966),
		measured(xeonAMX, "2026-12-05", "d3ca069", 1.037),
	},
	"BLAKE2-256-Parallel": nil,
	"SR25519-Verify": {
		measured(zen5Turin, "2026-12-05", "d6acbd2", 0.981),
		measured(xeonAMX, "2026-12-05", "d3ca069", 0.954),
	},
	"Copy": {
		measured(zen3Milan, "2026-11-30", "3a0e94a", 1.033),
		measured(zen5Turin, "2026-12-05", "d6acbd2", 1.042),
		measured(xeonAMX, "2026-12-05", "d3ca069", 1.000),
	},
	"Seq Write": {
		measured(zen3Milan, "2026-11-30", "3a0e94a", 0.982),
		measured(zen5Turin, "2026-12-05", "d6acbd2", 1.006),
		measured(xeonAMX, "2026-12-05", "d3ca069", 0.997),
	},
	"Rnd Write": {
		measured(zen3Milan, "2026-11-30", "3a0e94a", 0.919),
		measured(zen5Turin, "2026-12-05", "d6acbd2", 0.996),
		measured(xeonAMX, "2026-12-05", "d3ca069", 0.997),
	},
}

// CPUIdentity is the CPU a measurement ran on, as CPUID names it.
type CPUIdentity struct {
	// Vendor is the CPUID vendor string; empty where there is no CPUID
	// (Arch says which architecture then).
	Vendor        string
	Family, Model int
	Arch          string
	// Flags are the first processor's /proc/cpuinfo flags.
	Flags []string
}

func (c CPUIdentity) hasFlag(f string) bool { return slices.Contains(c.Flags, f) }

func (c CPUIdentity) String() string {
	if c.Vendor == "" {
		return c.Arch + " CPU"
	}
	return fmt.Sprintf("%s family %d model %d", vendorShort(c.Vendor), c.Family, c.Model)
}

func vendorShort(v string) string {
	switch v {
	case "AuthenticAMD":
		return "AMD"
	case "GenuineIntel":
		return "Intel"
	}
	return v
}

// cpuIdentity reads vendor, family and model of the first processor from
// /proc/cpuinfo, where Linux prints them as CPUID gives them (family with
// the extended family added, model with the extended model).
func cpuIdentity() CPUIdentity {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return CPUIdentity{Arch: runtime.GOARCH}
	}
	return parseCPUIdentity(string(b))
}

func parseCPUIdentity(cpuinfo string) CPUIdentity {
	c := CPUIdentity{Arch: runtime.GOARCH, Family: -1, Model: -1}
	for _, line := range strings.Split(cpuinfo, "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			if strings.TrimSpace(line) == "" && c.Vendor != "" {
				break // end of the first processor
			}
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "vendor_id":
			c.Vendor = val
		case "cpu family":
			if n, err := strconv.Atoi(val); err == nil {
				c.Family = n
			}
		case "model":
			if n, err := strconv.Atoi(val); err == nil {
				c.Model = n
			}
		case "flags":
			c.Flags = strings.Fields(val)
		}
	}
	if c.Family < 0 || c.Model < 0 {
		c.Vendor = "" // no CPUID numbers: say only the architecture
	}
	return c
}

// thisCPU is read once: every module runs on the same CPU type.
var thisCPU = sync.OnceValue(cpuIdentity)

// SubstrateFidelity is whether a Substrate-named row's fidelity to
// Substrate's own code has been measured on the CPU type it ran on.
type SubstrateFidelity struct {
	// Measured is true when a record covers this CPU.
	Measured bool
	// CPU is this machine's CPU.
	CPU CPUIdentity
	// MeasuredOn lists the CPU types the row was measured in band on.
	MeasuredOn []FidelityRecord
}

// Note is the report note for a row whose fidelity is unproven on this
// CPU; empty when it is proven.
func (f SubstrateFidelity) Note() string {
	if f.Measured {
		return ""
	}
	cpu := f.CPU.String()
	if f.CPU.Vendor != "" {
		cpu = fmt.Sprintf("family %d model %d", f.CPU.Family, f.CPU.Model)
	}
	on := "no CPU yet"
	if len(f.MeasuredOn) > 0 {
		s := make([]string, len(f.MeasuredOn))
		for i, r := range f.MeasuredOn {
			s[i] = r.String()
		}
		on = strings.Join(s, "; ")
	}
	return fmt.Sprintf("fidelity to Substrate's code not yet measured on this CPU (%s); measured on: %s", cpu, on)
}

// FidelityFor returns the fidelity status of the named row on this CPU,
// and false for rows that are not named after a Substrate benchmark.
func FidelityFor(metric string) (SubstrateFidelity, bool) {
	return fidelityOn(metric, thisCPU())
}

func fidelityOn(metric string, cpu CPUIdentity) (SubstrateFidelity, bool) {
	records, ok := fidelityMeasured[metric]
	if !ok {
		return SubstrateFidelity{}, false
	}
	f := SubstrateFidelity{CPU: cpu, MeasuredOn: records}
	for _, r := range records {
		if r.matches(cpu) {
			f.Measured = true
		}
	}
	return f, true
}
