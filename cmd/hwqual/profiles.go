package main

import (
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/internal/buildinfo"
	"github.com/hwqual/hwqual/profiles"
)

func newProfilesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profiles",
		Short: "List the built-in requirement profiles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tREQUIREMENTS\tDESCRIPTION")
			for _, name := range profiles.Builtin() {
				p, err := profiles.Load(name)
				if err != nil {
					return err // a broken embedded profile is a build bug
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\n", p.Name, len(p.Requirements), p.Description)
			}
			return tw.Flush()
		},
	}
	var showRole string
	show := &cobra.Command{
		Use:   "show NAME|FILE.yaml|FILE.json",
		Short: "Print a profile's YAML, with the source of every number",
		Long: `Print a profile's YAML, with the source of every number. A Substrate
reference-hardware file (FILE.json) is printed as the hwqual YAML it is judged
as, the same text "profiles import" writes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			role, err := parseRole(showRole)
			if err != nil {
				return err
			}
			if _, err := profiles.Load(args[0]); err != nil {
				return usageErr("%w", err)
			}
			data, err := profiles.BuiltinSource(args[0])
			if err != nil { // a path: Load already validated it
				data, err = os.ReadFile(args[0])
			}
			if err != nil {
				return usageErr("%w", err)
			}
			switch {
			case profiles.IsReferenceHardware(args[0], data):
				if data, err = importReferenceHardware(args[0], data, role); err != nil {
					return err
				}
			case cmd.Flags().Changed("role"):
				return usageErr("--role: %s is an hwqual YAML profile; --role applies to Substrate reference-hardware files", args[0])
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
	addRoleFlag(show, &showRole)
	cmd.AddCommand(show, newProfilesImportCmd())
	return cmd
}

// newProfilesImportCmd converts a Substrate reference-hardware file into
// hwqual YAML a team can add rules to.
func newProfilesImportCmd() *cobra.Command {
	var out, roleName string
	var force bool
	cmd := &cobra.Command{
		Use:   "import FILE.json",
		Short: "Convert a Substrate reference_hardware.json into hwqual profile YAML",
		Long: `Convert a Substrate reference-hardware file (the reference_hardware.json a
Substrate node and its "benchmark machine" judge against) into hwqual profile
YAML: the same checks, every minimum in the unit Substrate reads it in, each
with the entry it came from and the file's SHA-256. Add rules (cores, ECC,
NVMe, firmware) to the YAML and run it with --profile.

--role validator (the default) judges every entry, as a relay chain
validator's node does; --role non-validator measures the entries marked
validator_only without judging them, as Substrate skips them on collators and
other nodes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := args[0]
			role, err := parseRole(roleName)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(in)
			if err != nil {
				return usageErr("%w", err)
			}
			if !profiles.IsReferenceHardware(in, data) {
				return usageErr("%s: not a Substrate reference-hardware file (a JSON list of {\"metric\", \"minimum\"} entries); hwqual YAML needs no import", in)
			}
			yaml, err := importReferenceHardware(in, data, role)
			if err != nil {
				return err
			}
			if out == "" || out == stdoutPath {
				_, err = cmd.OutOrStdout().Write(yaml)
				return err
			}
			if err := checkImportOutput(out, in, force); err != nil {
				return usageErr("-o %s: %w", out, err)
			}
			if err := writeFileAtomic(out, yaml); err != nil {
				return usageErr("-o %s: %w", out, err)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the YAML to `FILE` (replaced atomically; default stdout)")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing -o FILE (never the input)")
	addRoleFlag(cmd, &roleName)
	return cmd
}

func addRoleFlag(cmd *cobra.Command, role *string) {
	cmd.Flags().StringVar(role, "role", string(profiles.RoleValidator),
		"for a Substrate reference-hardware file: validator (judge every entry) or non-validator (validator_only entries measured, not judged)")
}

func parseRole(s string) (profiles.Role, error) {
	for _, r := range profiles.Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", usageErr("--role %q: want validator or non-validator", s)
}

func importReferenceHardware(file string, data []byte, role profiles.Role) ([]byte, error) {
	p, err := profiles.ParseReferenceHardware(file, data, role)
	if err != nil {
		return nil, usageErr("%w", err)
	}
	yaml, err := profiles.ImportYAML(p)
	if err != nil {
		return nil, err // a reference file gives only metric minimums
	}
	return yaml, nil
}

// checkImportOutput refuses an output that is the input under any name
// (the same path, a symlink or hard link to it) before the usual checks.
// Any other existing, non-empty file needs --force: an imported profile is
// meant to be edited (rules added on top), so even an earlier import may
// hold a team's work that a second import would silently drop.
func checkImportOutput(out, in string, force bool) error {
	a, err := os.Stat(out)
	if err == nil {
		if b, err := os.Stat(in); err == nil && os.SameFile(a, b) {
			return errors.New("is the input file; it would be overwritten")
		}
	}
	if err := checkOutputPath(out, []string{in}); err != nil {
		return err
	}
	if a != nil && a.Mode().IsRegular() && a.Size() > 0 && !force {
		return errors.New("exists; pass --force to replace it (an imported profile may carry rules added by hand)")
	}
	return nil
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print hwqual's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "hwqual %s\n", buildinfo.String())
			return err
		},
	}
}
