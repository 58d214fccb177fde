package bmc

// Update methods, in the order hwqual prefers them.
const (
	UpdateMultipart    = "MultipartHttpPushUri"
	UpdateHTTPPush     = "HttpPushUri"
	UpdateSimpleUpdate = "SimpleUpdate"
)

// UpdatePlan is everything an operator should see before a BMC flash.
// Building it reads the BMC and the image; it writes nothing.
type UpdatePlan struct {
	Before *Info `json:"before"`

	ImagePath   string `json:"image_path"`
	ImageName   string `json:"image_name"`
	ImageBytes  int64  `json:"image_size_bytes"`
	ImageSHA256 string `json:"image_sha256"`

	Method   string `json:"method"`
	Endpoint string `json:"endpoint"`
	// MaxImageBytes is the service's MaxImageSizeBytes, 0 when not declared.
	MaxImageBytes int64 `json:"max_image_size_bytes,omitempty"`
	// Targets go into the multipart UpdateParameters; empty lets the
	// service pick.
	Targets []string `json:"targets"`

	// PreserveConfig: hwqual will set AMI PreserveConfiguration first.
	PreserveConfig bool `json:"preserve_config_requested"`
	// PreserveCurrent is the service's setting now (nil: not AMI).
	PreserveCurrent *bool `json:"preserve_config_current,omitempty"`

	Warnings []string `json:"warnings"`
}

// UpdateResult is the outcome of an applied update.
type UpdateResult struct {
	Task        string   `json:"task,omitempty"`
	TaskState   string   `json:"task_state,omitempty"`
	TaskStatus  string   `json:"task_status,omitempty"`
	Messages    []string `json:"messages,omitempty"`
	VersionFrom string   `json:"version_before"`
	VersionTo   string   `json:"version_after"`
	// After is the BMC as read once it answered again.
	After *Info `json:"after,omitempty"`
}
