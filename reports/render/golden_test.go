package reports

import (
	"bytes"
	"context"
	"flag"
	"github.com/hwqual/hwqual/firmware/advisory"
	"github.com/hwqual/hwqual/firmware/bmc"
	"github.com/hwqual/hwqual/firmware/bmc/client"
	"github.com/hwqual/hwqual/firmware/nvme"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/redfishtest"
	"github.com/hwqual/hwqual/inventory"
)

// update rewrites the golden files (and README's sample output) from the
// renderers: go test ./reports -run Golden -update, then review the diff.
var update = flag.Bool("update", false, "rewrite testdata/golden/* and README's sample output")

// golden compares got with testdata/golden/name, or rewrites it.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the renderer's output (go test ./reports -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// render runs one renderer into memory.
func render[D any](t *testing.T, doc D, fn func(io.Writer, D) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// validatorVM is a real `hwqual --profile validator --json` run on this
// project's 2-core VM; README's sample output is its table.
func validatorVM(t *testing.T) *Report {
	t.Helper()
	return readFixture(t, "validator-vm.json")
}

func TestGoldenQualification(t *testing.T) {
	for name, rep := range map[string]*Report{
		"sample": sampleReport(), "disk": diskReport(), "rules": ruleReport(), "validator-vm": validatorVM(t),
	} {
		golden(t, name+".table.txt", render(t, rep, WriteTable))
		golden(t, name+".md", render(t, rep, WriteMarkdown))
		golden(t, name+".json", render(t, rep, WriteJSON))
	}
}

func TestGoldenInventory(t *testing.T) {
	inv, err := inventory.Gather(context.Background(), inventory.Options{Root: filepath.Join("..", "inventory", "testdata", "machines", "epyc7713")})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "inventory-epyc7713.txt", render(t, inv, WriteInventoryText))
	golden(t, "inventory-epyc7713.md", render(t, inv, WriteInventoryMarkdown))
	golden(t, "inventory-epyc7713.json", render(t, inv, WriteInventoryJSON))
}

func TestGoldenFirmwareCheck(t *testing.T) {
	for _, machine := range []string{"mixed", "no-nvme"} {
		root := filepath.Join("..", "firmware", "testdata", "machines", machine)
		rows, err := nvme.Check(root, advisory.Builtin())
		if err != nil {
			t.Fatal(err)
		}
		rep := nvme.NewCheckReport(root, "builtin", rows)
		golden(t, "firmware-"+machine+".txt", render(t, rep, WriteFirmwareTable))
		golden(t, "firmware-"+machine+".md", render(t, rep, WriteFirmwareMarkdown))
		golden(t, "firmware-"+machine+".json", render(t, rep, WriteFirmwareJSON))
	}
}

// bmcHost replaces the test server's random address in rendered output.
func bmcHost(s *redfishtest.Server, out []byte) []byte {
	return bytes.ReplaceAll(out, []byte(s.Host()), []byte("bmc.example:443"))
}

func TestGoldenBMC(t *testing.T) {
	s := redfishtest.NewAMI(t)
	opts := client.Options{Host: s.Host(), User: s.User, Password: s.Password, Insecure: true, Timeout: 10e9}
	info, err := client.Read(context.Background(), opts, false)
	if err != nil {
		t.Fatal(err)
	}
	rep := bmc.NewReport(info, "1.50", "P80")
	golden(t, "bmc-ami.txt", bmcHost(s, render(t, rep, WriteBMCText)))
	golden(t, "bmc-ami.md", bmcHost(s, render(t, rep, WriteBMCMarkdown)))
	golden(t, "bmc-ami.json", bmcHost(s, render(t, rep, WriteBMCJSON)))
}

// TestBMCUpdatePlanRender: the plan names the current versions, the
// image's digest, the endpoint and the reboot (moved here from the
// firmware package with the renderer).
func TestBMCUpdatePlanRender(t *testing.T) {
	s := redfishtest.NewAMI(t)
	img := filepath.Join(t.TempDir(), "B650D4U_2L2T_4.01.00.ima")
	if err := os.WriteFile(img, bytes.Repeat([]byte{0x5a}, 64<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	opts := client.Options{Host: s.Host(), User: s.User, Password: s.Password, Insecure: true, Timeout: 10e9}
	up, err := client.NewUpdater(context.Background(), opts, img, true)
	if err != nil {
		t.Fatal(err)
	}
	up.Close()
	out := render(t, &up.Plan, WriteBMCUpdatePlan)
	for _, want := range []string{"3.35.00", up.Plan.ImageSHA256, "MultipartHttpPushUri", "reboots"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	golden(t, "bmc-update-plan.txt", bmcHost(s, out))
	res := &bmc.UpdateResult{Task: "/redfish/v1/TaskService/Tasks/1", TaskState: "Completed", TaskStatus: "OK",
		VersionFrom: "1.45.455b66-rev4", VersionTo: "4.01.00", After: up.Plan.Before}
	golden(t, "bmc-update-result.txt", render(t, res, WriteBMCUpdateResult))
}

// TestREADMESampleIsGolden: README's sample output is the table of the
// validator-vm golden report, byte for byte.
func TestREADMESampleIsGolden(t *testing.T) {
	const readme = "../README.md"
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "## Sample output")
	if start < 0 {
		t.Fatal("README has no ## Sample output section")
	}
	open := strings.Index(text[start:], "```\n")
	if open < 0 {
		t.Fatal("README's sample output has no code block")
	}
	open += start + len("```\n")
	end := strings.Index(text[open:], "```\n")
	if end < 0 {
		t.Fatal("README's sample output block is not closed")
	}
	end += open
	table := render(t, validatorVM(t), WriteTable)
	if *update {
		if err := os.WriteFile(readme, []byte(text[:open]+string(table)+text[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if text[open:end] != string(table) {
		t.Errorf("README's sample output differs from testdata/golden/validator-vm.table.txt; go test ./reports -run README -update rewrites it")
	}
}
