package inventory

import (
	"slices"
	"strings"
)

// Field is an inventory value a profile rule can compare, e.g.
// cpu.physical_cores.
type Field struct {
	Name string
	// Category is the report table's category: System, CPU, Memory, Storage.
	Category string
	Type     Type
	// Enum lists the values of an enum field.
	Enum []string
	// get returns the field's value and whether the machine revealed it.
	get func(*Inventory) (Value, bool)
}

// Get returns the field's value on inv; ok is false when the machine does
// not reveal it.
func (f *Field) Get(inv *Inventory) (v Value, ok bool) {
	if inv == nil {
		return Value{}, false
	}
	return f.get(inv)
}

func intOf(p *int) (Value, bool) {
	if p == nil {
		return Value{}, false
	}
	return Value{Num: float64(*p)}, true
}

func uintOf(p *uint64) (Value, bool) {
	if p == nil {
		return Value{}, false
	}
	return Value{Num: float64(*p)}, true
}

func boolOf(p *bool) (Value, bool) {
	if p == nil {
		return Value{}, false
	}
	return Value{Bool: *p}, true
}

func strOf(s string) (Value, bool) { return Value{Str: s}, s != "" }

// flagField is a CPU flag, known whenever /proc/cpuinfo was read.
func flagField(flag string) Field {
	return Field{Name: "cpu." + flag, Category: "CPU", Type: TypeBool, get: func(i *Inventory) (Value, bool) {
		return Value{Bool: slices.Contains(i.CPU.Flags, flag)}, i.CPU.Arch != ""
	}}
}

// fields is every field rules may name, in documentation order.
var fields = []Field{
	{Name: "cpu.arch", Category: "CPU", Type: TypeEnum, Enum: []string{"x86_64", "aarch64", "i686"},
		get: func(i *Inventory) (Value, bool) { return strOf(i.CPU.Arch) }},
	{Name: "cpu.vendor", Category: "CPU", Type: TypeEnum, Enum: []string{"AMD", "Intel"},
		get: func(i *Inventory) (Value, bool) { return strOf(i.CPU.Vendor) }},
	{Name: "cpu.sockets", Category: "CPU", Type: TypeInt, get: func(i *Inventory) (Value, bool) { return intOf(i.CPU.Sockets) }},
	{Name: "cpu.physical_cores", Category: "CPU", Type: TypeInt, get: func(i *Inventory) (Value, bool) { return intOf(i.CPU.PhysicalCores) }},
	{Name: "cpu.logical_cpus", Category: "CPU", Type: TypeInt, get: func(i *Inventory) (Value, bool) { return intOf(i.CPU.LogicalCPUs) }},
	{Name: "cpu.smt", Category: "CPU", Type: TypeBool, get: func(i *Inventory) (Value, bool) { return boolOf(i.CPU.SMT) }},
	{Name: "cpu.base_mhz", Category: "CPU", Type: TypeMHz, get: func(i *Inventory) (Value, bool) { return intOf(i.CPU.BaseMHz) }},
	{Name: "cpu.max_mhz", Category: "CPU", Type: TypeMHz, get: func(i *Inventory) (Value, bool) { return intOf(i.CPU.MaxMHz) }},
	{Name: "cpu.l3_bytes", Category: "CPU", Type: TypeBytes, get: func(i *Inventory) (Value, bool) { return uintOf(i.CPU.L3Bytes) }},
	{Name: "cpu.scaling_governor", Category: "CPU", Type: TypeEnum,
		Enum: []string{"performance", "powersave", "schedutil", "ondemand", "conservative", "userspace"},
		get:  func(i *Inventory) (Value, bool) { return strOf(i.CPU.Governor) }},
	flagField("avx2"),
	flagField("avx512f"),
	flagField("sha_ni"),
	{Name: "memory.total_bytes", Category: "Memory", Type: TypeBytes, get: func(i *Inventory) (Value, bool) { return uintOf(i.Memory.TotalBytes) }},
	{Name: "memory.usable_bytes", Category: "Memory", Type: TypeBytes, get: func(i *Inventory) (Value, bool) { return uintOf(i.Memory.UsableBytes) }},
	{Name: "memory.type", Category: "Memory", Type: TypeEnum, Enum: []string{"DDR3", "DDR4", "DDR5", "LPDDR4", "LPDDR5", "mixed"},
		get: func(i *Inventory) (Value, bool) { return strOf(i.Memory.Type) }},
	{Name: "memory.ecc", Category: "Memory", Type: TypeBool, get: func(i *Inventory) (Value, bool) { return boolOf(i.Memory.ECC) }},
	{Name: "memory.rated_mts", Category: "Memory", Type: TypeMTs, get: func(i *Inventory) (Value, bool) { return intOf(i.Memory.RatedMTs) }},
	{Name: "memory.configured_mts", Category: "Memory", Type: TypeMTs, get: func(i *Inventory) (Value, bool) { return intOf(i.Memory.ConfiguredMTs) }},
	{Name: "memory.dimm_count", Category: "Memory", Type: TypeInt, get: func(i *Inventory) (Value, bool) { return intOf(i.Memory.DIMMCount) }},
	{Name: "memory.dimms_per_channel", Category: "Memory", Type: TypeInt, get: func(i *Inventory) (Value, bool) { return intOf(i.Memory.DIMMsPerChannel) }},
	{Name: "storage.nvme_count", Category: "Storage", Type: TypeInt,
		get: func(i *Inventory) (Value, bool) {
			return Value{Num: float64(i.Storage.NVMeCount)}, i.Storage.Disks != nil
		}},
	{Name: "storage.nvme_total_bytes", Category: "Storage", Type: TypeBytes,
		get: func(i *Inventory) (Value, bool) {
			return Value{Num: float64(i.Storage.NVMeTotalBytes)}, i.Storage.Disks != nil
		}},
	{Name: "storage.min_pcie_gen", Category: "Storage", Type: TypeInt, get: func(i *Inventory) (Value, bool) { return intOf(i.Storage.MinPCIeGen) }},
	{Name: "network.link_mbps", Category: "Network", Type: TypeInt, get: func(i *Inventory) (Value, bool) { return intOf(i.Network.LinkMbps) }},
	{Name: "kernel.version", Category: "System", Type: TypeVersion, get: func(i *Inventory) (Value, bool) { return strOf(i.System.KernelVersion) }},
	{Name: "virtualized", Category: "System", Type: TypeBool,
		get: func(i *Inventory) (Value, bool) { return Value{Bool: i.System.Virtual.Virtualized()}, true }},
}

// LookupField finds a field by name.
func LookupField(name string) (*Field, bool) {
	i := slices.IndexFunc(fields, func(f Field) bool { return f.Name == name })
	if i < 0 {
		return nil, false
	}
	return &fields[i], true
}

// FieldNames lists every field rules may name.
func FieldNames() []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}

// FormatLike writes v in the unit the rule's own value used ("64 GB" →
// "25.77 GB"), so found and required read alike; otherwise as Format.
func (f *Field) FormatLike(v Value, ruleText string) string {
	if f.Type == TypeBytes {
		fs := strings.Fields(ruleText)
		if len(fs) == 2 {
			if factor, ok := byteUnits[fs[1]]; ok && factor > 1 {
				return strings.TrimSuffix(strings.TrimRight(formatFixed(v.Num/factor), "0"), ".") + " " + fs[1]
			}
		}
	}
	if f.Type == TypeMHz && strings.HasSuffix(ruleText, "GHz") {
		return strings.TrimSuffix(strings.TrimRight(formatFixed(v.Num/1000), "0"), ".") + " GHz"
	}
	return f.Format(v)
}
