package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render/text"
)

func TestTextCheck(t *testing.T) {
	c := model.Check{ID: "firmware:nvme/S5GXNF0R123456", Category: "Firmware", Function: "nvme0 Samsung SSD 980 PRO 2TB", Kind: model.KindFirmware, Severity: "fail",
		Status: model.StatusFail, Text: &model.Text{Found: "3B2QGXA7 CRITICAL"}, Notes: []string{"firmware CRITICAL: read-only"}}
	if text.ScoreCell(c) != "3B2QGXA7 CRITICAL" || text.ResultCell(c) != "❌ Fail" || text.MinimumCell(c) != "-" || text.SampleCell(c) != "-" {
		t.Errorf("cells: %q %q %q %q", text.ScoreCell(c), text.ResultCell(c), text.MinimumCell(c), text.SampleCell(c))
	}
	for st, want := range map[model.Status]string{model.StatusPass: "✅ Pass", model.StatusWarn: "❗ Warn", model.StatusInfo: "📋 Info", model.StatusNotMeasured: "❔ Not measured"} {
		c2 := c
		c2.Status = st
		if got := text.ResultCell(c2); got != want {
			t.Errorf("%s: %q, want %q", st, got, want)
		}
	}
	rep := &model.Report{Header: model.NewHeader(model.DocQualification), Checks: []model.Check{c}, Summary: model.Summary{Total: 1, Failed: 1}}
	var buf bytes.Buffer
	if err := JSON(rep)(&buf); err != nil {
		t.Fatal(err)
	}
	js := buf.String()
	if !strings.Contains(js, `"found": "3B2QGXA7 CRITICAL"`) || strings.Contains(js, "_text") {
		t.Errorf("text check JSON carries no value or numeric unit keys:\n%s", js)
	}
	back, err := model.ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Checks[0]; got.Text.Found != c.Text.Found || got.Kind != model.KindFirmware || got.Status != model.StatusFail || got.Notes[0] != c.Notes[0] {
		t.Errorf("round trip: %+v", got)
	}
}
