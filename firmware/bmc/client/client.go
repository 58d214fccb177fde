// Package client talks to a server's BMC over the network: it reads the
// BMC and BIOS firmware versions over Redfish (gofish), or over IPMI 2.0
// lanplus (go-ipmi) when asked or when no Redfish service answers, and it
// flashes BMC firmware through the Redfish UpdateService. What it reads is
// returned as firmware/bmc types, which hold no network code.
package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hwqual/hwqual/firmware/bmc"
)

// Read reads the BMC's firmware over Redfish, or over IPMI when useIPMI
// is set or no Redfish service answers at the host. With useIPMI, a port
// in Host is the IPMI port; on fallback, a port in Host belongs to HTTPS,
// so IPMI uses IPMIPort.
func Read(ctx context.Context, o Options, useIPMI bool) (*bmc.Info, error) {
	if useIPMI {
		return ReadIPMI(ctx, o)
	}
	info, rerr := ReadRedfish(ctx, o)
	if rerr == nil || !errors.Is(rerr, ErrRedfishUnavailable) {
		return info, rerr
	}
	viaIPMI := o
	viaIPMI.Host = bmcHostName(o.Host)
	info, ierr := ReadIPMI(ctx, viaIPMI)
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

// Options say how to reach a BMC. Password is a secret: nothing built
// from these options may print it (see redactor).
type Options struct {
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

func (o Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return 30 * time.Second
	}
	return o.Timeout
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
