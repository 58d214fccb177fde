package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/redfishtest"
)

func bmcTestOptions(s *redfishtest.Server) Options {
	return Options{Host: s.Host(), User: s.User, Password: s.Password, Insecure: true, Timeout: 10 * time.Second}
}

func TestReadRedfishBMC(t *testing.T) {
	t.Run("DMTF rack server", func(t *testing.T) {
		s := redfishtest.NewDMTF(t)
		info, err := Read(context.Background(), bmcTestOptions(s), false)
		if err != nil {
			t.Fatal(err)
		}
		if info.Source != "redfish" || info.Manager == nil || info.Manager.FirmwareVersion != "1.45.455b66-rev4" || info.Manager.ID != "BMC" {
			t.Errorf("manager = %+v (source %s), want BMC 1.45.455b66-rev4 over redfish", info.Manager, info.Source)
		}
		if info.BIOSVersion != "P79 v1.45 (12/06/2017)" {
			t.Errorf("BIOS = %q", info.BIOSVersion)
		}
		// The collection lists BMC, SS and BIOS (not AC-RoT0): every member, nothing more.
		got := map[string]string{}
		for _, it := range info.Inventory {
			got[it.ID] = it.Version
		}
		want := map[string]string{"BMC": "1.45.455b66-rev4", "SS": "2.50", "BIOS": "P79 v1.45"}
		if len(got) != len(want) {
			t.Errorf("inventory = %v, want %v", got, want)
		}
		for id, v := range want {
			if got[id] != v {
				t.Errorf("inventory %s = %q, want %q", id, got[id], v)
			}
		}
		if info.DualImage != nil {
			t.Errorf("DMTF has no AMI dual image, got %+v", info.DualImage)
		}
	})
	t.Run("AMI MegaRAC", func(t *testing.T) {
		s := redfishtest.NewAMI(t)
		info, err := ReadRedfish(context.Background(), bmcTestOptions(s))
		if err != nil {
			t.Fatal(err)
		}
		d := info.DualImage
		if d == nil || d.Image1Version != "3.35.00" || d.Image2Version != "3.35.00" || d.ActiveImage != "1" || d.BootImage != "1" {
			t.Fatalf("dual image = %+v, want both 3.35.00, image 1 active", d)
		}
		if info.SystemModel != "" || info.BIOSVersion != "" {
			// The recorded AMI ComputerSystem carries no BiosVersion: it must stay empty, not be invented.
			t.Errorf("BIOS = %q model %q, want empty (the AMI recording has no BiosVersion)", info.BIOSVersion, info.SystemModel)
		}
	})
}

func TestReadRedfishBMCRefusals(t *testing.T) {
	s := redfishtest.NewDMTF(t)
	ctx := context.Background()

	t.Run("wrong password", func(t *testing.T) {
		o := bmcTestOptions(s)
		o.Password = "wrong-Secret-4711"
		_, err := Read(ctx, o, false)
		if !errors.Is(err, ErrBMCAuth) {
			t.Fatalf("err = %v, want ErrBMCAuth", err)
		}
		if strings.Contains(err.Error(), o.Password) {
			t.Errorf("error echoes the password: %v", err)
		}
		if errors.Is(err, ErrRedfishUnavailable) {
			t.Errorf("an auth failure must not count as 'no Redfish' (no IPMI fallback): %v", err)
		}
	})
	t.Run("certificate verified by default", func(t *testing.T) {
		o := bmcTestOptions(s)
		o.Insecure = false
		_, err := Read(ctx, o, false)
		if err == nil || !strings.Contains(err.Error(), "not trusted") || errors.Is(err, ErrRedfishUnavailable) {
			t.Fatalf("err = %v, want an untrusted-certificate error without fallback", err)
		}
	})
	t.Run("ca file", func(t *testing.T) {
		o := bmcTestOptions(s)
		o.Insecure, o.CAFile = false, s.CAFile(t, t.TempDir())
		if _, err := ReadRedfish(ctx, o); err != nil {
			t.Fatalf("with the server's certificate as CA: %v", err)
		}
	})
	t.Run("plain http refused", func(t *testing.T) {
		o := bmcTestOptions(s)
		o.Host = "http://" + s.Host()
		if _, err := ReadRedfish(ctx, o); err == nil || !strings.Contains(err.Error(), "unencrypted") {
			t.Fatalf("err = %v, want refusal of plain http", err)
		}
	})
}

func TestRedfishUnavailableFallsBack(t *testing.T) {
	// A closed port: Redfish is unavailable, so IPMI is tried (and fails
	// too, on port 623 of a host with no BMC); both reasons are reported.
	s := redfishtest.NewDMTF(t)
	o := bmcTestOptions(s)
	s.Close()
	o.Timeout = 2 * time.Second
	_, err := Read(context.Background(), o, false)
	if !errors.Is(err, ErrRedfishUnavailable) || !strings.Contains(err.Error(), "IPMI fallback") {
		t.Fatalf("err = %v, want Redfish unavailable and an IPMI fallback attempt", err)
	}
	if strings.Contains(err.Error(), o.Password) {
		t.Errorf("error echoes the password: %v", err)
	}
}

func TestSplitBMCHost(t *testing.T) {
	tests := []struct {
		in       string
		host     string
		port     int
		wantFail bool
	}{
		{"10.0.0.5", "10.0.0.5", 623, false},
		{"10.0.0.5:6230", "10.0.0.5", 6230, false},
		{"bmc.example", "bmc.example", 623, false},
		{"[fe80::1]:700", "fe80::1", 700, false},
		{"fe80::1", "fe80::1", 623, false},
		{"bmc:", "", 0, true},
		{"bmc:99999", "", 0, true},
		{"  ", "", 0, true},
	}
	for _, tt := range tests {
		h, p, err := splitBMCHost(tt.in, 623)
		if (err != nil) != tt.wantFail || h != tt.host || p != tt.port {
			t.Errorf("splitBMCHost(%q) = %q, %d, %v; want %q, %d, fail=%v", tt.in, h, p, err, tt.host, tt.port, tt.wantFail)
		}
	}
}

func TestRedactor(t *testing.T) {
	r := redactor("hunter22")
	err := r.Err(fmt.Errorf("login: %w", errors.New(`body {"Password":"hunter22"}`)))
	if strings.Contains(err.Error(), "hunter22") || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("redacted error = %q", err)
	}
	if !strings.Contains(err.Error(), "login: body") {
		t.Errorf("redaction lost the context: %q", err)
	}
	if got := redactor("abc").String("exchange abc"); got != "exchange abc" {
		t.Errorf("a 3-character secret garbles text: %q", got)
	}
}
