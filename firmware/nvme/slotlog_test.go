package nvme

import (
	"testing"

	"github.com/hwqual/hwqual/firmware/advisory"
)

func TestParseSlotLog(t *testing.T) {
	s, err := ParseSlotLog(readPage(t, "slot-980pro-5B.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Active != 2 || s.Next != 0 || s.Revisions[0] != "3B2QGXA7" || s.ActiveRevision() != "5B2QGXA7" || s.Revisions[2] != "" {
		t.Errorf("got %+v", s)
	}
	s, err = ParseSlotLog(readPage(t, "slot-pending-commit.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Active != 1 || s.Next != 2 {
		t.Errorf("pending commit: got active %d next %d, want 1 2", s.Active, s.Next)
	}
	bad := make([]byte, 512)
	copy(bad[8:], "5B\x1b[31m")
	bad[0] = 1
	if s, _ := ParseSlotLog(bad); s.Revisions[0] != "5B?[31m" {
		t.Errorf("control bytes: got %q", s.Revisions[0])
	}
	for _, b := range [][]byte{nil, make([]byte, 63), make([]byte, 512)} {
		if _, err := ParseSlotLog(b); err == nil {
			t.Errorf("%d bytes (active slot 0): want an error", len(b))
		}
	}
}

func FuzzParseSlotLog(f *testing.F) {
	f.Add(readPage(f, "slot-980pro-5B.bin"))
	f.Add(make([]byte, 64))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSlotLog(b)
		if err != nil {
			return
		}
		if s.Active < 1 || s.Active > 7 || s.Next > 7 {
			t.Fatalf("slot out of range: %+v", s)
		}
		for _, r := range s.Revisions {
			for _, c := range []byte(r) {
				if c < 0x20 || c > 0x7e {
					t.Fatalf("non-printable byte in revision %q", r)
				}
			}
		}
	})
}

func FuzzParseSMARTLog(f *testing.F) {
	f.Add(readPage(f, "smart-980pro-3B-readonly.bin"))
	f.Add(readPage(f, "smart-healthy.bin"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseSMARTLog(b)
		if err != nil {
			if len(b) == smartLogSize {
				t.Fatalf("512-byte page rejected: %v", err)
			}
			return
		}
		if h.ReadOnly != (b[0]&WarnReadOnly != 0) {
			t.Fatal("read-only flag does not follow bit 3")
		}
		if j := JudgeHealth(&h); (b[0] != 0) != (j.Verdict == advisory.VerdictCritical) {
			t.Fatalf("critical warning 0x%02x judged %s", b[0], j.Verdict)
		}
	})
}

// The qemu-7.2 pages were read from QEMU's emulated controller through the
// admin ioctl (TestRecordLogPages inside test/nvmevm).
func TestRecordedQEMUPages(t *testing.T) {
	s, err := ParseSlotLog(readPage(t, "qemu-7.2-slot.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Active != 1 || s.Next != 0 || s.ActiveRevision() != "1.0" || s.Revisions[1] != "" {
		t.Errorf("slot log: %+v", s)
	}
	h, err := ParseSMARTLog(readPage(t, "qemu-7.2-smart.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if h.TemperatureKelvin != 323 || h.CriticalWarning != 0 || h.AvailableSparePct != 0 || h.SpareThresholdPct != 0 || h.MediaErrors != 0 {
		t.Errorf("SMART/health: %+v", h)
	}
	if j := JudgeHealth(&h); j.Verdict != advisory.VerdictOK {
		t.Errorf("QEMU health judged %s: %s", j.Verdict, j.Reason)
	}
}
