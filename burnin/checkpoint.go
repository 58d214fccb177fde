package burnin

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hwqual/hwqual/internal/scratch"
	"github.com/hwqual/hwqual/reports/model"
)

// CheckpointName is the checkpoint's file name in --dir. It is fixed so
// `--resume` finds it, starts with the scratch prefix because hwqual writes
// only .hwqual-* files in the directory, and is spared by the stale-lock
// sweep that removes a killed run's scratch files.
const CheckpointName = scratch.CheckpointName

// WriteAtomic replaces path with data so that a crash at any moment leaves
// either the old file or the new one, never a torn one: the data goes to a
// temporary file beside it, is fsynced, renamed over path, and the
// directory is fsynced so the rename itself survives a power loss.
func WriteAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("checkpoint %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("checkpoint: %w", err)
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("checkpoint: sync directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("checkpoint: sync directory %s: %w", filepath.Dir(path), err)
	}
	return nil
}

// WriteCheckpoint writes the report so far atomically as its JSON document.
func WriteCheckpoint(path string, rep *model.BurnIn) error {
	var buf bytes.Buffer
	if err := model.EncodeJSON(&buf, rep); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return WriteAtomic(path, buf.Bytes())
}

// ReadCheckpoint reads a checkpoint (or a finished burn-in report).
func ReadCheckpoint(path string) (*model.BurnIn, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rep, err := model.ReadBurnIn(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}
