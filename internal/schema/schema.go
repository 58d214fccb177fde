// Package schema holds what opens every JSON document hwqual writes: the
// layout version and the document's kind. It is a leaf so that the
// packages building documents (reports, firmware, inventory commands) share
// one header without importing each other.
package schema

// Version is the version of hwqual's JSON layout, shared by every document
// kind. It changes when a field is renamed, moved or removed, not when one
// is added. Version 2 gave checks an id and a kind, split their numeric,
// text and disk parts, and added kind to every document.
const Version = 2

// Document kinds.
const (
	Qualification = "qualification"
	Inventory     = "inventory"
	FirmwareCheck = "firmware-check"
	BMCCheck      = "bmc-check"
	BurnIn        = "burnin"
	Net           = "net"
	// Compare is `hwqual report compare`'s document.
	Compare = "compare"
	// Fleet is `hwqual report fleet`'s document.
	Fleet = "fleet"
)

// Header opens every JSON document hwqual writes.
type Header struct {
	SchemaVersion int    `json:"schema_version"`
	Kind          string `json:"kind"`
}

// New is the header of a document of kind written by this hwqual.
func New(kind string) Header { return Header{SchemaVersion: Version, Kind: kind} }
