package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/internal/scratch"
)

func TestJoinOutputArgs(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../../reports/testdata/reports/validator-vm.json", filepath.Join(dir, "qual.json"))
	copyFile(t, "../../reports/testdata/golden/compare.json", filepath.Join(dir, "cmp.json"))
	copyFile(t, "../../reports/testdata/golden/compare.md", filepath.Join(dir, "cmp.md"))
	os.WriteFile(filepath.Join(dir, "profile.yaml"), []byte("name: x\n"), 0o600)
	t.Chdir(dir)
	root := newRootCmd(scratch.New())
	tests := []struct {
		in, want []string
		refused  bool
	}{
		{in: []string{"--json"}, want: []string{"--json"}},
		{in: []string{"--json", "r.json"}, want: []string{"--json=r.json"}},
		{in: []string{"--json", "-"}, want: []string{"--json=-"}},
		{in: []string{"--json", "--md", "r.md"}, want: []string{"--json", "--md=r.md"}},
		{in: []string{"--json", "-q"}, want: []string{"--json", "-q"}},
		{in: []string{"--json=a", "--md"}, want: []string{"--json=a", "--md"}},
		{in: []string{"inventory", "--json", "--root", "x"}, want: []string{"inventory", "--json", "--root", "x"}},
		{in: []string{"--", "--json", "x"}, want: []string{"--", "--json", "x"}},
		{in: []string{"--profile", "jam", "--md", "out.md", "--dir", "d"}, want: []string{"--profile", "jam", "--md=out.md", "--dir", "d"}},
		// An earlier output of the same kind is replaced, as a nightly
		// `hwqual --json qual.json` expects.
		{in: []string{"--json", "qual.json"}, want: []string{"--json=qual.json"}},
		{in: []string{"report", "compare", "--json", "cmp.json", "a", "b"}, want: []string{"report", "compare", "--json=cmp.json", "a", "b"}},
		{in: []string{"report", "compare", "--md", "cmp.md", "a", "b"}, want: []string{"report", "compare", "--md=cmp.md", "a", "b"}},
		// Anything else existing is refused: an input, a file of another
		// kind or format, one the command reads.
		{in: []string{"report", "compare", "--json", "qual.json", "a", "b"}, refused: true},
		{in: []string{"report", "compare", "--md", "cmp.json", "a", "b"}, refused: true},
		{in: []string{"report", "render", "--json", "qual.json"}, refused: true},
		{in: []string{"--profile", "profile.yaml", "--json", "profile.yaml"}, refused: true},
		{in: []string{"inventory", "--json", "cmp.json"}, refused: true},
		{in: []string{"report", "fleet", "--json", ".", "x"}, refused: true},
		// --json=FILE always names the file; validate judges it later.
		{in: []string{"report", "compare", "--json=qual.json", "a", "b"}, want: []string{"report", "compare", "--json=qual.json", "a", "b"}},
	}
	for _, tt := range tests {
		got, err := joinOutputArgs(root, tt.in)
		if tt.refused {
			if err == nil || !strings.Contains(err.Error(), "=") || strings.Contains(err.Error(), "\n") {
				t.Errorf("joinOutputArgs(%q) = %q, %v; want a one-line refusal", tt.in, got, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("joinOutputArgs(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestEarlierOutputsAreRecognised: every renderer's golden output is
// recognised as its own kind and format, and not as another kind's.
func TestEarlierOutputsAreRecognised(t *testing.T) {
	golden := "../../reports/testdata/golden/"
	for _, tt := range []struct{ file, kind, format string }{
		{"validator-vm.json", schema.Qualification, formatJSON},
		{"validator-vm.md", schema.Qualification, formatMD},
		{"compare.json", schema.Compare, formatJSON},
		{"compare.md", schema.Compare, formatMD},
		{"fleet.json", schema.Fleet, formatJSON},
		{"fleet.md", schema.Fleet, formatMD},
		{"fleet.prom", schema.Fleet, formatProm},
		{"firmware-mixed.json", schema.FirmwareCheck, formatJSON},
		{"firmware-mixed.md", schema.FirmwareCheck, formatMD},
		{"inventory-epyc7713.json", schema.Inventory, formatJSON},
		{"inventory-epyc7713.md", schema.Inventory, formatMD},
		{"net.json", schema.Net, formatJSON},
		{"net.md", schema.Net, formatMD},
		{"burnin.json", schema.BurnIn, formatJSON},
		{"burnin.md", schema.BurnIn, formatMD},
		{"burnin.html", schema.BurnIn, formatHTML},
		{"burnin.prom", schema.BurnIn, formatProm},
		{"bmc-ami.json", schema.BMCCheck, formatJSON},
		{"bmc-ami.md", schema.BMCCheck, formatMD},
		{"storage-vm.prom", schema.Qualification, formatProm},
	} {
		path := golden + tt.file
		if !isEarlierOutput(path, tt.kind, tt.format) {
			t.Errorf("%s not recognised as a %s %s", tt.file, tt.kind, tt.format)
		}
		for _, other := range []string{schema.Qualification, schema.Compare, schema.BurnIn} {
			if other != tt.kind && tt.format != formatProm && isEarlierOutput(path, other, tt.format) {
				t.Errorf("%s recognised as a %s %s", tt.file, other, tt.format)
			}
		}
		if isEarlierOutput(path, tt.kind, formatTable) {
			t.Errorf("%s recognised as a table", tt.file)
		}
	}
	for _, f := range []string{"compare.table.txt", "sample.table.txt"} {
		if isEarlierOutput(golden+f, schema.Compare, formatMD) || isEarlierOutput(golden+f, schema.Compare, formatJSON) {
			t.Errorf("%s recognised", f)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOutputValidation(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.json")
	os.WriteFile(in, []byte("{}"), 0o600)
	tests := []struct {
		o      docOutputs
		inputs []string
		want   string
	}{
		{docOutputs{json: "-", md: "-"}, nil, "only one report can go to stdout"},
		{docOutputs{json: filepath.Join(dir, "x"), md: filepath.Join(dir, "x")}, nil, "both write"},
		{docOutputs{json: "/nonexistent/dir/r.json"}, nil, "--json /nonexistent/dir/r.json: directory /nonexistent/dir: no such file or directory"},
		{docOutputs{md: dir}, nil, "is a directory"},
		{docOutputs{json: in + "/r.json"}, nil, "is not a directory"},
		{docOutputs{json: in}, []string{in}, "is also an input"},
	}
	for _, tt := range tests {
		err := tt.o.validate(tt.inputs...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err = %v, want %q", tt.o, err, tt.want)
		}
	}
	if err := (docOutputs{json: "-", md: filepath.Join(dir, "r.md")}).validate(); err != nil {
		t.Errorf("valid outputs refused: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("validation left files: %v", entries)
	}
}

func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.json")
	os.WriteFile(path, []byte("old"), 0o600)
	if err := writeFileAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	// A write that cannot complete (the destination is a directory) keeps
	// whatever was there and leaves no temporary file.
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	os.WriteFile(filepath.Join(sub, "keep"), []byte("x"), 0o600)
	if err := writeFileAtomic(sub, []byte("new")); err == nil {
		t.Error("rename over a non-empty directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left %d entries: %v", len(entries), entries)
	}
}

// TestUnwritableReportFailsFast: a report destination that cannot be
// written stops the run before any benchmark, naming the flag and path.
func TestUnwritableReportFailsFast(t *testing.T) {
	for _, args := range [][]string{
		{"--json", "/nonexistent/dir/r.json"},
		{"--md=/nonexistent/dir/r.md"},
		{"inventory", "--json", "/nonexistent/dir/i.json"},
		{"firmware", "check", "--md", "/nonexistent/dir/f.md"},
	} {
		start := time.Now()
		r := hwqual(t, append(args, "--dir", t.TempDir())...)
		if args[0] == "inventory" || args[0] == "firmware" {
			r = hwqual(t, args...)
		}
		elapsed := time.Since(start)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 2 || len(lines) != 1 || !strings.Contains(lines[0], "/nonexistent/dir") || !strings.Contains(lines[0], "--") || elapsed > 5*time.Second {
			t.Errorf("%q: exit %d after %s, stderr %q", args, r.code, elapsed, r.stderr)
		}
		if elapsed > time.Second {
			t.Logf("%q took %s (the machine is busy; the limit above is generous)", args, elapsed)
		}
	}
}

// TestEveryDocumentCommandTakesJSONAloneAndFile: --json alone prints one
// JSON document with schema_version and kind on stdout; --json FILE and
// --json=FILE write it; --md likewise.
func TestEveryDocumentCommandTakesJSONAloneAndFile(t *testing.T) {
	cpuOnly := writeProfile(t, "name: cpu\nrequirements:\n  - metric: BLAKE2-256\n    minimum: 1 KiB/s\n  - firmware: nvme\n    severity: warn\n")
	commands := []struct {
		kind string
		args []string
	}{
		{"qualification", append([]string{"--root", firmwareFixture("mixed"), "--profile", cpuOnly}, quick...)},
		{"inventory", []string{"inventory", "--root", machines + "vm"}},
		{"firmware-check", []string{"firmware", "check", "--root", firmwareFixture("current")}},
	}
	for _, c := range commands {
		t.Run(c.kind, func(t *testing.T) {
			r := hwqual(t, append(c.args, "--json")...)
			var doc struct {
				SchemaVersion int    `json:"schema_version"`
				Kind          string `json:"kind"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.SchemaVersion != 2 || doc.Kind != c.kind {
				t.Fatalf("--json: exit %d, doc %+v, err %v\nstdout %s\nstderr %s", r.code, doc, err, r.stdout, r.stderr)
			}
			dir := t.TempDir()
			for i, form := range [][]string{{"--json", filepath.Join(dir, "a.json")}, {"--json=" + filepath.Join(dir, "b.json")}, {"--md", filepath.Join(dir, "c.md"), "--json", filepath.Join(dir, "d.json")}} {
				r := hwqual(t, append(c.args, form...)...)
				if r.code == 2 {
					t.Fatalf("%q: exit 2: %s", form, r.stderr)
				}
				if strings.HasPrefix(strings.TrimSpace(r.stdout), "{") {
					t.Errorf("%q: JSON went to stdout", form)
				}
				if i == 2 {
					if md, err := os.ReadFile(filepath.Join(dir, "c.md")); err != nil || !strings.HasPrefix(string(md), "## ") {
						t.Errorf("%q: markdown %v %q", form, err, md)
					}
				}
			}
			for _, name := range []string{"a.json", "b.json", "d.json"} {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil || json.Unmarshal(data, &doc) != nil || doc.Kind != c.kind {
					t.Errorf("%s: %v %+v", name, err, doc)
				}
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 4 {
				t.Errorf("output dir holds %d files, want 4 (no temporary files left)", len(entries))
			}
		})
	}
}
