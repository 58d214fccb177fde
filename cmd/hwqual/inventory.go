package main

import (
	"errors"
	"os"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/reports/render"
)

func newInventoryCmd(g *globalFlags) *cobra.Command {
	var out docOutputs
	cmd := &cobra.Command{
		Use:   "inventory",
		Short: "Describe this machine (or a recorded one with --root): CPU, memory, storage, system",
		Long: `inventory prints what hwqual knows about the machine: CPU cores, SMT, clocks,
memory size/type/speed/ECC per DIMM, every disk with its transport and NVMe PCIe
link, board, BIOS, kernel, distribution and virtualization. Values the machine
does not reveal are shown as unknown, with the reason in the notes.
DIMM details come from SMBIOS, which only root can read on a live machine.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.validate(); err != nil {
				return err
			}
			if err := checkRoot(g.root); err != nil {
				return err
			}
			inv, err := inventory.Gather(cmd.Context(), inventory.Options{Root: g.root})
			if err != nil {
				return usageErr("--root: %w", err)
			}
			stdout := cmd.OutOrStdout()
			// A document on stdout replaces the text, as it always has.
			if !out.toStdout() {
				if err := render.Table(inv)(stdout); err != nil {
					return err
				}
			}
			return writeDocs(out, stdout, inv)
		},
	}
	addOutputFlags(cmd, &out, "inventory", schema.Inventory)
	return cmd
}

// checkRoot rejects a --root that is not a directory before anything runs.
func checkRoot(root string) error {
	st, err := os.Stat(root)
	if err != nil {
		return usageErr("--root %s: %w", root, errorsUnwrapPath(err))
	}
	if !st.IsDir() {
		return usageErr("--root %s: not a directory", root)
	}
	return nil
}

// errorsUnwrapPath drops the path from an os error the message names.
func errorsUnwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
