package redfishtest

import (
	"os"
	"path/filepath"
	"testing"
)

// FixtureDir is ../shared/fixtures/redfish/name beside the repository,
// where CI clones the shared recordings. Outside CI a missing directory
// skips the test; in CI it fails it.
func FixtureDir(t testing.TB, name string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "fixtures", "redfish", name)
			if _, err := os.Stat(p); err != nil {
				if os.Getenv("CI") != "" {
					t.Fatalf("recorded Redfish responses missing: %v", err)
				}
				t.Skipf("recorded Redfish responses missing (%v); CI provides them beside the repository", err)
			}
			return p
		}
		if filepath.Dir(dir) == dir {
			t.Fatalf("no go.mod above %s", wd)
		}
	}
}

// NewDMTF serves DMTF's public rack-server mockup: Manager "BMC", system
// "437XR1138R2", UpdateService with HttpPushUri and SimpleUpdate.
func NewDMTF(t testing.TB) *Server {
	return New(t, FixtureDir(t, "dmtf-public-rackmount1"))
}

// NewAMI serves the recorded AMI MegaRAC resources (UpdateService with
// MultipartHttpPushUri, PreserveConfiguration and dual-image versions;
// ComputerSystem System_0; AccountService) on top of the DMTF tree, which
// supplies what the AMI recording lacks (service root, manager, firmware
// inventory, sessions).
func NewAMI(t testing.TB) *Server {
	s := NewDMTF(t)
	ami := FixtureDir(t, "ami")
	s.Overlay(t, "/redfish/v1/UpdateService", filepath.Join(ami, "updateService.json"))
	s.Overlay(t, "/redfish/v1/AccountService", filepath.Join(ami, "accountService.json"))
	s.Overlay(t, "/redfish/v1/Systems/System_0", filepath.Join(ami, "computerSystem.json"))
	s.Set("/redfish/v1/Systems", map[string]any{
		"@odata.id":           "/redfish/v1/Systems",
		"@odata.type":         "#ComputerSystemCollection.ComputerSystemCollection",
		"Name":                "Computer System Collection",
		"Members@odata.count": 1,
		"Members":             []any{map[string]any{"@odata.id": "/redfish/v1/Systems/System_0"}},
	})
	return s
}
