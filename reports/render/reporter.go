// Package render formats hwqual's documents (reports/model) for people and
// for tools: one reporter per format — Table (the terminal), Markdown and
// JSON here, HTML pages in render/htmlpage, the Prometheus text format in
// render/prom — each a func(io.Writer) error over a document, as vegeta's
// reporters are. The cells and lines the human-readable ones share are in
// render/text. Renderers only format; they never judge: every verdict,
// status and count they print comes from the document.
package render

import (
	"fmt"
	"io"

	"github.com/hwqual/hwqual/firmware/bmc"
	"github.com/hwqual/hwqual/firmware/nvme"
	"github.com/hwqual/hwqual/inventory"
	"github.com/hwqual/hwqual/reports/model"
)

// Reporter writes one document in one format.
type Reporter func(io.Writer) error

// Unsupported is the reporter of a document a format cannot show: it
// writes nothing and says so.
func Unsupported(format string, doc any) Reporter {
	return func(io.Writer) error { return fmt.Errorf("render: no %s rendering of %T", format, doc) }
}

// Table is the terminal rendering: Substrate's table for a qualification
// report, plain tables and lists for the other documents.
func Table(doc any) Reporter {
	switch d := doc.(type) {
	case *model.Report:
		return func(w io.Writer) error { return writeTable(w, d) }
	case *model.BurnIn:
		return func(w io.Writer) error { return writeBurnInTable(w, d) }
	case *model.Comparison:
		return func(w io.Writer) error { return writeCompareTable(w, d) }
	case *model.Fleet:
		return func(w io.Writer) error { return writeFleetTable(w, d) }
	case *model.NetReport:
		return func(w io.Writer) error { return writeNetText(w, d) }
	case *inventory.Inventory:
		return func(w io.Writer) error { return writeInventoryText(w, d) }
	case *nvme.CheckReport:
		return func(w io.Writer) error { return writeFirmwareTable(w, d) }
	case *bmc.Report:
		return func(w io.Writer) error { return writeBMCText(w, d) }
	case *bmc.UpdatePlan:
		return func(w io.Writer) error { return writeBMCUpdatePlan(w, d) }
	case *bmc.UpdateResult:
		return func(w io.Writer) error { return writeBMCUpdateResult(w, d) }
	}
	return Unsupported("table", doc)
}

// Markdown is a section for hardware docs and tickets.
func Markdown(doc any) Reporter {
	switch d := doc.(type) {
	case *model.Report:
		return func(w io.Writer) error { return writeMarkdown(w, d) }
	case *model.BurnIn:
		return func(w io.Writer) error { return writeBurnInMarkdown(w, d) }
	case *model.Comparison:
		return func(w io.Writer) error { return writeCompareMarkdown(w, d) }
	case *model.Fleet:
		return func(w io.Writer) error { return writeFleetMarkdown(w, d) }
	case *model.NetReport:
		return func(w io.Writer) error { return writeNetMarkdown(w, d) }
	case *inventory.Inventory:
		return func(w io.Writer) error { return writeInventoryMarkdown(w, d) }
	case *nvme.CheckReport:
		return func(w io.Writer) error { return writeFirmwareMarkdown(w, d) }
	case *bmc.Report:
		return func(w io.Writer) error { return writeBMCMarkdown(w, d) }
	}
	return Unsupported("Markdown", doc)
}

// inventoryDoc is `hwqual inventory --json`: the inventory's own keys
// under the document header.
type inventoryDoc struct {
	model.Header
	*inventory.Inventory
}

// JSON is the document in hwqual's one JSON style (model.EncodeJSON). The
// inventory, which the inventory package defines without a header, gets
// its header here.
func JSON(doc any) Reporter {
	if inv, ok := doc.(*inventory.Inventory); ok {
		doc = inventoryDoc{Header: model.NewHeader(model.DocInventory), Inventory: inv}
	}
	return func(w io.Writer) error { return model.EncodeJSON(w, doc) }
}
