package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/reports/render"
)

// Every command that writes a document takes the same flags with the same
// meaning:
//
//	--json, --json -  JSON to stdout
//	--json=FILE       JSON to FILE
//	--json FILE       JSON to FILE, only where FILE cannot be an input (below)
//	--md ...          the same for Markdown
//	--force           replace an existing FILE that is not an earlier output
//
// The rules that keep a flag from eating data:
//
//  1. No destination is ever a file the command reads (its positional
//     files, --profile, --advisories, the burn-in checkpoint, the files of
//     the directory report fleet summarises), not even with --force.
//  2. An existing destination is replaced (atomically) without --force only
//     when hwqual recognises it as an earlier output of the same document
//     in the same format: JSON whose kind matches, Markdown opening with the
//     document's heading, HTML with its title, a hwqual Prometheus textfile
//     — or an empty file, which holds nothing to lose (mktemp's). Anything
//     else (a profile, a report of another kind, a text table, a stranger's
//     file) needs --force. A non-regular file is never replaced.
//  3. The space form "--json WORD" takes WORD as the file only when WORD
//     names no existing file, or an earlier output (rule 2) of a kind the
//     command does not also read. Otherwise it is refused with exit 2: in
//     "report compare --json a.json b.json c.json" a.json is an input the
//     user meant to compare, and writing the comparison over it (what the
//     space form did) would destroy it. --json=FILE and -o FILE always
//     name the file.
//
// pflag lets a flag's value be optional only in the --json=FILE form
// (NoOptDefVal); joinOutputArgs turns an accepted "--json FILE" into that
// form before cobra parses.

// stdoutPath is the destination that means stdout.
const stdoutPath = "-"

// outputFlagNames are the flags whose value is optional.
var outputFlagNames = []string{"json", "md"}

// Output formats a destination is written in.
const (
	formatJSON  = "json"
	formatMD    = "md"
	formatHTML  = "html"
	formatProm  = "prom"
	formatTable = "table"
)

// Annotations on a command that writes documents: the document kinds it
// writes and the kinds it reads as inputs (comma-separated), for the
// space-form rule, which runs before cobra parses.
const (
	annotWrites = "hwqual.writes"
	annotReads  = "hwqual.reads"
)

// joinOutputArgs rewrites "--json X" as "--json=X" when X is not a flag
// (X may be "-") and rule 3 accepts X as the file, for --json and --md.
// root finds the command the arguments run, whose annotations say what it
// writes and reads. Arguments after "--" are left alone.
func joinOutputArgs(root *cobra.Command, args []string) ([]string, error) {
	var writes, reads []string
	if cmd, _, err := root.Find(args); err == nil && cmd != nil {
		writes = splitKinds(cmd.Annotations[annotWrites])
		reads = splitKinds(cmd.Annotations[annotReads])
	}
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...), nil
		}
		if isOutputFlag(a) && i+1 < len(args) && (args[i+1] == stdoutPath || !strings.HasPrefix(args[i+1], "-")) {
			word := args[i+1]
			if word != stdoutPath && !spaceFormMayWrite(word, strings.TrimPrefix(a, "--"), writes, reads) {
				return nil, usageErr("%s %s: %s exists and is not an earlier output this command may replace (it may be an input); for stdout write %s - or put %s last, for that file write %s=%s",
					a, word, word, a, a, a, word)
			}
			out = append(out, a+"="+word)
			i++
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// spaceFormMayWrite is rule 3: may "--FORMAT word" write word?
func spaceFormMayWrite(word, format string, writes, reads []string) bool {
	if _, err := os.Lstat(word); errors.Is(err, os.ErrNotExist) {
		return true
	}
	if isEmptyFile(word) {
		return true
	}
	for _, kind := range writes {
		if !slices.Contains(reads, kind) && isEarlierOutput(word, kind, format) {
			return true
		}
	}
	return false
}

// isEmptyFile reports whether path is an empty regular file.
func isEmptyFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Size() == 0
}

func splitKinds(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
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
	// kind is the document kind written, for rule 2; a command whose
	// kind depends on its input (report render) sets it before validate.
	kind string
	// force lets a destination replace an existing file that is not an
	// earlier output (never an input).
	force bool
}

