package qualify

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/profiles"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render/text"
)

const (
	pass = model.StatusPass
	fail = model.StatusFail
	warn = model.StatusWarn
	unkn = "unknown" // a warn whose found value is unknown
)

// TestRuleVerdicts judges the built-in profiles' rules on the recorded
// machines (inventory/testdata/machines, see its README).
func TestRuleVerdicts(t *testing.T) {
	tests := []struct {
		machine, profile string
		want             map[string]model.Status
	}{
		{"ryzen7950x", "validator", map[string]model.Status{
			"cpu.arch": pass, "cpu.physical_cores": pass, "cpu.max_mhz": pass, "cpu.smt": fail, "memory.total_bytes": pass,
			"memory.ecc": pass, "storage.nvme_total_bytes": pass, "kernel.version": pass, "storage.min_pcie_gen": pass, "virtualized": pass}},
		{"epyc7713", "validator", map[string]model.Status{
			"cpu.arch": pass, "cpu.physical_cores": pass, "cpu.max_mhz": pass, "cpu.smt": fail, "memory.total_bytes": pass,
			"memory.ecc": pass, "storage.nvme_total_bytes": pass, "kernel.version": pass, "storage.min_pcie_gen": warn, "virtualized": pass}},
		{"vm", "validator", map[string]model.Status{
			"cpu.arch": pass, "cpu.physical_cores": fail, "cpu.max_mhz": unkn, "cpu.smt": pass, "memory.total_bytes": fail,
			"memory.ecc": unkn, "storage.nvme_total_bytes": fail, "kernel.version": pass, "storage.min_pcie_gen": unkn, "virtualized": warn}},
		{"ryzen7950x", "jam", map[string]model.Status{
			"cpu.physical_cores": pass, "cpu.max_mhz": pass, "cpu.smt": fail, "memory.total_bytes": pass, "memory.type": pass,
			"memory.configured_mts": warn, "storage.nvme_total_bytes": fail, "storage.min_pcie_gen": pass, "kernel.version": pass, "network.link_mbps": unkn}},
		{"epyc7713", "jam", map[string]model.Status{
			"cpu.physical_cores": pass, "cpu.max_mhz": fail, "cpu.smt": fail, "memory.total_bytes": pass, "memory.type": fail,
			"memory.configured_mts": warn, "storage.nvme_total_bytes": pass, "storage.min_pcie_gen": fail, "kernel.version": pass, "network.link_mbps": unkn}},
		{"vm", "jam", map[string]model.Status{
			"cpu.physical_cores": fail, "cpu.max_mhz": unkn, "cpu.smt": pass, "memory.total_bytes": fail, "memory.type": unkn,
			"memory.configured_mts": unkn, "storage.nvme_total_bytes": fail, "storage.min_pcie_gen": unkn, "kernel.version": pass, "network.link_mbps": unkn}},
		{"ryzen7950x", "storage", map[string]model.Status{
			"memory.ecc": pass, "memory.total_bytes": pass, "storage.nvme_total_bytes": pass, "storage.nvme_count": pass,
			"storage.min_pcie_gen": pass, "cpu.physical_cores": pass, "kernel.version": pass}},
		{"epyc7713", "storage", map[string]model.Status{
			"memory.ecc": pass, "memory.total_bytes": pass, "storage.nvme_total_bytes": pass, "storage.nvme_count": pass,
			"storage.min_pcie_gen": warn, "cpu.physical_cores": pass, "kernel.version": pass}},
		{"vm", "storage", map[string]model.Status{
			"memory.ecc": unkn, "memory.total_bytes": warn, "storage.nvme_total_bytes": warn, "storage.nvme_count": warn,
			"storage.min_pcie_gen": unkn, "cpu.physical_cores": warn, "kernel.version": pass}},
	}
	invs := map[string]*inventory.Inventory{}
	for _, tt := range tests {
		t.Run(tt.machine+"/"+tt.profile, func(t *testing.T) {
			inv := invs[tt.machine]
			if inv == nil {
				var err error
				inv, err = inventory.Gather(context.Background(), inventory.Options{Root: filepath.Join("..", "inventory", "testdata", "machines", tt.machine)})
				if err != nil {
					t.Fatal(err)
				}
				invs[tt.machine] = inv
			}
			p, err := profiles.Load(tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, req := range p.Requirements {
				if req.Rule == nil {
					continue
				}
				seen++
				c := EvaluateRule(req, inv, Evidence{})
				want, ok := tt.want[c.Function]
				if !ok {
					t.Errorf("rule %q: no expectation", req.Rule.Text)
					continue
				}
				got := c.Status
				if c.Text.Found == "unknown" {
					checkUnknown(t, req, inv, c)
					got = unkn
				}
				if got != want {
					t.Errorf("%s: %s (found %s, required %s), want %s", req.Rule.Text, got, c.Text.Found, c.Text.Required, want)
				}
				if c.Text.Required != req.Rule.Required() || c.Category == "" {
					t.Errorf("%s: required %q category %q", c.Function, c.Text.Required, c.Category)
				}
			}
			if seen != len(tt.want) {
				t.Errorf("%d rules in profile, %d expected", seen, len(tt.want))
			}
		})
	}
}

// TestRuleFoundRequired checks the strings the table shows.
func TestRuleFoundRequired(t *testing.T) {
	inv, err := inventory.Gather(context.Background(), inventory.Options{Root: "../inventory/testdata/machines/vm"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ rule, found, required string }{
		{"cpu.physical_cores >= 16", "2", ">= 16"},
		{"memory.total_bytes >= 64 GB", "25.77 GB", ">= 64 GB"},
		{"storage.nvme_total_bytes >= 8 TB", "0 TB", ">= 8 TB"},
		{"cpu.max_mhz >= 5 GHz", "unknown", ">= 5 GHz"},
	} {
		r, err := profiles.ParseRule(tt.rule)
		if err != nil {
			t.Fatal(err)
		}
		c := EvaluateRule(profiles.Requirement{Rule: r, Severity: profiles.SeverityFail}, inv, Evidence{AcceptUnknown: true})
		if c.Text.Found != tt.found || c.Text.Required != tt.required {
			t.Errorf("%s: found %q required %q, want %q %q", tt.rule, c.Text.Found, c.Text.Required, tt.found, tt.required)
		}
		if cell := text.ScoreCell(c) + "|" + text.MinimumCell(c); cell != tt.found+"|"+tt.required {
			t.Errorf("%s: table cells %q", tt.rule, cell)
		}
		if tt.found == "unknown" && !strings.Contains(text.ResultCell(c), "unknown") {
			t.Errorf("%s: result cell %q does not say unknown", tt.rule, text.ResultCell(c))
		}
	}
	// No inventory at all (an unusable root): no rule passes; a required
	// one is not measured, or warns when unknowns are accepted.
	r, _ := profiles.ParseRule("virtualized == false")
	req := profiles.Requirement{Rule: r, Severity: profiles.SeverityFail}
	if c := EvaluateRule(req, nil, Evidence{}); c.Status != model.StatusNotMeasured {
		t.Errorf("nil inventory: %s, want not measured", c.Status)
	}
	if c := EvaluateRule(req, nil, Evidence{AcceptUnknown: true}); c.Status != model.StatusWarn {
		t.Errorf("nil inventory, --accept-unknown: %s, want warn", c.Status)
	}
}

// checkUnknown holds a rule on a hidden value to the evidence policy: a
// required rule is not measured with a reason saying what would reveal it
// and naming --accept-unknown, which turns it into a warning (never a
// pass); warn and info rules keep their severity's status.
func checkUnknown(t *testing.T, req profiles.Requirement, inv *inventory.Inventory, c model.Check) {
	t.Helper()
	accepted := EvaluateRule(req, inv, Evidence{AcceptUnknown: true})
	switch req.Severity {
	case profiles.SeverityFail:
		if c.Status != model.StatusNotMeasured || !strings.Contains(c.Reason, "does not reveal "+req.Rule.Field.Name) || !strings.Contains(c.Reason, "--accept-unknown") {
			t.Errorf("%s: unknown required value gave %s, reason %q", c.Function, c.Status, c.Reason)
		}
		if accepted.Status != model.StatusWarn || len(accepted.Notes) != 2 {
			t.Errorf("%s: accepted unknown gave %s, notes %q; want warn saying it was accepted", c.Function, accepted.Status, accepted.Notes)
		}
	case profiles.SeverityWarn:
		if c.Status != model.StatusWarn || accepted.Status != model.StatusWarn || len(c.Notes) == 0 {
			t.Errorf("%s: unknown warn rule gave %s/%s, notes %q", c.Function, c.Status, accepted.Status, c.Notes)
		}
	case profiles.SeverityInfo:
		if c.Status != model.StatusInfo {
			t.Errorf("%s: unknown info rule gave %s", c.Function, c.Status)
		}
	}
}

// TestLinkSpeedRule: jam's `network.link_mbps >= 1000` warns on a port that
// negotiated 100 Mbit/s and passes at 1 Gbit/s.
func TestLinkSpeedRule(t *testing.T) {
	p, err := profiles.Load("jam")
	if err != nil {
		t.Fatal(err)
	}
	var req *profiles.Requirement
	for i, r := range p.Requirements {
		if r.Rule != nil && r.Rule.Field.Name == "network.link_mbps" {
			req = &p.Requirements[i]
		}
	}
	if req == nil {
		t.Fatal("jam has no network.link_mbps rule")
	}
	for _, tc := range []struct {
		mbps int
		want model.Status
	}{{100, warn}, {1000, pass}, {10000, pass}} {
		inv := &inventory.Inventory{Network: inventory.Network{EgressInterface: "eno1", LinkMbps: &tc.mbps}}
		if c := EvaluateRule(*req, inv, Evidence{}); c.Status != tc.want {
			t.Errorf("%d Mbit/s: %s, want %s", tc.mbps, c.Status, tc.want)
		}
	}
}
