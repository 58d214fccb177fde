package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// Every command that writes a document takes the same two flags with the
// same meaning:
//
//	--json            JSON to stdout (so does --json -)
//	--json FILE       JSON to FILE (also --json=FILE)
//	--md, --md FILE   the same for Markdown
//
// pflag lets a flag's value be optional only in the --json=FILE form
// (NoOptDefVal); joinOutputArgs turns "--json FILE" into that form before
// cobra parses, so the next word is FILE unless it is another flag.

// stdoutPath is the destination that means stdout.
const stdoutPath = "-"

// outputFlagNames are the flags whose value is optional.
var outputFlagNames = []string{"json", "md"}

// joinOutputArgs rewrites "--json X" as "--json=X" when X is not a flag
// (X may be "-"), for --json and --md. Arguments after "--" are left alone.
func joinOutputArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if isOutputFlag(a) && i+1 < len(args) && (args[i+1] == stdoutPath || !strings.HasPrefix(args[i+1], "-")) {
			out = append(out, a+"="+args[i+1])
			i++
			continue
		}
		out = append(out, a)
	}
	return out
}

func isOutputFlag(arg string) bool {
	for _, name := range outputFlagNames {
		if arg == "--"+name {
			return true
		}
	}
	return false
}

// docOutputs are where a command writes its document: "" nowhere, "-"
// stdout, else a file.
type docOutputs struct {
	json, md string
}

// addOutputFlags registers --json and --md; what names the document
// ("report", "inventory").
func addOutputFlags(cmd *cobra.Command, o *docOutputs, what string) {
	f := cmd.Flags()
	f.StringVar(&o.json, "json", "", "write the JSON "+what+" to `FILE` (--json alone or --json - for stdout)")
	f.StringVar(&o.md, "md", "", "write the Markdown "+what+" to `FILE` (--md alone or --md - for stdout)")
	for _, name := range outputFlagNames {
		f.Lookup(name).NoOptDefVal = stdoutPath
	}
}

// toStdout reports whether a document claims stdout; the human-readable
// table then goes to stderr or is left out.
func (o docOutputs) toStdout() bool { return o.json == stdoutPath || o.md == stdoutPath }

// toFile reports whether a document goes to a file, where it outlives the run.
func (o docOutputs) toFile() bool {
	return o.json != "" && o.json != stdoutPath || o.md != "" && o.md != stdoutPath
}

// validate checks both destinations before any work starts, so a run never
// measures for hours and then cannot write its report. inputs are the
// command's positional arguments: an output may not overwrite one.
func (o docOutputs) validate(inputs ...string) error {
	if o.json == stdoutPath && o.md == stdoutPath {
		return usageErr("--json and --md: only one report can go to stdout (choose one, or give a FILE)")
	}
	if o.json != "" && o.json != stdoutPath && o.json == o.md {
		return usageErr("--json and --md: both write %s", o.json)
	}
	for _, out := range []struct{ flag, path string }{{"json", o.json}, {"md", o.md}} {
		if out.path == "" || out.path == stdoutPath {
			continue
		}
		if err := checkOutputPath(out.path, inputs); err != nil {
			return usageErr("--%s %s: %w", out.flag, out.path, err)
		}
	}
	return nil
}

// checkOutputPath makes sure path can be written atomically: its
// directory exists and takes a new file, and path is not a directory or
// one of the command's inputs.
func checkOutputPath(path string, inputs []string) error {
	if strings.TrimSpace(path) == "" {
		return errors.New("empty file name")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	for _, in := range inputs {
		if inAbs, err := filepath.Abs(in); err == nil && inAbs == abs {
			return errors.New("is also an input of this command; it would be overwritten")
		}
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return errors.New("is a directory")
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("directory %s: %w", dir, errorsUnwrapPath(err))
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	f, err := os.CreateTemp(dir, outputTempPattern)
	if err != nil {
		return fmt.Errorf("cannot create a file in %s: %w", dir, errorsUnwrapPath(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// outputTempPattern names the temporary file a document is written to
// before it is renamed over its destination.
const outputTempPattern = ".hwqual-out-*"

// writeDoc renders doc into memory first, so a failing renderer never
// leaves half a file, then writes it to path: "" skips, "-" is stdout,
// anything else is replaced atomically.
func writeDoc[D any](path string, stdout io.Writer, doc D, render func(io.Writer, D) error) error {
	if path == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := render(&buf, doc); err != nil {
		return err
	}
	if path == stdoutPath {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("write %s: %w", path, err)}
	}
	return nil
}

// writeDocs writes a document to its JSON and Markdown destinations.
func writeDocs[D any](o docOutputs, stdout io.Writer, doc D, asJSON, asMD func(io.Writer, D) error) error {
	if err := writeDoc(o.json, stdout, doc, asJSON); err != nil {
		return err
	}
	return writeDoc(o.md, stdout, doc, asMD)
}

// writeFileAtomic writes data to a temporary file in path's directory and
// renames it over path: readers see the old file or the whole new one,
// and a failed write never loses the old file.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), outputTempPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