// addOutputFlags registers --json, --md and --force; what names the
// document ("report", "inventory"), kind its schema kind ("" when it
// depends on the input: set o.kind before validate). reads are the
// document kinds the command reads as inputs.
func addOutputFlags(cmd *cobra.Command, o *docOutputs, what, kind string, reads ...string) {
	f := cmd.Flags()
	f.StringVar(&o.json, "json", "", "write the JSON "+what+" to `FILE` (--json alone or --json - for stdout; --json=FILE always means a file)")
	f.StringVar(&o.md, "md", "", "write the Markdown "+what+" to `FILE` (--md alone or --md - for stdout; --md=FILE always means a file)")
	f.BoolVar(&o.force, "force", false, "replace an existing output FILE that is not an earlier output of this command (never one of its inputs)")
	for _, name := range outputFlagNames {
		f.Lookup(name).NoOptDefVal = stdoutPath
	}
	o.kind = kind
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	writes := kind
	if kind == "" {
		writes = strings.Join(reads, ",")
	}
	cmd.Annotations[annotWrites] = writes
	cmd.Annotations[annotReads] = strings.Join(reads, ",")
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
// files the command reads: an output may never replace one.
func (o docOutputs) validate(inputs ...string) error {
	if o.json == stdoutPath && o.md == stdoutPath {
		return usageErr("--json and --md: only one report can go to stdout (choose one, or give a FILE)")
	}
	if o.json != "" && o.json != stdoutPath && o.json == o.md {
		return usageErr("--json and --md: both write %s", o.json)
	}
	if err := o.checkFile("json", o.json, formatJSON, inputs...); err != nil {
		return err
	}
	return o.checkFile("md", o.md, formatMD, inputs...)
}

// checkFile applies the rules to one more destination (--prom, -o) of
// the command's document in format: "" and "-" pass.
func (o docOutputs) checkFile(flag, path, format string, inputs ...string) error {
	if path == "" || path == stdoutPath {
		return nil
	}
	if err := checkOutputPath(path, inputs); err != nil {
		return usageErr("--%s %s: %w", flag, path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil // a new file
	}
	if !st.Mode().IsRegular() {
		return usageErr("--%s %s: is not a regular file; hwqual replaces only files", flag, path)
	}
	if !o.force && st.Size() > 0 && !isEarlierOutput(path, o.kind, format) {
		return usageErr("--%s %s: exists and is not an earlier %s output of this command; pass --force to replace it", flag, path, describeOutput(o.kind, format))
	}
	return nil
}

// describeOutput names a document in a format for messages.
func describeOutput(kind, format string) string {
	if kind == "" {
		kind = "hwqual"
	}
	if format == formatProm {
		return "hwqual Prometheus textfile"
	}
	return kind + " " + map[string]string{formatJSON: "JSON", formatMD: "Markdown", formatHTML: "HTML", formatTable: "table"}[format]
}

// markdownHeadings and htmlTitles open each kind's Markdown and HTML
// renderings (reports/*); TestEarlierOutputsAreRecognised checks them
// against the renderers' golden files.
var (
	markdownHeadings = map[string]string{
		schema.Qualification: "## Hardware qualification",
		schema.Compare:       "## Hardware comparison",
		schema.Fleet:         "## Fleet: ",
		schema.FirmwareCheck: "## NVMe firmware and health",
		schema.Inventory:     "## Machine inventory",
		schema.Net:           "## Network: ",
		schema.BurnIn:        "# hwqual burn-in",
		schema.BMCCheck:      "## BMC ",
	}
	htmlTitles = map[string]string{
		schema.Qualification: "<title>hwqual: ",
		schema.Compare:       "<title>hwqual comparison",
		schema.BurnIn:        "<title>hwqual burn-in",
	}
)

// isEarlierOutput reports whether the file at path is one hwqual wrote as
// the kind's document in format (rule 2). A text table carries no mark
// and is never recognised; a Prometheus textfile is recognised by its
// hwqual_ metric names whatever the kind, as its metrics are rewritten
// whole at every run.
func isEarlierOutput(path, kind, format string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return false
	}
	switch format {
	case formatJSON:
		// A header is at the top, but a report is small enough to parse
		// whole (the header is read from the complete object).
		data, err := io.ReadAll(io.LimitReader(f, 64<<20))
		if err != nil {
			return false
		}
		var h schema.Header
		if json.Unmarshal(data, &h) != nil || h.SchemaVersion < 1 {
			return false
		}
		if h.SchemaVersion == 1 && h.Kind == "" {
			h.Kind = schema.Qualification
		}
		return h.Kind == kind
	case formatMD, formatHTML, formatProm:
		head := make([]byte, 512)
		n, _ := io.ReadFull(f, head)
		text := string(head[:n])
		switch format {
		case formatMD:
			want, ok := markdownHeadings[kind]
			return ok && strings.HasPrefix(text, want)
		case formatHTML:
			want, ok := htmlTitles[kind]
			return ok && strings.HasPrefix(text, "<!DOCTYPE html>") && strings.Contains(text, want)
		default:
			return strings.HasPrefix(text, "# HELP hwqual_")
		}
	}
	return false
}

// checkOutputPath makes sure path can be written atomically: its
// directory exists and takes a new file, and path is not a directory or
// one of the command's inputs (the same file by any name).
func checkOutputPath(path string, inputs []string) error {
	if strings.TrimSpace(path) == "" {
		return errors.New("empty file name")
	}
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return errors.New("is a directory")
		}
		for _, in := range inputs {
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return errors.New("is also an input of this command; it would be overwritten")
			}
		}
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

// writeDoc renders a document into memory first, so a failing renderer never
// leaves half a file, then writes it to path: "" skips, "-" is stdout,
// anything else is replaced atomically.
func writeDoc(path string, stdout io.Writer, report render.Reporter) error {
	if path == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := report(&buf); err != nil {
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
func writeDocs(o docOutputs, stdout io.Writer, doc any) error {
	if err := writeDoc(o.json, stdout, render.JSON(doc)); err != nil {
		return err
	}
	return writeDoc(o.md, stdout, render.Markdown(doc))
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
