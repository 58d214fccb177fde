package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/stmcginnis/gofish"
	"github.com/stmcginnis/gofish/oem/ami"
	"github.com/stmcginnis/gofish/schemas"

	"github.com/hwqual/hwqual/firmware/bmc"
)

// redfishSession is a logged-in Redfish client. Close logs out.
type redfishSession struct {
	api    *gofish.APIClient
	host   string
	redact redactor
}

// openRedfish connects to the service root, then logs in through the
// SessionService (X-Auth-Token, as AMI MegaRAC expects); a service without
// sessions gets HTTP Basic authentication instead.
func openRedfish(ctx context.Context, o Options) (*redfishSession, error) {
	red := redactor(o.Password)
	endpoint, err := redfishEndpoint(o.Host)
	if err != nil {
		return nil, err
	}
	httpClient, err := bmcHTTPClient(o)
	if err != nil {
		return nil, err
	}
	cfg := gofish.ClientConfig{Endpoint: endpoint, HTTPClient: httpClient, NoModifyTransport: true}
	anon, err := gofish.ConnectContext(ctx, cfg)
	if err != nil {
		return nil, red.Err(classifyRedfishConnect(endpoint, err))
	}
	if o.User == "" {
		return nil, fmt.Errorf("redfish %s: a user name is needed", endpoint)
	}

	cfg.Username, cfg.Password = o.User, o.Password
	token, err := anon.Service.CreateSession(o.User, o.Password)
	switch {
	case err == nil:
		cfg.Session = &gofish.Session{ID: token.Session, Token: token.Token}
	case httpStatus(err) == http.StatusUnauthorized || httpStatus(err) == http.StatusForbidden:
		return nil, fmt.Errorf("redfish %s: log in as %q: %w (HTTP %d)", endpoint, o.User, ErrBMCAuth, httpStatus(err))
	case httpStatus(err) == http.StatusNotFound || httpStatus(err) == http.StatusMethodNotAllowed,
		strings.Contains(err.Error(), "no target provided"): // the root links no sessions
		cfg.BasicAuth = true
	default:
		return nil, red.Err(fmt.Errorf("redfish %s: log in: %w", endpoint, err))
	}
	api, err := gofish.ConnectContext(ctx, cfg)
	if err != nil {
		if s := httpStatus(err); s == http.StatusUnauthorized || s == http.StatusForbidden {
			return nil, fmt.Errorf("redfish %s: log in as %q: %w (HTTP %d)", endpoint, o.User, ErrBMCAuth, s)
		}
		return nil, red.Err(fmt.Errorf("redfish %s: %w", endpoint, err))
	}
	return &redfishSession{api: api, host: endpoint, redact: red}, nil
}

// Close ends the Redfish session so the BMC's session slots (often only a
// handful) are not used up by repeated checks.
func (s *redfishSession) Close() { s.api.Logout() }

func redfishEndpoint(host string) (string, error) {
	h := strings.TrimRight(strings.TrimSpace(host), "/")
	switch {
	case h == "":
		return "", errors.New("no host given")
	case strings.HasPrefix(h, "http://"):
		return "", fmt.Errorf("host %q: plain http would send the password unencrypted; use https", host)
	case strings.HasPrefix(h, "https://"):
		return h, nil
	}
	return "https://" + h, nil
}

// bmcHTTPClient verifies the BMC's certificate against CAFile or the system
// roots unless Insecure is set. Timeouts bound connecting and waiting for a
// response, not the length of an image upload.
func bmcHTTPClient(o Options) (*http.Client, error) {
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	switch {
	case o.Insecure && o.CAFile != "":
		return nil, errors.New("--ca-file and --insecure exclude each other")
	case o.Insecure:
		tlsCfg.InsecureSkipVerify = true
	case o.CAFile != "":
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("--ca-file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--ca-file %s: no PEM certificate in it", o.CAFile)
		}
		tlsCfg.RootCAs = pool
	}
	d := &net.Dialer{Timeout: o.timeout()}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		TLSClientConfig:       tlsCfg,
		TLSHandshakeTimeout:   o.timeout(),
		ResponseHeaderTimeout: o.timeout(),
		ForceAttemptHTTP2:     true,
	}}, nil
}

