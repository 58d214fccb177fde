package burnin

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hwqual/hwqual/reports/model"
)

// A checkpoint replaces the previous one whole and leaves no temporary
// file; it reads back as the same burn-in report.
func TestCheckpointRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, CheckpointName)
	rep := &model.BurnIn{Header: model.NewHeader(model.DocBurnIn), Host: "h", RequestedSeconds: 60, Runs: 1,
		Errors: []model.VerifyError{{Time: time.Unix(1, 0).UTC(), Kind: "disk", Where: "f block 2", Offset: 2<<20 + 5000, Expected: "ab", Found: "bb"}}}
	for i := range 3 {
		rep.ElapsedSeconds = float64(i)
		if err := WriteCheckpoint(path, rep); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("dir holds %d files, want only the checkpoint", len(entries))
	}
	got, err := ReadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.ElapsedSeconds != 2 || got.Errors[0].Offset != 2<<20+5000 || got.Kind != model.DocBurnIn {
		t.Fatalf("read back %+v", got)
	}
	// Another kind of document is not a checkpoint.
	os.WriteFile(path, []byte(`{"schema_version":2,"kind":"inventory"}`), 0o644)
	if _, err := ReadCheckpoint(path); err == nil {
		t.Fatal("inventory document accepted as a checkpoint")
	}
}
