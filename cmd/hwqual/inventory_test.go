package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runBin runs the binary and returns stdout, stderr and the exit code.
func runBin(t *testing.T, bin string, args ...string) (string, string, int) {
	t.Helper()
	r := hwqual(t, args...)
	return r.stdout, r.stderr, r.code
}

const machines = "../../inventory/testdata/machines/"

func TestInventoryCommand(t *testing.T) {
	bin := binary

	t.Run("json on the recorded VM", func(t *testing.T) {
		out, errOut, code := runBin(t, bin, "inventory", "--root", machines+"vm", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var inv struct {
			CPU struct {
				LogicalCPUs int `json:"logical_cpus"`
			} `json:"cpu"`
			Memory struct {
				TotalBytes uint64 `json:"total_bytes"`
			} `json:"memory"`
			Storage struct {
				Disks []struct {
					Transport string `json:"transport"`
				} `json:"disks"`
			} `json:"storage"`
			System struct {
				Virtualization struct {
					VM bool `json:"vm"`
				} `json:"virtualization"`
			} `json:"system"`
		}
		if err := json.Unmarshal([]byte(out), &inv); err != nil {
			t.Fatalf("JSON: %v\n%s", err, out)
		}
		if inv.CPU.LogicalCPUs != 2 || inv.Memory.TotalBytes != 24<<30 || len(inv.Storage.Disks) != 1 ||
			inv.Storage.Disks[0].Transport != "virtio" || !inv.System.Virtualization.VM {
			t.Errorf("inventory = %+v", inv)
		}
	})

	t.Run("text on the 7950X", func(t *testing.T) {
		out, _, code := runBin(t, bin, "--root", machines+"ryzen7950x", "inventory")
		for _, want := range []string{"16 physical cores, 32 logical CPUs", "SMT            on", "DDR5", "configured 3600 MT/s", "PCIe gen 4 x4"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	})

	t.Run("markdown", func(t *testing.T) {
		out, _, code := runBin(t, bin, "inventory", "--root", machines+"epyc7713", "--md")
		if code != 0 || !strings.Contains(out, "### Memory") || !strings.Contains(out, "RDIMM") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"missing root", []string{"inventory", "--root", "/nonexistent/machine"}, "--root /nonexistent/machine: no such file or directory"},
		{"json and md", []string{"inventory", "--json", "--md"}, "--json and --md"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runBin(t, bin, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

// TestRuleProfileCommand runs a rules-only profile (no benchmarks, so it is
// quick) against the recorded VM, and a profile with a bad rule.
func TestRuleProfileCommand(t *testing.T) {
	bin := binary
	dir := t.TempDir()
	good := filepath.Join(dir, "rules.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(good, []byte("name: rules\nrequirements:\n  - rule: cpu.physical_cores >= 16\n  - rule: memory.total_bytes >= 64 GB\n  - rule: storage.nvme_total_bytes >= 8 TB\n  - rule: memory.type == DDR5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("name: bad\nrequirements:\n  - rule: memory.total_bytes >= 64 GiBs\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	out, errOut, code := runBin(t, bin, "--root", machines+"vm", "--profile", good, "--json", "-")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (rules fail)\n%s", code, errOut)
	}
	for _, want := range []string{"cpu.physical_cores       | 2", ">= 16", "25.77 GB", "| 0 TB", "unknown"} {
		if !strings.Contains(errOut, want) { // the table goes to stderr when JSON has stdout
			t.Errorf("table lacks %q:\n%s", want, errOut)
		}
	}
	var rep struct {
		Checks    []map[string]any `json:"checks"`
		Inventory struct {
			Root string `json:"root"`
		} `json:"inventory"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	if len(rep.Checks) != 4 || rep.Checks[0]["text"].(map[string]any)["found"] != "2" || rep.Inventory.Root != machines+"vm" {
		t.Errorf("report checks %v inventory root %q", rep.Checks, rep.Inventory.Root)
	}

	_, errOut, code = runBin(t, bin, "--profile", bad)
	if code != 2 || !strings.Contains(errOut, bad+`:3: requirements[0].rule: field memory.total_bytes: "64 GiBs": unknown unit "GiBs"`) {
		t.Errorf("bad rule: exit %d, stderr %q", code, errOut)
	}
}
