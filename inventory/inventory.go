// Package inventory describes the machine hwqual runs on (or a recorded
// machine tree): CPU, memory, storage and system identity. Every read goes
// through Options.Root, so the same code runs on a live machine ("/") and on
// fixtures. A value the machine does not reveal stays nil (JSON null) and is
// shown as "unknown"; a reading failure is a debug note, never an error.
package inventory

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jaypipes/ghw"
)

// Inventory is what hwqual knows about one machine. JSON keys carry units.
type Inventory struct {
	// Root is the directory /proc, /sys and /etc were read under.
	Root    string  `json:"root"`
	System  System  `json:"system"`
	CPU     CPU     `json:"cpu"`
	Memory  Memory  `json:"memory"`
	Storage Storage `json:"storage"`
	Network Network `json:"network"`
	// Notes say what could not be read and why (debug detail).
	Notes []string `json:"notes,omitempty"`
}

// Options configure Gather.
type Options struct {
	// Root is where /proc, /sys, /etc and /run are read from; "" means "/".
	Root string
}

// Gather reads the inventory under opts.Root. It fails only when the root
// itself is unusable; anything missing below it becomes unknown plus a note.
func Gather(ctx context.Context, opts Options) (*Inventory, error) {
	root := opts.Root
	if root == "" {
		root = "/"
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("inventory root: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("inventory root %s: not a directory", root)
	}
	g := &gatherer{ctx: ctx, root: root}
	inv := &Inventory{Root: root}
	inv.CPU = g.cpu()
	inv.Memory = g.memory()
	inv.Storage = g.storage()
	inv.Network = g.network()
	inv.System = g.system(inv.CPU.hypervisorFlag)
	inv.Notes = g.notes
	return inv, nil
}

// gatherer carries the root and collects notes while reading.
type gatherer struct {
	ctx   context.Context
	root  string
	notes []string
}

func (g *gatherer) notef(format string, args ...any) {
	g.notes = append(g.notes, fmt.Sprintf(format, args...))
}

// path joins an absolute machine path ("/sys/...") to the root.
func (g *gatherer) path(p string) string {
	return filepath.Join(g.root, p)
}

// read returns the trimmed contents of a machine file, "" and false when it
// cannot be read.
func (g *gatherer) read(p string) (string, bool) {
	b, err := os.ReadFile(g.path(p))
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(b)), true
}

// readNote is read, with a note naming the file when it is missing.
func (g *gatherer) readNote(p, what string) (string, bool) {
	s, ok := g.read(p)
	if !ok {
		g.notef("%s unknown: cannot read %s", what, p)
	}
	return s, ok
}

func ptr[T any](v T) *T { return &v }

// ghwOpts points ghw at the root, silences its warnings (hwqual records
// unknowns as notes) and keeps it from running external tools.
func (g *gatherer) ghwOpts() []any {
	return []any{ghw.WithChroot(g.root), ghw.WithDisableWarnings(), ghw.WithDisableTools()}
}
