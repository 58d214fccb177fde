package redfishtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// FixtureDir is testdata/name in this package's source directory, where
// the recorded Redfish trees live (see testdata/README.md). It is found
// from this file's own path, so a test in any package gets the same tree
// whatever its working directory.
func FixtureDir(t testing.TB, name string) string {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(self) {
		t.Fatalf("redfishtest: cannot locate its source directory (%q); the fixtures need a build without -trimpath", self)
	}
	p := filepath.Join(filepath.Dir(self), "testdata", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("recorded Redfish responses: %v", err)
	}
	return p
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
