//go:build record

// Built only with -tags record: a recording tool, not a test of the suite,
// so CI runs every test it compiles and skips none.

package nvme

import (
	"encoding/base64"
	"flag"
	"fmt"
	"testing"
)

var recordDev = flag.String("record-dev", "", "NVMe device whose raw log pages TestRecordLogPages prints (run inside test/nvmevm)")

// TestRecordLogPages prints the raw SMART/health and firmware slot log
// pages of -record-dev as base64, to record a real controller's bytes into
// firmware/testdata/logpages (see its README.md). Skipped without the flag.
func TestRecordLogPages(t *testing.T) {
	if *recordDev == "" {
		t.Skip("-record-dev not given")
	}
	for _, page := range []struct {
		name string
		id   uint8
	}{{"smart", logSMART}, {"slot", logFirmwareSlot}} {
		b, err := readLogPage(*recordDev, page.id)
		if err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		fmt.Printf("LOGPAGE %s %s\n", page.name, base64.StdEncoding.EncodeToString(b))
	}
}
