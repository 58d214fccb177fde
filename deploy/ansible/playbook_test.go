// Package ansible_test runs deploy/ansible/playbook.yml with Debian's
// ansible against localhost (connection: local): the role installs the
// freshly built binary, qualifies this machine with --dir a temporary
// "chain data" directory, fetches the report to the controller, and the
// playbook writes the fleet summary and gates on the exit code.
package ansible_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwqual/hwqual/internal/testtools/need"
	"github.com/hwqual/hwqual/reports/schema"
)

func requireAnsible(t *testing.T) string {
	t.Helper()
	return need.Tool(t, "the Ansible playbook test", "ansible-playbook", "ansible")
}

// buildStatic builds the static binary the role copies to the hosts.
func buildStatic(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "hwqual-build")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "../../cmd/hwqual")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build hwqual: %v\n%s", err, out)
	}
	return bin
}

type playbookRun struct {
	code           int
	stdout, stderr string
}

func runPlaybook(t *testing.T, ansible, work, bin, profile string) playbookRun {
	t.Helper()
	inv := filepath.Join(work, "inventory.ini")
	if err := os.WriteFile(inv, []byte("[hwqual]\nlocalhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	chain := filepath.Join(work, "chain")
	for _, d := range []string{chain, filepath.Join(work, "textfile")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	extra, _ := json.Marshal(map[string]any{
		"hwqual_become":       false,
		"hwqual_local_binary": bin,
		"hwqual_install_path": filepath.Join(work, "host", "hwqual"),
		"hwqual_profile":      profile,
		"hwqual_chain_dir":    chain,
		"hwqual_report_dir":   filepath.Join(work, "host", "reports"),
		"hwqual_textfile_dir": filepath.Join(work, "textfile"),
		"hwqual_extra_args":   []string{"--duration", "50ms", "--samples", "2"},
		"hwqual_collect_dir":  filepath.Join(work, "collected"),
	})
	if err := os.MkdirAll(filepath.Join(work, "host"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(ansible, "-i", inv, "-e", string(extra), "playbook.yml")
	cmd.Env = append(os.Environ(),
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(work, "ansible-tmp"), "ANSIBLE_REMOTE_TEMP="+filepath.Join(work, "ansible-tmp"),
		"ANSIBLE_NOCOLOR=1", "ANSIBLE_RETRY_FILES_ENABLED=0", "ANSIBLE_HOST_KEY_CHECKING=0")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run ansible-playbook: %v", err)
	}
	return playbookRun{code, stdout.String(), stderr.String()}
}

func TestPlaybookOnLocalhost(t *testing.T) {
	ansible := requireAnsible(t)
	work := t.TempDir()
	bin := buildStatic(t, work)

	// A profile this machine meets: one real benchmark on the chain
	// directory's disk, and a rule that holds everywhere.
	pass := filepath.Join(work, "pass.yaml")
	os.WriteFile(pass, []byte("name: ansible-pass\nrequirements:\n  - metric: BLAKE2-256\n    minimum: 1 KiB/s\n  - metric: Seq Write\n    minimum: 1 KiB/s\n  - rule: kernel.version >= 2.6\n"), 0o644)
	r := runPlaybook(t, ansible, work, bin, pass)
	if r.code != 0 {
		t.Fatalf("playbook exit %d on a passing host\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	report := filepath.Join(work, "collected", "reports", "localhost.json")
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("no fetched report: %v\n%s", err, r.stdout)
	}
	var rep struct {
		SchemaVersion int    `json:"schema_version"`
		Dir           string `json:"dir"`
		Profile       struct{ Name string }
		Summary       struct{ Pass bool }
	}
	if err := json.Unmarshal(b, &rep); err != nil || !rep.Summary.Pass || rep.Profile.Name != "ansible-pass" {
		t.Errorf("fetched report: %v %+v", err, rep)
	}
	if err := schema.Validate(b); err != nil {
		t.Errorf("fetched report against reports/schema: %v", err)
	}
	if rep.Dir != filepath.Join(work, "chain") {
		t.Errorf("report dir %q: --dir was not the chain data directory", rep.Dir)
	}
	if entries, _ := os.ReadDir(filepath.Join(work, "chain")); len(entries) != 0 {
		t.Errorf("scratch files left in the chain directory: %d", len(entries))
	}
	for _, prom := range []string{"hwqual.prom", "hwqual-nvme.prom"} {
		if _, err := os.Stat(filepath.Join(work, "textfile", prom)); err != nil {
			t.Errorf("no textfile %s written: %v", prom, err)
		}
	}
	md, err := os.ReadFile(filepath.Join(work, "collected", "fleet.md"))
	if err != nil || !strings.Contains(string(md), "| PASS |") || !strings.Contains(string(md), "1 hosts: 1 passed, 0 failed; 0 files skipped") {
		t.Errorf("fleet summary: %v\n%s", err, md)
	}
	var fleet struct {
		Kind   string `json:"kind"`
		Totals struct{ Hosts, Passed int }
	}
	fj, _ := os.ReadFile(filepath.Join(work, "collected", "fleet.json"))
	if err := json.Unmarshal(fj, &fleet); err != nil || fleet.Kind != "fleet" || fleet.Totals.Hosts != 1 || fleet.Totals.Passed != 1 {
		t.Errorf("fleet.json: %v %+v", err, fleet)
	}

	// A profile no machine meets: the report is still fetched and
	// summarised, and the gate fails the playbook.
	fail := filepath.Join(work, "fail.yaml")
	os.WriteFile(fail, []byte("name: ansible-fail\nrequirements:\n  - rule: kernel.version >= 999\n"), 0o644)
	r = runPlaybook(t, ansible, work, bin, fail)
	if r.code == 0 || !strings.Contains(r.stdout, "does not meet profile") {
		t.Fatalf("playbook exit %d on a failing host, want non-zero from the gate\n%s", r.code, r.stdout)
	}
	md, _ = os.ReadFile(filepath.Join(work, "collected", "fleet.md"))
	if !strings.Contains(string(md), "| FAIL |") || !strings.Contains(string(md), "rule:kernel.version") {
		t.Errorf("fleet summary after the failing run:\n%s", md)
	}
}