// classifyRedfishConnect tells "nothing speaks Redfish here" (IPMI may be
// tried) from "Redfish is there but refused us" (it may not).
func classifyRedfishConnect(endpoint string, err error) error {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) {
		return fmt.Errorf("redfish %s: the BMC's TLS certificate is not trusted (%w); pass --ca-file with its CA, or --insecure for a self-signed BMC on a trusted network", endpoint, err)
	}
	switch s := httpStatus(err); {
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return fmt.Errorf("redfish %s: %w (HTTP %d)", endpoint, ErrBMCAuth, s)
	case s != 0:
		return fmt.Errorf("redfish %s: service root: HTTP %d: %w", endpoint, s, ErrRedfishUnavailable)
	}
	var netErr net.Error
	var recErr tls.RecordHeaderError
	var opErr *net.OpError
	if errors.As(err, &netErr) || errors.As(err, &recErr) || errors.As(err, &opErr) {
		return fmt.Errorf("redfish %s: %w: %w", endpoint, ErrRedfishUnavailable, err)
	}
	return fmt.Errorf("redfish %s: %w", endpoint, err)
}

// httpStatus is the HTTP status of a gofish error, or 0 for other errors.
func httpStatus(err error) int {
	var e *schemas.Error
	if errors.As(err, &e) {
		return e.HTTPReturnedStatusCode
	}
	return 0
}

// ReadRedfish reads the manager's firmware version, the BIOS version,
// every member of the firmware inventory and, on AMI MegaRAC, both BMC
// flash images' versions.
func ReadRedfish(ctx context.Context, o Options) (*bmc.Info, error) {
	s, err := openRedfish(ctx, o)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	info, err := s.read()
	return info, s.redact.Err(err)
}

func (s *redfishSession) read() (*bmc.Info, error) {
	svc := s.api.Service
	info := &bmc.Info{Host: s.host, Source: "redfish"}

	managers, err := svc.Managers()
	if err != nil {
		return nil, fmt.Errorf("redfish %s: managers: %w", s.host, err)
	}
	if m := pickBMCManager(managers); m != nil {
		info.Manager = &bmc.Manager{ID: m.ID, URI: m.ODataID, Model: m.Model, FirmwareVersion: m.FirmwareVersion}
	}

	systems, err := svc.Systems()
	if err != nil {
		return nil, fmt.Errorf("redfish %s: systems: %w", s.host, err)
	}
	for _, sys := range systems {
		if sys.BiosVersion != "" {
			info.BIOSVersion, info.SystemModel = sys.BiosVersion, sys.Model
			break
		}
	}

	us, err := svc.UpdateService()
	if err != nil {
		return nil, fmt.Errorf("redfish %s: update service: %w", s.host, err)
	}
	items, err := us.FirmwareInventory()
	if err != nil {
		return nil, fmt.Errorf("redfish %s: firmware inventory: %w", s.host, err)
	}
	for _, it := range items {
		info.Inventory = append(info.Inventory, bmc.FirmwareItem{
			ID: it.ID, Name: it.Name, Version: it.Version, Updateable: it.Updateable,
			URI: it.ODataID, Related: relatedItems(it.RawData),
		})
	}
	// gofish fetches the members concurrently, so their order varies from
	// read to read; reports compare and diff better in a fixed order.
	slices.SortFunc(info.Inventory, func(a, b bmc.FirmwareItem) int { return strings.Compare(a.ID, b.ID) })
	if oem, err := ami.FromUpdateService(us); err == nil {
		d := oem.BMC.DualImageConfigurations
		if d.FirmwareImage1Version != "" || d.FirmwareImage2Version != "" {
			info.DualImage = &bmc.DualImage{
				ActiveImage: d.ActiveImage, BootImage: d.BootImage,
				Image1Name: d.FirmwareImage1Name, Image1Version: d.FirmwareImage1Version,
				Image2Name: d.FirmwareImage2Name, Image2Version: d.FirmwareImage2Version,
			}
		}
	}
	if info.Manager == nil && info.BIOSVersion == "" && len(info.Inventory) == 0 {
		return nil, fmt.Errorf("redfish %s: the service lists no manager, no system BIOS and no firmware inventory", s.host)
	}
	return info, nil
}

// pickBMCManager prefers a manager of type BMC; services with one manager
// of another type (ManagementController) still report it.
func pickBMCManager(ms []*schemas.Manager) *schemas.Manager {
	for _, m := range ms {
		if m.ManagerType == schemas.BMCManagerType {
			return m
		}
	}
	if len(ms) > 0 {
		return ms[0]
	}
	return nil
}

// relatedItems reads SoftwareInventory.RelatedItem without fetching the
// linked resources (gofish's accessor would GET every one).
func relatedItems(raw []byte) []string {
	var v struct {
		RelatedItem []struct {
			ID string `json:"@odata.id"`
		}
	}
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	for _, r := range v.RelatedItem {
		out = append(out, r.ID)
	}
	return out
}
