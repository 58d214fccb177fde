package render

import (
	"io"
	"strings"
	"text/tabwriter"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// The one look every human-readable document shares: bordered ASCII grids
// for rows of results, aligned label/value lists for descriptions, and one
// Markdown escaper.

// newGrid is the bordered table of the qualification report (Substrate's
// shape) and of every other list of judged rows.
func newGrid(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	)
}

// newList aligns label/value lines (inventory, BMC facts, update plans).
func newList(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

// mdEscaper keeps text from breaking a Markdown table row or turning into
// emphasis (the noisy mark is an asterisk).
var mdEscaper = strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`)

// escapeMD is the Markdown escaper of every renderer.
func escapeMD(s string) string { return mdEscaper.Replace(s) }

// orDash shows an empty value as "-".
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
