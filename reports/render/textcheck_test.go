package reports

import (
	"bytes"
	"strings"
	"testing"
)

func TestTextCheck(t *testing.T) {
	c := Check{ID: "firmware:nvme/S5GXNF0R123456", Category: "Firmware", Function: "nvme0 Samsung SSD 980 PRO 2TB", Kind: KindFirmware, Severity: "fail",
		Status: StatusFail, Text: &Text{Found: "3B2QGXA7 CRITICAL"}, Notes: []string{"firmware CRITICAL: read-only"}}
	if ScoreCell(c) != "3B2QGXA7 CRITICAL" || ResultCell(c) != "❌ Fail" || MinimumCell(c) != "-" || sampleCell(c) != "-" {
		t.Errorf("cells: %q %q %q %q", ScoreCell(c), ResultCell(c), MinimumCell(c), sampleCell(c))
	}
	for st, want := range map[Status]string{StatusPass: "✅ Pass", StatusWarn: "❗ Warn", StatusInfo: "📋 Info", StatusNotMeasured: "❔ Not measured"} {
		c2 := c
		c2.Status = st
		if got := ResultCell(c2); got != want {
			t.Errorf("%s: %q, want %q", st, got, want)
		}
	}
	rep := &Report{Header: NewHeader(DocQualification), Checks: []Check{c}, Summary: Summary{Total: 1, Failed: 1}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	js := buf.String()
	if !strings.Contains(js, `"found": "3B2QGXA7 CRITICAL"`) || strings.Contains(js, "_text") {
		t.Errorf("text check JSON carries no value or numeric unit keys:\n%s", js)
	}
	back, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Checks[0]; got.Text.Found != c.Text.Found || got.Kind != KindFirmware || got.Status != StatusFail || got.Notes[0] != c.Notes[0] {
		t.Errorf("round trip: %+v", got)
	}
}
