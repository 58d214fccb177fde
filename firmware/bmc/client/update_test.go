package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hwqual/hwqual/firmware/bmc"
	"github.com/hwqual/hwqual/internal/redfishtest"
)

// writeBMCImage writes n random bytes as a .ima file.
func writeBMCImage(t *testing.T, n int) (string, []byte) {
	t.Helper()
	data := make([]byte, n)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "B650D4U_2L2T_4.01.00.ima")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, data
}

var fastApply = ApplyOptions{PollEvery: 10 * time.Millisecond, RebootWait: 2 * time.Second}

// newTestUpdater plans an update of an n-byte random image; the updater is
// closed when the test ends.
func newTestUpdater(t *testing.T, s *redfishtest.Server, n int, preserve bool) (*Updater, []byte) {
	t.Helper()
	img, data := writeBMCImage(t, n)
	up, err := NewUpdater(context.Background(), bmcTestOptions(s), img, preserve)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(up.Close)
	return up, data
}

func TestBMCUpdatePlanWritesNothing(t *testing.T) {
	s := redfishtest.NewAMI(t)
	img, data := writeBMCImage(t, 64<<10)
	up, err := NewUpdater(context.Background(), bmcTestOptions(s), img, true)
	if err != nil {
		t.Fatal(err)
	}
	up.Close()
	p := up.Plan
	sum := sha256.Sum256(data)
	if p.Method != bmc.UpdateMultipart || p.Endpoint != "/redfish/v1/UpdateService/upload" {
		t.Errorf("endpoint = %s %s, want the AMI MultipartHttpPushUri", p.Method, p.Endpoint)
	}
	if p.ImageBytes != int64(len(data)) || p.ImageSHA256 != hex.EncodeToString(sum[:]) || p.ImageName != "B650D4U_2L2T_4.01.00.ima" {
		t.Errorf("image = %s %d %s", p.ImageName, p.ImageBytes, p.ImageSHA256)
	}
	if p.MaxImageBytes != 441393152 {
		t.Errorf("MaxImageSizeBytes = %d, want the recorded 441393152", p.MaxImageBytes)
	}
	if len(p.Targets) != 1 || p.Targets[0] != "/redfish/v1/UpdateService/FirmwareInventory/BMC" {
		t.Errorf("targets = %v", p.Targets)
	}
	if p.PreserveCurrent == nil || !*p.PreserveCurrent {
		t.Errorf("PreserveConfiguration now = %v, want the recorded true", p.PreserveCurrent)
	}
	// The plan's rendering is tested in reports (TestBMCUpdatePlanRender).
	if w := s.Writes(); len(w) != 0 {
		t.Errorf("planning sent %d write requests, first %s %s", len(w), w[0].Method, w[0].Path)
	}
}

func TestBMCUpdateMultipartAMI(t *testing.T) {
	s := redfishtest.NewAMI(t)
	up, data := newTestUpdater(t, s, 256<<10, true)
	var mu sync.Mutex
	var progress []string
	ao := fastApply
	ao.Progress = func(l string) { mu.Lock(); progress = append(progress, l); mu.Unlock() }
	res, err := up.Apply(context.Background(), ao)
	if err != nil {
		t.Fatalf("apply: %v (progress %q)", err, progress)
	}
	if res.VersionFrom != "1.45.455b66-rev4" || res.VersionTo != s.NewVersion || res.TaskState != "Completed" {
		t.Errorf("result = %+v", res)
	}

	writes := s.Writes()
	if len(writes) != 2 {
		t.Fatalf("writes = %d, want PATCH then POST", len(writes))
	}
	patch, post := writes[0], writes[1]
	if patch.Method != http.MethodPatch || patch.Header.Get("If-Match") != `"1729105654"` || patch.Outcome != http.StatusNoContent {
		t.Errorf("PATCH = %s If-Match %q -> %d, want the recorded ETag", patch.Method, patch.Header.Get("If-Match"), patch.Outcome)
	}
	var pb struct {
		Oem struct {
			AMIUpdateService struct{ PreserveConfiguration *bool }
		}
	}
	if json.Unmarshal(patch.Body, &pb) != nil || pb.Oem.AMIUpdateService.PreserveConfiguration == nil || !*pb.Oem.AMIUpdateService.PreserveConfiguration {
		t.Errorf("PATCH body = %s", patch.Body)
	}
	if post.Path != "/redfish/v1/UpdateService/upload" || post.Outcome != http.StatusAccepted {
		t.Fatalf("upload = %s %s -> %d", post.Method, post.Path, post.Outcome)
	}
	file := post.Parts["UpdateFile"]
	if !bytes.Equal(file.Data, data) || file.FileName != "B650D4U_2L2T_4.01.00.ima" {
		t.Errorf("UpdateFile = %q, %d bytes; want the image's %d bytes", file.FileName, len(file.Data), len(data))
	}
	var params struct{ Targets []string }
	if err := json.Unmarshal(post.Parts["UpdateParameters"].Data, &params); err != nil || len(params.Targets) != 1 || !strings.HasSuffix(params.Targets[0], "/FirmwareInventory/BMC") {
		t.Errorf("UpdateParameters = %s (%v)", post.Parts["UpdateParameters"].Data, err)
	}
	if got := string(post.Parts["OemParameters"].Data); got != `{"ImageType":"BMC"}` {
		t.Errorf("OemParameters = %s", got)
	}
	polls := 0
	for _, r := range s.Requests() {
		if r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/redfish/v1/TaskService/Tasks/") {
			polls++
		}
	}
	if polls != s.TaskPolls+1 {
		t.Errorf("task polled %d times, want %d (until Completed)", polls, s.TaskPolls+1)
	}
	if got := strings.Join(progress, "\n"); !strings.Contains(got, "uploaded 100%") || !strings.Contains(got, "Completed 100%") {
		t.Errorf("progress lacks completion: %q", progress)
	}
}

