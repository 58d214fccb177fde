package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/units"
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/reports/model"
)

// report is a qualification report with one whole-window row and one row
// that had no interval.
func report(blake, halfWidth, copyScore float64) *model.Report {
	return &model.Report{
		Header:    model.NewHeader(model.DocQualification),
		Host:      "node-1",
		Inventory: &inventory.Inventory{CPU: inventory.CPU{Model: "AMD EPYC"}},
		Checks: []model.Check{
			{ID: "metric:BLAKE2-256", Kind: model.KindMetric, Function: "BLAKE2-256", Numeric: &model.Numeric{
				Unit: units.BytesPerSecond, Score: blake, CILevel: 0.95, CILow: blake * (1 - halfWidth), CIHigh: blake * (1 + halfWidth)}},
			{ID: "metric:Copy", Kind: model.KindMetric, Function: "Copy", Numeric: &model.Numeric{Unit: units.BytesPerSecond, Score: copyScore}},
			{ID: "rule:cpu.smt", Kind: model.KindRule, Function: "cpu.smt", Text: &model.Text{Found: "false"}},
		},
	}
}

func TestWriteSpread(t *testing.T) {
	reps := []*model.Report{report(995, 0.004, 100), report(1005, 0.006, 80), report(1000, 0.005, 120)}
	var b bytes.Buffer
	writeSpread(&b, reps, 1)
	out := b.String()
	for _, want := range []string{
		"| BLAKE2-256 | -0.5, +0.5, +0.0 | 0.50 % | yes | 0.4, 0.6, 0.5 |",
		"| Copy | +0.0, -20.0, +20.0 | 20.00 % | no | -, -, - |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "cpu.smt") {
		t.Errorf("a rule row has no score to spread:\n%s", out)
	}
}

// A row missing from one run (not measured there) is left out rather
// than compared over fewer runs.
func TestSpreadsNeedEveryRun(t *testing.T) {
	b := report(1000, 0.01, 100)
	b.Checks[1].Numeric.Score = 0
	rows := spreads([]*model.Report{report(1000, 0.01, 100), b})
	if len(rows) != 1 || rows[0].function != "BLAKE2-256" {
		t.Errorf("rows %+v, want BLAKE2-256 alone", rows)
	}
}

// TestRunWithFakeBinary drives run end to end with a stand-in for hwqual
// that writes a saved report where --json points.
func TestRunWithFakeBinary(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "saved.json")
	var doc bytes.Buffer
	if err := model.EncodeJSON(&doc, report(1000, 0.005, 100)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(saved, doc.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "hwqual")
	script := fmt.Sprintf("#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ \"$1\" = --json ]; then cp %s \"$2\"; fi; shift; done\n", saved)
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(&out, bin, "validator", t.TempDir(), 3, 1); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 runs of profile validator on node-1 (AMD EPYC)", "verdict time per run (s): ", "| BLAKE2-256 | +0.0, +0.0, +0.0 | 0.00 % | yes | 0.5, 0.5, 0.5 |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	for _, tt := range []struct {
		runs      int
		precision float64
		want      string
	}{
		{1, 1, "-runs 1: need at least 2"},
		{5, 0, "-precision 0: must be positive"},
	} {
		err := run(&bytes.Buffer{}, "/bin/false", "validator", t.TempDir(), tt.runs, tt.precision)
		if err == nil || err.Error() != tt.want {
			t.Errorf("runs %d precision %g: %v, want %q", tt.runs, tt.precision, err, tt.want)
		}
	}
}
