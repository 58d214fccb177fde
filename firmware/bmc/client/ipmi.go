package client

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/types"

	"github.com/hwqual/hwqual/firmware/bmc"
)

// IPMIDefaultPort is the RMCP+ port BMCs listen on.
const IPMIDefaultPort = 623

// ReadIPMI asks the BMC for Get Device ID (`ipmitool mc info`) over
// IPMI 2.0 lanplus. Cipher suite 3 (HMAC-SHA1, AES-128) is requested
// explicitly: it is what ASRock Rack/AMI BMCs accept, and letting the
// library probe suites makes the handshake take ~25 s.
func ReadIPMI(ctx context.Context, o Options) (*bmc.Info, error) {
	red := redactor(o.Password)
	defPort := IPMIDefaultPort
	if o.IPMIPort > 0 {
		defPort = o.IPMIPort
	}
	host, port, err := splitBMCHost(o.Host, defPort)
	if err != nil {
		return nil, err
	}
	where := fmt.Sprintf("ipmi %s:%d", host, port)
	c, err := client.NewClient(host, port, o.User, o.Password)
	if err != nil {
		return nil, red.Err(fmt.Errorf("%s: %w", where, err))
	}
	c.WithCipherSuiteID(types.CipherSuiteID3).WithTimeout(ipmiExchangeTimeout(o)).WithRetry(2)
	if err := c.Connect(ctx); err != nil {
		if strings.Contains(err.Error(), "authentication") || strings.Contains(err.Error(), "Unauthorized name") {
			return nil, fmt.Errorf("%s: open lanplus session as %q: %w", where, o.User, ErrBMCAuth)
		}
		return nil, red.Err(fmt.Errorf("%s: open lanplus session as %q: %w", where, o.User, oneLineError{err}))
	}
	defer c.Close(context.WithoutCancel(ctx))

	id, err := c.GetDeviceID(ctx)
	if err != nil {
		return nil, red.Err(fmt.Errorf("%s: get device id: %w", where, err))
	}
	dev := &bmc.IPMIDevice{
		DeviceID:         id.DeviceID,
		DeviceRevision:   id.DeviceRevision,
		FirmwareRevision: fmt.Sprintf("%d.%02d", id.MajorFirmwareRevision, id.MinorFirmwareRevision),
		IPMIVersion:      fmt.Sprintf("%d.%d", id.MajorIPMIVersion, id.MinorIPMIVersion),
		ManufacturerID:   id.ManufacturerID,
		Manufacturer:     ipmiManufacturers[id.ManufacturerID],
		ProductID:        id.ProductID,
	}
	if len(id.AuxiliaryFirmwareRevision) > 0 {
		dev.AuxFirmwareRev = fmt.Sprintf("%x", id.AuxiliaryFirmwareRevision)
	}
	return &bmc.Info{Host: fmt.Sprintf("%s:%d", host, port), Source: "ipmi", IPMI: dev}, nil
}

// ipmiExchangeTimeout is the wait for one UDP answer; the library retries,
// so a fraction of the overall timeout keeps a dead host from hanging long.
func ipmiExchangeTimeout(o Options) time.Duration {
	t := o.timeout() / 5
	if t < time.Second {
		t = time.Second
	}
	return t
}

// ipmiManufacturers names the IANA enterprise numbers of the boards
// operators run (the numbers ipmitool prints as Manufacturer ID).
var ipmiManufacturers = map[uint32]string{
	49622: "ASRock Rack Incorporation",
	10876: "Super Micro Computer",
	674:   "Dell Inc.",
	11:    "Hewlett Packard Enterprise",
	19046: "Lenovo",
	343:   "Intel Corporation",
}

// oneLineError folds the library's multi-line errors into one line, so
// hwqual's error output stays one line per problem.
type oneLineError struct{ err error }

func (e oneLineError) Error() string { return strings.Join(strings.Fields(e.err.Error()), " ") }
func (e oneLineError) Unwrap() error { return e.err }
