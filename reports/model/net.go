package model

import (
	"time"

	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/netperf"
)

// DocNet is the kind of the network test document.
const DocNet = schema.Net

// NetReport is the document `hwqual net` writes: one test against one peer.
type NetReport struct {
	Header
	Tool      Tool            `json:"tool"`
	Timestamp time.Time       `json:"timestamp"`
	Host      string          `json:"host"`
	Result    *netperf.Result `json:"result"`
}

// NewNetReport wraps a result into a document.
func NewNetReport(res *netperf.Result, version, host string, at time.Time) *NetReport {
	return &NetReport{Header: NewHeader(DocNet), Tool: Tool{Name: "hwqual", Version: version},
		Timestamp: at.UTC(), Host: host, Result: res}
}
