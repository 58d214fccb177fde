// Package diskstat holds the pure statistics behind hwqual's disk metrics —
// latency percentiles from one HDR histogram, the sustained-write timeline,
// its steady state and its cache cliff — and the detail records reports
// carry for them. JSON keys carry their unit.
package diskstat

// Details are a disk check's figures beyond its score.
type Details struct {
	IO        *IO        `json:"io,omitempty"`
	Latency   *Latency   `json:"latency,omitempty"`
	Sustained *Sustained `json:"sustained,omitempty"`
}

// IO says how a disk metric did its I/O, so a reader can tell device
// numbers (direct) from page-cache numbers (buffered).
type IO struct {
	// Mode is "direct" (O_DIRECT) or "buffered+fsync" (--allow-buffered).
	Mode           string `json:"mode"`
	BlockBytes     int    `json:"block_bytes"`
	QueueDepth     int    `json:"queue_depth"`
	FileBytes      int64  `json:"file_bytes"`
	Operations     int64  `json:"operations"`
	ElapsedNs      int64  `json:"elapsed_ns"`
	Pattern        string `json:"pattern"` // sequential or random
	Direction      string `json:"direction"`
	PrefilledBytes int64  `json:"prefilled_bytes,omitempty"`
}
