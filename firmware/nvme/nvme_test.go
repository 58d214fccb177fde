package nvme

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/firmware/advisory"
)

func machine(name string) string { return filepath.Join("..", "testdata", "machines", name) }

func TestControllersFixture(t *testing.T) {
	cs, err := Controllers(machine("mixed"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, strings.Join([]string{c.Name, c.Model, c.Serial, c.Firmware, c.PCIVendor, c.PCIDevice, c.LinkSpeed, c.LinkWidth}, "|"))
		if c.Admin != nil || !strings.Contains(c.NotRead, "no device node") {
			t.Errorf("%s: recorded tree has no /dev: admin %v, not read %q", c.Name, c.Admin, c.NotRead)
		}
	}
	want := []string{
		"nvme0|Samsung SSD 980 PRO 2TB|S6B0NL0W127373V|3B2QGXA7|0x144d|0xa80a|16.0 GT/s PCIe|4",
		"nvme1|Samsung SSD 980 PRO 2TB|S6B0NL0W201148K|5B2QGXA7|0x144d|0xa80a|16.0 GT/s PCIe|4",
		"nvme2|Samsung SSD 990 PRO 4TB|S7DSNJ0WA01234B|1B2QJXD7|0x144d|0xa80c|16.0 GT/s PCIe|4",
		"nvme10|WD_BLACK SN850X 2000GB|23151L800123|620311WD|0x15b7|0x5030|16.0 GT/s PCIe|4",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckFixtureVerdicts(t *testing.T) {
	rows, err := Check(machine("mixed"), advisory.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]advisory.Verdict{"nvme0": advisory.VerdictCritical, "nvme1": advisory.VerdictOK, "nvme2": advisory.VerdictUpdate, "nvme10": advisory.VerdictUnknown}
	for _, r := range rows {
		if r.FirmwareCheck.Verdict != want[r.Name] {
			t.Errorf("%s: firmware %s (%s), want %s", r.Name, r.FirmwareCheck.Verdict, r.FirmwareCheck.Reason, want[r.Name])
		}
		if r.HealthCheck.Verdict != advisory.VerdictNotRead {
			t.Errorf("%s: health %s, want %s without a device node", r.Name, r.HealthCheck.Verdict, advisory.VerdictNotRead)
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d", len(rows), len(want))
	}
	if !NewCheckReport("x", "builtin", rows).Critical {
		t.Error("report with a CRITICAL drive is not marked critical")
	}
}

func TestControllersNone(t *testing.T) {
	for _, root := range []string{machine("no-nvme"), t.TempDir()} {
		cs, err := Controllers(root)
		if err != nil || len(cs) != 0 {
			t.Errorf("%s: got %d controllers, err %v; want none", root, len(cs), err)
		}
	}
}

func TestControllersBrokenTree(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "sys", "class", "nvme", "nvme0")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "model"), []byte("X\n"), 0o644)
	if _, err := Controllers(root); err == nil || !strings.Contains(err.Error(), "serial") {
		t.Errorf("missing serial: got %v", err)
	}
}
