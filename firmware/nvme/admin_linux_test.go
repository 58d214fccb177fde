package nvme

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	smart "github.com/anatol/smart.go"
	"golang.org/x/sys/unix"

	"github.com/hwqual/hwqual/firmware/advisory"
)

// The live path decodes with smart.go and re-encodes for ParseSMARTLog;
// the round trip must keep every field the parser reads.
func TestSmartLogBytesRoundTrip(t *testing.T) {
	for _, page := range []string{"qemu-7.2-smart.bin", "smart-980pro-3B-readonly.bin", "smart-huge-counter.bin"} {
		raw := readPage(t, page)
		var l smart.NvmeSMARTLog
		if err := binary.Read(bytes.NewReader(raw), binary.LittleEndian, &l); err != nil {
			t.Fatal(err)
		}
		want, _ := ParseSMARTLog(raw)
		got, err := ParseSMARTLog(smartLogBytes(&l))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, %v\nwant %+v", page, got, err, want)
		}
	}
}

// A device node that is not an NVMe device (here a regular file) makes
// every admin command fail; the failures are reported per field.
func TestAdminOnNonDevice(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(machine("current"))); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(root, "dev"), 0o755)
	os.WriteFile(filepath.Join(root, "dev", "nvme0"), nil, 0o600)
	cs, err := Controllers(root)
	if err != nil {
		t.Fatal(err)
	}
	a := cs[0].Admin
	if a == nil || a.Health != nil || a.Slots != nil || len(a.Errors) != 3 {
		t.Fatalf("got admin %+v, want three errors and no data", a)
	}
	if r := Judge(advisory.Builtin(), cs[0]); r.HealthCheck.Verdict != advisory.VerdictNotRead || r.Verdict != advisory.VerdictOK {
		t.Errorf("got health %s verdict %s, want NOT READ and OK from the firmware", r.HealthCheck.Verdict, r.Verdict)
	}
}

func TestAdminErrNeedsRoot(t *testing.T) {
	for _, e := range []error{unix.EACCES, unix.EPERM} {
		if err := adminErr("open /dev/nvme0", e); !errors.Is(err, ErrNeedRoot) {
			t.Errorf("%v: got %v, want ErrNeedRoot", e, err)
		}
	}
	if err := adminErr("identify", unix.ENOTTY); errors.Is(err, ErrNeedRoot) {
		t.Errorf("ENOTTY mapped to ErrNeedRoot")
	}
	if !allNeedRoot([]string{"SMART/health log: " + ErrNeedRoot.Error()}) || allNeedRoot(nil) {
		t.Error("allNeedRoot")
	}
}
