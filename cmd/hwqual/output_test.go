package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestJoinOutputArgs(t *testing.T) {
	tests := []struct{ in, want []string }{
		{[]string{"--json"}, []string{"--json"}},
		{[]string{"--json", "r.json"}, []string{"--json=r.json"}},
		{[]string{"--json", "-"}, []string{"--json=-"}},
		{[]string{"--json", "--md", "r.md"}, []string{"--json", "--md=r.md"}},
		{[]string{"--json", "-q"}, []string{"--json", "-q"}},
		{[]string{"--json=a", "--md"}, []string{"--json=a", "--md"}},
		{[]string{"inventory", "--json", "--root", "x"}, []string{"inventory", "--json", "--root", "x"}},
		{[]string{"--", "--json", "x"}, []string{"--", "--json", "x"}},
		{[]string{"--profile", "jam", "--md", "out.md", "--dir", "d"}, []string{"--profile", "jam", "--md=out.md", "--dir", "d"}},
	}
	for _, tt := range tests {
		if got := joinOutputArgs(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("joinOutputArgs(%q) = %q, want %q", tt.in, got, tt.want)
		}
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
