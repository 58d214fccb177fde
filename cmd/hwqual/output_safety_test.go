package main

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// outputSafetyFixtures fills dir with files every command could be handed:
// reports (inputs of report commands, or earlier outputs), a profile, an
// advisory file, a password file, a stranger's notes and a fleet directory.
func outputSafetyFixtures(t *testing.T, dir string) {
	t.Helper()
	golden := "../../reports/testdata/golden/"
	saved := "../../reports/testdata/reports/"
	for _, c := range []struct{ from, to string }{
		{saved + "validator-vm.json", "a.json"},
		{saved + "storage-vm.json", "b.json"},
		{saved + "validator-vm.json", "c.json"},
		{golden + "compare.json", "prev-compare.json"},
		{golden + "inventory-epyc7713.json", "prev-inventory.json"},
		{golden + "firmware-mixed.md", "prev-firmware.md"},
		{"../../firmware/advisory/advisories.yaml", "adv.yaml"},
		{saved + "validator-vm.json", "fleet/h1.json"},
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, c.to)), 0o755)
		copyFile(t, c.from, filepath.Join(dir, c.to))
	}
	for name, body := range map[string]string{
		"p.yaml":    "name: cpu\nrequirements:\n  - metric: BLAKE2-256\n    minimum: 1 KiB/s\n",
		"pw":        "not-a-real-secret\n",
		"notes.txt": "operator notes\n",
		"empty":     "",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// fileSums maps every file under dir to its SHA-256.
func fileSums(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sums[rel] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// TestNoCommandOverwritesItsInputs runs every command that writes a
// document with the flag orders that used to eat a file, in a directory of
// real files, and checks by SHA-256 that only the files a case names as
// replaced changed and that nothing else appeared. Refusals are exit 2
// with one line naming the flag. (profiles and version write only stdout.)
func TestNoCommandOverwritesItsInputs(t *testing.T) {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	inventoryRoot := abs(machines + "vm")
	firmwareRoot := abs(firmwareFixture("current"))
	tests := []struct {
		args []string
		code int
		// stderr is what the one-line refusal says (code 2).
		stderr string
		// replaced are the files the command may write; stdout is what
		// standard output starts with when it is checked.
		replaced []string
		stdout   string
	}{
		// report compare: the case first.
		{args: []string{"report", "compare", "--json", "a.json", "b.json", "c.json"}, code: 2, stderr: "--json a.json: "},
		{args: []string{"report", "compare", "--md", "a.json", "b.json", "c.json"}, code: 2, stderr: "--md a.json: "},
		{args: []string{"report", "compare", "--json=a.json", "a.json", "b.json", "c.json"}, code: 2, stderr: "is also an input"},
		{args: []string{"report", "compare", "--force", "--json=a.json", "a.json", "b.json", "c.json"}, code: 2, stderr: "is also an input"},
		{args: []string{"report", "compare", "-o", "a.json", "a.json", "b.json"}, code: 2, stderr: "is also an input"},
		{args: []string{"report", "compare", "--format", "json", "-o", "a.json", "b.json", "c.json"}, code: 2, stderr: "--output a.json: exists and is not an earlier compare JSON output"},
		{args: []string{"report", "compare", "--json", "notes.txt", "a.json", "b.json"}, code: 2, stderr: "--json notes.txt: "},
		{args: []string{"report", "compare", "--json=notes.txt", "a.json", "b.json"}, code: 2, stderr: "pass --force"},
		{args: []string{"report", "compare", "a.json", "b.json", "c.json", "--json"}, stdout: "{"},
		{args: []string{"report", "compare", "--json", "-", "a.json", "b.json", "c.json"}, stdout: "{"},
		{args: []string{"report", "compare", "--json", "prev-compare.json", "a.json", "b.json"}, replaced: []string{"prev-compare.json"}},
		{args: []string{"report", "compare", "--json", "new.json", "a.json", "b.json"}, replaced: []string{"new.json"}},
		{args: []string{"report", "compare", "--force", "--json=notes.txt", "a.json", "b.json"}, replaced: []string{"notes.txt"}},
		// An empty file (mktemp's) holds nothing to lose.
		{args: []string{"report", "compare", "--json", "empty", "a.json", "b.json"}, replaced: []string{"empty"}},
		{args: []string{"report", "compare", "a.json", "b.json", "--format", "html", "-o", "empty"}, replaced: []string{"empty"}},
		// report render: its outputs are of the kinds it reads, so the
		// space form never replaces an existing file.
		{args: []string{"report", "render", "--json", "a.json"}, code: 2, stderr: "--json a.json: "},
		{args: []string{"report", "render", "a.json", "--json", "b.json"}, code: 2, stderr: "--json b.json: "},
		{args: []string{"report", "render", "--json=a.json", "a.json"}, code: 2, stderr: "is also an input"},
		{args: []string{"report", "render", "a.json", "--format", "json", "-o", "a.json", "--force"}, code: 2, stderr: "is also an input"},
		{args: []string{"report", "render", "a.json", "--md", "prev-firmware.md"}, code: 2, stderr: "--md prev-firmware.md: "},
		{args: []string{"report", "render", "a.json", "--md=prev-firmware.md"}, code: 2, stderr: "not an earlier qualification Markdown output"},
		{args: []string{"report", "render", "a.json", "--json=b.json"}, replaced: []string{"b.json"}},
		// report fleet: every file of DIR is an input.
		{args: []string{"report", "fleet", "--json", "fleet/h1.json", "fleet"}, code: 2, stderr: "--json fleet/h1.json: "},
		{args: []string{"report", "fleet", "fleet", "--force", "--json=fleet/h1.json"}, code: 2, stderr: "is also an input"},
		{args: []string{"report", "fleet", "fleet", "--json", "summary.json"}, replaced: []string{"summary.json"}},
		// run (the root command and `run`).
		{args: []string{"--profile", "p.yaml", "--json", "p.yaml"}, code: 2, stderr: "--json p.yaml: "},
		{args: []string{"run", "--profile", "p.yaml", "--force", "--json=p.yaml"}, code: 2, stderr: "is also an input"},
		{args: []string{"--profile", "p.yaml", "--force", "--prom", "p.yaml"}, code: 2, stderr: "is also an input"},
		{args: []string{"--profile", "p.yaml", "--prom", "notes.txt"}, code: 2, stderr: "--prom notes.txt: exists and is not an earlier hwqual Prometheus textfile"},
		{args: []string{"--profile", "p.yaml", "--md", "notes.txt"}, code: 2, stderr: "--md notes.txt: "},
		{args: append([]string{"--profile", "p.yaml", "--json", "a.json", "--md", "run.md"}, quick...), replaced: []string{"a.json", "run.md"}},
		// inventory
		{args: []string{"inventory", "--root", inventoryRoot, "--json", "notes.txt"}, code: 2, stderr: "--json notes.txt: "},
		{args: []string{"inventory", "--root", inventoryRoot, "--json=a.json"}, code: 2, stderr: "not an earlier inventory JSON output"},
		{args: []string{"inventory", "--root", inventoryRoot, "--json", "prev-inventory.json"}, replaced: []string{"prev-inventory.json"}},
		// firmware check
		{args: []string{"firmware", "check", "--advisories", "adv.yaml", "--json", "adv.yaml"}, code: 2, stderr: "--json adv.yaml: "},
		{args: []string{"firmware", "check", "--advisories", "adv.yaml", "--force", "--prom", "adv.yaml"}, code: 2, stderr: "is also an input"},
		{args: []string{"firmware", "check", "--root", firmwareRoot, "--md", "prev-firmware.md"}, replaced: []string{"prev-firmware.md"}},
		// burnin: refused before anything runs.
		{args: []string{"burnin", "--profile", "p.yaml", "--force", "--json=p.yaml"}, code: 2, stderr: "is also an input"},
		{args: []string{"burnin", "--json", "a.json"}, code: 2, stderr: "--json a.json: "},
		// net: refused before any connection.
		{args: []string{"net", "--peer", "127.0.0.1:9", "--json", "a.json"}, code: 2, stderr: "--json a.json: "},
		{args: []string{"net", "--peer", "127.0.0.1:9", "--md=notes.txt"}, code: 2, stderr: "pass --force"},
		// firmware bmc: refused before the BMC is contacted.
		{args: []string{"firmware", "bmc", "--host", "127.0.0.1:9", "--password-file", "pw", "--force", "--json=pw"}, code: 2, stderr: "is also an input"},
		{args: []string{"firmware", "bmc", "--host", "127.0.0.1:9", "--json", "notes.txt"}, code: 2, stderr: "--json notes.txt: "},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			outputSafetyFixtures(t, dir)
			before := fileSums(t, dir)
			r := hwqualIn(t, dir, nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", r.code, tt.code, r.stderr)
			}
			if tt.code == 2 {
				lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
				if len(lines) != 1 || !strings.Contains(lines[0], tt.stderr) {
					t.Errorf("stderr %q, want one line with %q", r.stderr, tt.stderr)
				}
			}
			if tt.stdout != "" && !strings.HasPrefix(r.stdout, tt.stdout) {
				t.Errorf("stdout starts %.40q, want %q", r.stdout, tt.stdout)
			}
			after := fileSums(t, dir)
			for name, sum := range before {
				if after[name] != sum && !slices.Contains(tt.replaced, name) {
					t.Errorf("%s changed (or vanished)", name)
				}
			}
			for name := range after {
				if _, ok := before[name]; !ok && !slices.Contains(tt.replaced, name) {
					t.Errorf("%s appeared", name)
				}
			}
			for _, name := range tt.replaced {
				if after[name] == before[name] {
					t.Errorf("%s was not written", name)
				}
			}
		})
	}
}
