package firmware

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ReadBMC reads the BMC's firmware over Redfish, or over IPMI when useIPMI
// is set or no Redfish service answers at the host. With useIPMI, a port
// in Host is the IPMI port; on fallback, a port in Host belongs to HTTPS,
// so IPMI uses IPMIPort.
func ReadBMC(ctx context.Context, o BMCOptions, useIPMI bool) (*BMCInfo, error) {
	if useIPMI {
		return ReadIPMIBMC(ctx, o)
	}
	info, rerr := ReadRedfishBMC(ctx, o)
	if rerr == nil || !errors.Is(rerr, ErrRedfishUnavailable) {
		return info, rerr
	}
	viaIPMI := o
	viaIPMI.Host = bmcHostName(o.Host)
	info, ierr := ReadIPMIBMC(ctx, viaIPMI)
	if ierr != nil {
		return nil, fmt.Errorf("%w; IPMI fallback: %w", rerr, ierr)
	}
	info.RedfishError = rerr.Error()
	return info, nil
}

// bmcHostName strips scheme, port and path from a --host value.
func bmcHostName(host string) string {
	h := strings.TrimSpace(host)
	if strings.Contains(h, "://") {
		if u, err := url.Parse(h); err == nil {
			return u.Hostname()
		}
	}
	if name, _, err := net.SplitHostPort(h); err == nil {
		return name
	}
	return h
}

// BMCOptions say how to reach a BMC. Password is a secret: nothing built
// from these options may print it (see redactor).
type BMCOptions struct {
	// Host is "name", "name:port", or an https:// URL for Redfish. Without
	// a port Redfish uses 443 and IPMI 623.
	Host string
	// IPMIPort is the IPMI port when Host names none (0: 623).
	IPMIPort int
	User     string
	Password string
	// CAFile is a PEM bundle that verifies the BMC's certificate; empty
	// means the system roots. Insecure skips verification (self-signed
	// BMCs) and must be asked for explicitly.
	CAFile   string
	Insecure bool
	// Timeout bounds each network exchange (default 30 s).
	Timeout time.Duration
}

func (o BMCOptions) timeout() time.Duration {
	if o.Timeout <= 0 {
		return 30 * time.Second
	}
	return o.Timeout
}

// BMCInfo is what a BMC says about its firmware. Versions are the strings
// the BMC reports, untouched.
type BMCInfo struct {
	Host string `json:"host"`
	// Source is "redfish" or "ipmi".
	Source string `json:"source"`
	// RedfishError says why Redfish was not used when IPMI answered instead.
	RedfishError string `json:"redfish_error,omitempty"`

	Manager     *BMCManager       `json:"manager,omitempty"`
	BIOSVersion string            `json:"bios_version,omitempty"`
	SystemModel string            `json:"system_model,omitempty"`
	Inventory   []BMCFirmwareItem `json:"firmware_inventory,omitempty"`
	DualImage   *BMCDualImage     `json:"dual_image,omitempty"`
	IPMI        *BMCIPMIDevice    `json:"ipmi,omitempty"`
}

// BMCFirmwareVersion is the BMC's own firmware version from whichever
// source answered.
func (i *BMCInfo) BMCFirmwareVersion() string {
	switch {
	case i.Manager != nil && i.Manager.FirmwareVersion != "":
		return i.Manager.FirmwareVersion
	case i.IPMI != nil:
		return i.IPMI.FirmwareRevision
	}
	return ""
}

// BMCManager is the Redfish Manager resource of type BMC.
type BMCManager struct {
	ID              string `json:"id"`
	URI             string `json:"uri"`
	Model           string `json:"model,omitempty"`
	FirmwareVersion string `json:"firmware_version"`
}

// BMCFirmwareItem is one member of UpdateService/FirmwareInventory.
type BMCFirmwareItem struct {
	ID         string `json:"id"`
	Name       string `json:"name,omitempty"`
	Version    string `json:"version"`
	Updateable bool   `json:"updateable"`
	// URI is the member's @odata.id, the value an update's Targets take.
	URI string `json:"uri"`
	// Related are the resources the firmware belongs to (a Manager, a System).
	Related []string `json:"related,omitempty"`
}

// BMCDualImage is AMI MegaRAC's pair of BMC flash images
// (UpdateService Oem.BMC.DualImageConfigurations).
type BMCDualImage struct {
	ActiveImage   string `json:"active_image"`
	BootImage     string `json:"boot_image"`
	Image1Name    string `json:"image1_name,omitempty"`
	Image1Version string `json:"image1_version"`
	Image2Name    string `json:"image2_name,omitempty"`
	Image2Version string `json:"image2_version"`
}

// BMCIPMIDevice is the answer to IPMI Get Device ID (`ipmitool mc info`).
type BMCIPMIDevice struct {
	DeviceID         uint8  `json:"device_id"`
	DeviceRevision   uint8  `json:"device_revision"`
	FirmwareRevision string `json:"firmware_revision"`
	IPMIVersion      string `json:"ipmi_version"`
	ManufacturerID   uint32 `json:"manufacturer_id"`
	Manufacturer     string `json:"manufacturer,omitempty"`
	ProductID        uint16 `json:"product_id"`
	AuxFirmwareRev   string `json:"aux_firmware_rev,omitempty"`
}

// ErrBMCAuth means the BMC refused the credentials.
var ErrBMCAuth = errors.New("the BMC refused the user name or password")

// ErrRedfishUnavailable means no Redfish service answered at the host, so
// IPMI may be tried instead. Authentication and TLS verification failures
// are not this: Redfish is there, and falling back would hide the problem.
var ErrRedfishUnavailable = errors.New("no Redfish service")

// splitBMCHost returns the host name and the port, or defPort when none is
// given. IPv6 literals need brackets when a port follows.
func splitBMCHost(host string, defPort int) (string, int, error) {
	h := strings.TrimSpace(host)
	if h == "" {
		return "", 0, errors.New("no host given")
	}
	if name, port, err := net.SplitHostPort(h); err == nil {
		p, err := strconv.Atoi(port)
		if err != nil || p < 1 || p > 65535 {
			return "", 0, fmt.Errorf("host %q: bad port %q", host, port)
		}
		return name, p, nil
	}
	if strings.Count(h, ":") == 1 { // "name:" or "name:abc"
		return "", 0, fmt.Errorf("host %q: bad port", host)
	}
	return strings.Trim(h, "[]"), defPort, nil
}

// redactor removes a secret from text that leaves hwqual: error messages,
// progress lines. BMCs sometimes echo request bodies in their errors, and
// transport errors may quote what was sent.
type redactor string

func (r redactor) String(s string) string {
	// Shorter strings occur by chance in any text; replacing them would
	// garble messages without hiding anything.
	if len(r) < 4 {
		return s
	}
	return strings.ReplaceAll(s, string(r), "[redacted]")
}

// Err rewrites err's message without the secret; errors.Is/As still see
// the original chain.
func (r redactor) Err(err error) error {
	if err == nil {
		return nil
	}
	msg := r.String(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
