// Package prom writes hwqual's documents in the Prometheus text format
// node_exporter's textfile collector reads (no timestamps, base units):
// the gauges of a qualification report, a burn-in, a firmware check or a
// fleet summary. Like every renderer it formats what the document says and
// judges nothing.
package prom

import (
	"fmt"
	"io"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hwqual/hwqual/firmware/nvme"
	"github.com/hwqual/hwqual/reports/model"
	"github.com/hwqual/hwqual/reports/render"
)

// Registry holds the document's gauges, ready for a Gatherer-based
// exporter.
func Registry(doc any) (*prometheus.Registry, error) {
	switch d := doc.(type) {
	case *model.Report:
		return reportRegistry(d)
	case *model.BurnIn:
		return burnInRegistry(d)
	case *model.Fleet:
		return fleetRegistry(d)
	case *nvme.CheckReport:
		return firmwareRegistry(d)
	}
	return nil, fmt.Errorf("render: no Prometheus rendering of %T", doc)
}

// Text is the document's gauges in the text format.
func Text(doc any) render.Reporter {
	return func(w io.Writer) error {
		reg, err := Registry(doc)
		if err != nil {
			return err
		}
		return writeGatherer(w, reg)
	}
}

// WriteFile replaces path atomically with the document's gauges (a
// temporary file in the same directory, then rename), so the textfile
// collector never reads half a file.
func WriteFile(path string, doc any) error {
	reg, err := Registry(doc)
	if err != nil {
		return err
	}
	return writeTextfile(path, reg)
}
