package inventory

import (
	"context"
	"path/filepath"
	"testing"
)

func gatherFixture(t *testing.T, name string) *Inventory {
	t.Helper()
	inv, err := Gather(context.Background(), Options{Root: filepath.Join("testdata", "machines", name)})
	if err != nil {
		t.Fatalf("Gather %s: %v", name, err)
	}
	return inv
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestGatherMachines runs the production gatherer on the recorded machine
// trees (see testdata/README.md) and checks every field rules depend on.
func TestGatherMachines(t *testing.T) {
	const gib = 1 << 30
	tests := []struct {
		machine string
		want    map[string]any
	}{
		{"ryzen7950x", map[string]any{
			"arch": "x86_64", "vendor": "AMD", "uarch": "Zen 4", "sockets": 1, "cores": 16, "logical": 32,
			"smt": true, "base": 4500, "max": 5700, "governor": "performance", "l3": uint64(64 << 20),
			"mem": uint64(128 * gib), "memtype": "DDR5", "ecc": true, "eccsrc": "smbios",
			"rated": 4800, "configured": 3600, "dimms": 4, "perchan": 2, "registered": false,
			"nvme": 2, "nvmebytes": uint64(2 * 3907029168 * 512), "gen": 4,
			"kernel": "6.1.0-26-amd64", "distro": "debian 12.7", "board": "B650D4U-2L2T/BCM",
			"bios": "10.15", "vm": false, "container": "",
		}},
		{"epyc7713", map[string]any{
			"arch": "x86_64", "vendor": "AMD", "uarch": "Zen 3", "sockets": 1, "cores": 64, "logical": 128,
			"smt": true, "base": 2000, "max": 3675, "governor": "schedutil", "l3": uint64(256 << 20),
			"mem": uint64(256 * gib), "memtype": "DDR4", "ecc": true, "eccsrc": "edac",
			"rated": 3200, "configured": 3200, "dimms": 8, "perchan": 1, "registered": true,
			"nvme": 4, "nvmebytes": uint64(4 * 7814037168 * 512), "gen": 3,
			"kernel": "6.8.12-4-pve", "distro": "debian 12.7", "board": "H12SSL-i",
			"bios": "2.8", "vm": false, "container": "",
		}},
		{"vm", map[string]any{
			"arch": "x86_64", "vendor": "Intel", "uarch": "Emerald Rapids", "sockets": 1, "cores": 2, "logical": 2,
			"smt": false, "base": nil, "max": nil, "governor": "", "l3": uint64(260 << 20),
			"mem": uint64(24 * gib), "memtype": "", "ecc": nil, "eccsrc": "",
			"rated": nil, "configured": nil, "dimms": nil, "perchan": nil, "registered": nil,
			"nvme": 0, "nvmebytes": uint64(0), "gen": nil,
			"kernel": "6.18.44-fc-v657", "distro": "debian 12.11", "board": "",
			"bios": "", "vm": true, "container": "docker",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.machine, func(t *testing.T) {
			inv := gatherFixture(t, tt.machine)
			c, m, s, st := inv.CPU, inv.Memory, inv.System, inv.Storage
			var registered any
			if len(m.DIMMs) > 0 {
				registered = deref(m.DIMMs[0].Registered)
			}
			got := map[string]any{
				"arch": c.Arch, "vendor": c.Vendor, "uarch": c.Microarchitecture, "sockets": deref(c.Sockets),
				"cores": deref(c.PhysicalCores), "logical": deref(c.LogicalCPUs), "smt": deref(c.SMT),
				"base": deref(c.BaseMHz), "max": deref(c.MaxMHz), "governor": c.Governor, "l3": deref(c.L3Bytes),
				"mem": deref(m.TotalBytes), "memtype": m.Type, "ecc": deref(m.ECC), "eccsrc": m.ECCSource,
				"rated": deref(m.RatedMTs), "configured": deref(m.ConfiguredMTs), "dimms": deref(m.DIMMCount),
				"perchan": deref(m.DIMMsPerChannel), "registered": registered,
				"nvme": st.NVMeCount, "nvmebytes": st.NVMeTotalBytes, "gen": deref(st.MinPCIeGen),
				"kernel": s.KernelVersion, "distro": s.Distribution, "board": s.BoardModel,
				"bios": s.BIOSVersion, "vm": s.Virtual.VM, "container": s.Virtual.Container,
			}
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s: got %v (%T), want %v (%T)", k, got[k], got[k], want, want)
				}
			}
		})
	}
}

// TestGatherDisks checks per-disk transport, firmware and PCIe link.
func TestGatherDisks(t *testing.T) {
	inv := gatherFixture(t, "epyc7713")
	byName := map[string]Disk{}
	for _, d := range inv.Storage.Disks {
		byName[d.Name] = d
	}
	n0, n3, sda := byName["nvme0n1"], byName["nvme3n1"], byName["sda"]
	if n0.Transport != "nvme" || n0.Model != "Samsung SSD 990 PRO 4TB" || n0.Firmware != "4B2QJXD7" ||
		deref(n0.PCIeGen) != 4 || deref(n0.PCIeWidth) != 4 || deref(n0.PCIeGTPerSecond) != 16.0 {
		t.Errorf("nvme0n1 = %+v", n0)
	}
	if deref(n3.PCIeGen) != 3 {
		t.Errorf("nvme3n1 PCIe gen = %v, want 3 (8 GT/s slot)", deref(n3.PCIeGen))
	}
	if sda.Transport != "sata" || sda.Firmware != "SVT02B6Q" || sda.Rotational {
		t.Errorf("sda = %+v", sda)
	}
	vm := gatherFixture(t, "vm")
	if len(vm.Storage.Disks) != 1 || vm.Storage.Disks[0].Transport != "virtio" {
		t.Errorf("vm disks = %+v, want one virtio disk (zram left out)", vm.Storage.Disks)
	}
}

// TestGatherMissingRoot: an unusable root is the only error; an empty one
// gives unknowns and notes.
func TestGatherMissingRoot(t *testing.T) {
	if _, err := Gather(context.Background(), Options{Root: filepath.Join(t.TempDir(), "nope")}); err == nil {
		t.Error("Gather on a missing root: no error")
	}
	inv, err := Gather(context.Background(), Options{Root: t.TempDir()})
	if err != nil {
		t.Fatalf("Gather on an empty root: %v", err)
	}
	if inv.CPU.PhysicalCores != nil || inv.Memory.TotalBytes != nil || inv.Memory.ECC != nil || len(inv.Notes) == 0 {
		t.Errorf("empty root: cores %v memory %v ecc %v notes %d; want unknowns with notes",
			deref(inv.CPU.PhysicalCores), deref(inv.Memory.TotalBytes), deref(inv.Memory.ECC), len(inv.Notes))
	}
}
