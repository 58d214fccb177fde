// Package htmlpage writes hwqual's documents as self-contained HTML pages
// with SVG charts (gonum/plot): no external assets, no script, printable.
// A qualification report, a burn-in and a comparison have pages. Like
// every renderer it formats what the document says and judges nothing.
package htmlpage

import (
	"io"

	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
)

// Page is the document as one HTML page.
func Page(doc any) render.Reporter {
	switch d := doc.(type) {
	case *model.Report:
		return func(w io.Writer) error { return writeHTML(w, d) }
	case *model.BurnIn:
		return func(w io.Writer) error { return writeBurnInHTML(w, d) }
	case *model.Comparison:
		return func(w io.Writer) error { return writeCompareHTML(w, d) }
	}
	return render.Unsupported("HTML", doc)
}
