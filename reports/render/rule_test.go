package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
)

// TestRuleRowsRender: rule rows carry found/required through JSON (no
// unit-suffixed score keys), the table and Markdown.
func TestRuleRowsRender(t *testing.T) {
	rep := reportstest.RuleReport()
	var js bytes.Buffer
	if err := JSON(rep)(&js); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Checks    []map[string]any `json:"checks"`
		Inventory map[string]any   `json:"inventory"`
	}
	if err := json.Unmarshal(js.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if text, _ := raw.Checks[0]["text"].(map[string]any); text["found"] != "2" || text["required"] != ">= 16" {
		t.Errorf("JSON check = %v", raw.Checks[0])
	}
	for k := range raw.Checks[0] {
		if strings.HasPrefix(k, "score") || strings.HasPrefix(k, "samples") {
			t.Errorf("rule check has measurement key %q", k)
		}
	}
	if cpu, _ := raw.Inventory["cpu"].(map[string]any); cpu["physical_cores"] != 2.0 {
		t.Errorf("JSON inventory cpu = %v", raw.Inventory["cpu"])
	}
	back, err := model.ReadJSON(&js)
	if err != nil {
		t.Fatalf("ReadJSON: %v", err)
	}
	if back.Checks[1].Text.Found != "unknown" || back.Checks[1].Text.Required != ">= 5 GHz" || *back.Inventory.CPU.PhysicalCores != 2 {
		t.Errorf("round trip: %+v", back.Checks[1])
	}

	var tbl, md bytes.Buffer
	if err := Table(rep)(&tbl); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(rep)(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| CPU      | cpu.physical_cores | 2       | >= 16    | ❌ Fail", "❗ Warn (unknown)", "cpu.max_mhz: unknown: this machine"} {
		if !strings.Contains(tbl.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, tbl.String())
		}
	}
	if !strings.Contains(md.String(), "- **Machine:** unknown (2 cores, SMT unknown)") {
		t.Errorf("Markdown lacks the machine line:\n%s", md.String())
	}
	if !strings.Contains(md.String(), `| CPU | cpu.physical\_cores | 2 | >= 16 | ❌ Fail | - |`) {
		t.Errorf("Markdown row missing:\n%s", md.String())
	}
}
