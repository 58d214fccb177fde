package render_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/firmware/advisory"
	"github.com/hwqual/hwqual/firmware/bmc"
	"github.com/hwqual/hwqual/firmware/bmc/client"
	"github.com/hwqual/hwqual/firmware/nvme"

	"github.com/hwqual/hwqual/internal/redfishtest"
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/reports/internal/reportstest"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
)

// validatorVM is a real `hwqual --profile validator --json` run on this
// project's 2-core VM; README's sample output is its table.
func validatorVM(t *testing.T) *model.Report {
	t.Helper()
	return reportstest.Report(t, "validator-vm.json")
}

func TestGoldenQualification(t *testing.T) {
	for name, rep := range map[string]*model.Report{
		"sample": reportstest.SampleReport(), "disk": reportstest.DiskReport(), "rules": reportstest.RuleReport(), "validator-vm": validatorVM(t),
	} {
		reportstest.Golden(t, name+".table.txt", reportstest.Render(t, render.Table(rep)))
		reportstest.Golden(t, name+".md", reportstest.Render(t, render.Markdown(rep)))
		reportstest.Golden(t, name+".json", reportstest.Render(t, render.JSON(rep)))
	}
}

func TestGoldenInventory(t *testing.T) {
	reportstest.ChdirReports(t)
	inv, err := inventory.Gather(context.Background(), inventory.Options{Root: filepath.Join("..", "inventory", "testdata", "machines", "epyc7713")})
	if err != nil {
		t.Fatal(err)
	}
	reportstest.Golden(t, "inventory-epyc7713.txt", reportstest.Render(t, render.Table(inv)))
	reportstest.Golden(t, "inventory-epyc7713.md", reportstest.Render(t, render.Markdown(inv)))
	reportstest.Golden(t, "inventory-epyc7713.json", reportstest.Render(t, render.JSON(inv)))
}

func TestGoldenFirmwareCheck(t *testing.T) {
	reportstest.ChdirReports(t)
	for _, machine := range []string{"mixed", "no-nvme"} {
		root := filepath.Join("..", "firmware", "testdata", "machines", machine)
		rows, err := nvme.Check(root, advisory.Builtin())
		if err != nil {
			t.Fatal(err)
		}
		rep := nvme.NewCheckReport(root, "builtin", rows)
		reportstest.Golden(t, "firmware-"+machine+".txt", reportstest.Render(t, render.Table(rep)))
		reportstest.Golden(t, "firmware-"+machine+".md", reportstest.Render(t, render.Markdown(rep)))
		reportstest.Golden(t, "firmware-"+machine+".json", reportstest.Render(t, render.JSON(rep)))
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
	reportstest.Golden(t, "bmc-ami.txt", bmcHost(s, reportstest.Render(t, render.Table(rep))))
	reportstest.Golden(t, "bmc-ami.md", bmcHost(s, reportstest.Render(t, render.Markdown(rep))))
	reportstest.Golden(t, "bmc-ami.json", bmcHost(s, reportstest.Render(t, render.JSON(rep))))
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
	out := reportstest.Render(t, render.Table(&up.Plan))
	for _, want := range []string{"3.35.00", up.Plan.ImageSHA256, "MultipartHttpPushUri", "reboots"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	reportstest.Golden(t, "bmc-update-plan.txt", bmcHost(s, out))
	res := &bmc.UpdateResult{Task: "/redfish/v1/TaskService/Tasks/1", TaskState: "Completed", TaskStatus: "OK",
		VersionFrom: "1.45.455b66-rev4", VersionTo: "4.01.00", After: up.Plan.Before}
	reportstest.Golden(t, "bmc-update-result.txt", reportstest.Render(t, render.Table(res)))
}

// TestREADMESampleIsGolden: README's sample output is the table of the
// validator-vm golden report, byte for byte.
func TestREADMESampleIsGolden(t *testing.T) {
	readme := reportstest.RepoPath("README.md")
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
	table := reportstest.Render(t, render.Table(validatorVM(t)))
	if *reportstest.Update {
		if err := os.WriteFile(readme, []byte(text[:open]+string(table)+text[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if text[open:end] != string(table) {
		t.Errorf("README's sample output differs from testdata/golden/validator-vm.table.txt; go test ./reports/render -run README -update rewrites it")
	}
}
