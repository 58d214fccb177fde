package nvme

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/firmware/advisory"
)

func readPage(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "logpages", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestJudgeHealthLogPages(t *testing.T) {
	tests := []struct {
		page   string
		want   advisory.Verdict
		reason string
	}{
		{"smart-980pro-3B-readonly.bin", advisory.VerdictCritical, "read-only"},
		{"smart-980pro-3B-media-errors.bin", advisory.VerdictWarn, "2103 media errors"},
		{"smart-990pro-0B-worn.bin", advisory.VerdictWarn, "percentage used 85%"},
		{"smart-spare-low.bin", advisory.VerdictWarn, "spare 8% below threshold 10%"},
		{"smart-healthy.bin", advisory.VerdictOK, "3% used"},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			h, err := ParseSMARTLog(readPage(t, tt.page))
			if err != nil {
				t.Fatal(err)
			}
			j := JudgeHealth(&h)
			if j.Verdict != tt.want || !strings.Contains(j.Reason, tt.reason) {
				t.Fatalf("got %s (%s), want %s with %q", j.Verdict, j.Reason, tt.want, tt.reason)
			}
		})
	}
	if j := JudgeHealth(nil); j.Verdict != advisory.VerdictNotRead {
		t.Errorf("JudgeHealth(nil) = %s, want %s", j.Verdict, advisory.VerdictNotRead)
	}
}

func TestParseSMARTLogFields(t *testing.T) {
	h, err := ParseSMARTLog(readPage(t, "smart-980pro-3B-readonly.bin"))
	if err != nil {
		t.Fatal(err)
	}
	want := Health{
		CriticalWarning: 0x0D, TemperatureKelvin: 311, AvailableSparePct: 2, SpareThresholdPct: 10,
		PercentageUsed: 4, DataReadBytes: 9_000_000 * 512_000, DataWrittenBytes: 8_012_345 * 512_000,
		PowerOnHours: 2311, UnsafeShutdowns: 41, MediaErrors: 32768, ErrorLogEntries: 32770, ReadOnly: true,
	}
	got := h
	got.CriticalWarningSet = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if s := strings.Join(h.CriticalWarningSet, ","); s != "spare below threshold,reliability degraded,read-only" {
		t.Errorf("warnings = %q", s)
	}
	big, err := ParseSMARTLog(readPage(t, "smart-huge-counter.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if big.MediaErrors < 1.8e19 {
		t.Errorf("128-bit media error counter read as %g, want ≈ 2^64", big.MediaErrors)
	}
	if _, err := ParseSMARTLog(make([]byte, 511)); err == nil {
		t.Error("511-byte log: want an error")
	}
}

func TestJudgeRow(t *testing.T) {
	db := advisory.Builtin()
	h, _ := ParseSMARTLog(readPage(t, "smart-980pro-3B-media-errors.bin"))
	r := Judge(db, Controller{Name: "nvme0", Model: "Samsung SSD 980 PRO 2TB", Firmware: "5B2QGXA7", Admin: &AdminData{Health: &h}})
	if r.FirmwareCheck.Verdict != advisory.VerdictOK || r.HealthCheck.Verdict != advisory.VerdictWarn || r.Verdict != advisory.VerdictWarn {
		t.Errorf("got firmware %s health %s verdict %s, want OK WARN WARN", r.FirmwareCheck.Verdict, r.HealthCheck.Verdict, r.Verdict)
	}
	r = Judge(db, Controller{Name: "nvme1", Model: "Samsung SSD 990 PRO 4TB", Firmware: "1B2QJXD7", NotRead: "smart_health: needs root (CAP_SYS_ADMIN)"})
	if r.Verdict != advisory.VerdictUpdate || r.HealthCheck.Verdict != advisory.VerdictNotRead || !strings.Contains(r.HealthCheck.Reason, "needs root") {
		t.Errorf("got %s / health %s (%s)", r.Verdict, r.HealthCheck.Verdict, r.HealthCheck.Reason)
	}
}

func TestJudgeSlotNotes(t *testing.T) {
	s, err := ParseSlotLog(readPage(t, "slot-pending-commit.bin"))
	if err != nil {
		t.Fatal(err)
	}
	r := Judge(advisory.Builtin(), Controller{Name: "nvme0", Model: "Samsung SSD 980 PRO 2TB", Firmware: "3B2QGXA7", Admin: &AdminData{Slots: &s}})
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "slot 2 (5B2QGXA7) activates at the next reset") {
		t.Errorf("notes = %q", r.Notes)
	}
}