func TestBMCUpdateHTTPPushDMTF(t *testing.T) {
	s := redfishtest.NewDMTF(t)
	up, data := newTestUpdater(t, s, 32<<10, false)
	if up.Plan.Method != bmc.UpdateHTTPPush || up.Plan.Endpoint != "/FWUpdate" || up.Plan.PreserveCurrent != nil {
		t.Fatalf("plan = %+v", up.Plan)
	}
	res, err := up.Apply(context.Background(), fastApply)
	if err != nil {
		t.Fatal(err)
	}
	w := s.Writes()
	if len(w) != 1 || w[0].Path != "/FWUpdate" || !bytes.Equal(w[0].Body, data) || w[0].Header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("writes = %d, want one raw image POST", len(w))
	}
	if res.VersionTo != s.NewVersion {
		t.Errorf("after = %q", res.VersionTo)
	}
}

func TestBMCUpdateRefusesImages(t *testing.T) {
	s := redfishtest.NewAMI(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.ima")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	big, _ := writeBMCImage(t, 4096)
	us := s.Doc("/redfish/v1/UpdateService")
	us["MaxImageSizeBytes"] = 1024
	s.Set("/redfish/v1/UpdateService", us)

	for name, img := range map[string]string{"empty": empty, "missing": filepath.Join(dir, "nope.ima"), "directory": dir, "too large": big} {
		t.Run(name, func(t *testing.T) {
			_, err := NewUpdater(context.Background(), bmcTestOptions(s), img, false)
			if !errors.Is(err, ErrImage) {
				t.Fatalf("err = %v, want ErrImage", err)
			}
		})
	}
	if w := s.Writes(); len(w) != 0 {
		t.Errorf("refused images still caused %d writes", len(w))
	}
}

func TestBMCUpdatePreserveNeedsAMI(t *testing.T) {
	s := redfishtest.NewDMTF(t)
	img, _ := writeBMCImage(t, 1024)
	_, err := NewUpdater(context.Background(), bmcTestOptions(s), img, true)
	if err == nil || !strings.Contains(err.Error(), "PreserveConfiguration") {
		t.Fatalf("err = %v, want: no AMI PreserveConfiguration", err)
	}
}

func TestBMCUpdateTaskFailure(t *testing.T) {
	s := redfishtest.NewAMI(t)
	s.FailTask = true
	up, _ := newTestUpdater(t, s, 1024, false)
	_, err := up.Apply(context.Background(), fastApply)
	if err == nil || !strings.Contains(err.Error(), "Exception") {
		t.Fatalf("err = %v, want the task's Exception", err)
	}
}

func TestBMCUpdateTarget(t *testing.T) {
	mgr := &bmc.Manager{ID: "Self", URI: "/redfish/v1/Managers/Self"}
	inv := func(ids ...string) []bmc.FirmwareItem {
		var out []bmc.FirmwareItem
		for _, id := range ids {
			out = append(out, bmc.FirmwareItem{ID: id, URI: "/redfish/v1/UpdateService/FirmwareInventory/" + id})
		}
		return out
	}
	related := inv("BMCImage1", "BMCImage2", "BIOSImage1")
	related[1].Related = []string{"/redfish/v1/Managers/Self/"}
	tests := []struct {
		name string
		info *bmc.Info
		want string
	}{
		{"related to the manager wins", &bmc.Info{Manager: mgr, Inventory: related}, "BMCImage2"},
		{"id BMC", &bmc.Info{Manager: mgr, Inventory: inv("BIOS", "BMC")}, "BMC"},
		{"single BMC prefix", &bmc.Info{Inventory: inv("BIOSImage1", "BMCImage1")}, "BMCImage1"},
		{"two images, no link: service chooses", &bmc.Info{Manager: mgr, Inventory: inv("BMCImage1", "BMCImage2")}, ""},
		{"no inventory", &bmc.Info{}, ""},
	}
	for _, tt := range tests {
		got := bmcUpdateTarget(tt.info)
		if tt.want != "" {
			tt.want = "/redfish/v1/UpdateService/FirmwareInventory/" + tt.want
		}
		if got != tt.want {
			t.Errorf("%s: target = %q, want %q", tt.name, got, tt.want)
		}
	}
}
