package scratch

import (
	"os"
	"strings"
	"testing"
)

func TestCreateAndRemoveAll(t *testing.T) {
	dir := t.TempDir()
	r := New()
	for _, name := range []string{"seq", "rnd"} {
		f, err := r.Create(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("x"); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("want 2 scratch files, got %d", len(entries))
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), Prefix) {
			t.Errorf("scratch file %q lacks prefix %q", e.Name(), Prefix)
		}
	}
	if err := r.RemoveAll(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("RemoveAll left %d files", len(entries))
	}
	// A second removal of files already gone is not an error.
	if err := r.RemoveAll(); err != nil {
		t.Fatal(err)
	}
}

func TestReserveNeverReusesExistingFile(t *testing.T) {
	dir := t.TempDir()
	r := New()
	a, err := r.Reserve(dir, "x")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.Reserve(dir, "x")
	if a == b {
		t.Fatalf("two reservations got the same path %s", a)
	}
}
