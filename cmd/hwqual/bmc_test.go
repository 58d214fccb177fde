package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hwqual/hwqual/internal/redfishtest"
	"github.com/hwqual/hwqual/internal/testtools/need"
)

// noSecret fails when the password shows up in anything hwqual printed.
func noSecret(t *testing.T, r result, secret string) {
	t.Helper()
	if strings.Contains(r.stdout, secret) || strings.Contains(r.stderr, secret) {
		t.Errorf("output contains the password:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
}

func writePasswordFile(t *testing.T, pw string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bmc-password")
	if err := os.WriteFile(p, []byte(pw+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBMCCommandRedfish(t *testing.T) {
	s := redfishtest.NewDMTF(t)
	bin := binary
	pwFile := writePasswordFile(t, s.Password)
	base := []string{"firmware", "bmc", "--host", s.Host(), "--user", s.User, "--password-file", pwFile}

	tests := []struct {
		name string
		env  []string
		args []string
		code int
		want []string // substrings of stdout, or of stderr for non-zero codes
	}{
		{"table", nil, []string{"--insecure"}, 0, []string{"1.45.455b66-rev4", "P79 v1.45 (12/06/2017)", "SS", "2.50", "Contoso BIOS Firmware"}},
		{"markdown", nil, []string{"--insecure", "--md"}, 0, []string{"| BMC firmware | 1.45.455b66-rev4 (manager BMC, Joo Janta 200) |", "### Firmware inventory"}},
		{"minimums met", nil, []string{"--insecure", "--min-bmc", "1.45", "--min-bios", "P79 v1.40"}, 0, []string{"PASS"}},
		{"bmc below minimum", nil, []string{"--insecure", "--min-bmc", "1.50.0"}, 1, []string{"FAIL: 1.45.455b66-rev4 is older than 1.50.0"}},
		{"ca file", nil, []string{"--ca-file", s.CAFile(t, t.TempDir())}, 0, []string{"1.45.455b66-rev4"}},
		{"tls verified by default", nil, nil, 2, []string{"not trusted", "--ca-file", "--insecure"}},
		{"insecure with ca file", nil, []string{"--insecure", "--ca-file", pwFile}, 2, []string{"exclude each other"}},
		{"json and md", nil, []string{"--insecure", "--json", "--md"}, 2, []string{"choose one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := hwqualEnv(t, tt.env, append(append([]string{}, base...), tt.args...)...)
			noSecret(t, r, s.Password)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			out := r.stdout
			if tt.code == 2 {
				out = r.stderr
				if strings.Count(strings.TrimSpace(out), "\n") != 0 {
					t.Errorf("error is not one line: %q", out)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}

	t.Run("json", func(t *testing.T) {
		r := hwqualEnv(t, nil, append(base, "--insecure", "--json", "--min-bios", "P80")...)
		if r.code != 1 {
			t.Fatalf("exit %d, want 1 (BIOS P79 below P80): %s", r.code, r.stderr)
		}
		var rep struct {
			BMC struct {
				Manager struct {
					FirmwareVersion string `json:"firmware_version"`
				}
				BIOSVersion string                         `json:"bios_version"`
				Inventory   []struct{ ID, Version string } `json:"firmware_inventory"`
			} `json:"bmc"`
			Checks        []struct{ Status string } `json:"checks"`
			Pass          bool                      `json:"pass"`
			SchemaVersion int                       `json:"schema_version"`
			Kind          string                    `json:"kind"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		if rep.BMC.Manager.FirmwareVersion != "1.45.455b66-rev4" || rep.BMC.BIOSVersion != "P79 v1.45 (12/06/2017)" || len(rep.BMC.Inventory) != 3 || rep.Pass || rep.Checks[0].Status != "FAIL" ||
			rep.SchemaVersion != 2 || rep.Kind != "bmc-check" {
			t.Errorf("report = %+v", rep)
		}
	})

	t.Run("wrong password from the environment", func(t *testing.T) {
		const wrong = "Wr0ng-but-Secret"
		r := hwqualEnv(t, []string{"HWQUAL_BMC_PASSWORD=" + wrong}, "firmware", "bmc", "--host", s.Host(), "--insecure")
		noSecret(t, r, wrong)
		if r.code != 2 || !strings.Contains(r.stderr, "refused the user name or password") {
			t.Fatalf("exit %d, stderr %q; want 2 and an authentication error", r.code, r.stderr)
		}
	})
	t.Run("no password", func(t *testing.T) {
		cmd := exec.Command(bin, "firmware", "bmc", "--host", s.Host(), "--insecure")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		out, _ := cmd.CombinedOutput()
		if cmd.ProcessState.ExitCode() != 2 || !strings.Contains(string(out), "HWQUAL_BMC_PASSWORD") {
			t.Fatalf("exit %d: %s", cmd.ProcessState.ExitCode(), out)
		}
	})
	if w := s.Writes(); len(w) != 0 {
		t.Errorf("the check sent %d write requests, first %s %s", len(w), w[0].Method, w[0].Path)
	}
}

func TestBMCUpdateCommand(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "B650D4U_2L2T_4.01.00.ima")
	if err := os.WriteFile(img, bytes.Repeat([]byte("AMI firmware image "), 4096), 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("plan only without --yes", func(t *testing.T) {
		s := redfishtest.NewAMI(t)
		env := []string{"HWQUAL_BMC_PASSWORD=" + s.Password}
		r := hwqualEnv(t, env, "firmware", "bmc-update", "--host", s.Host(), "--insecure", "--image", img, "--preserve-config")
		noSecret(t, r, s.Password)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		for _, w := range []string{"3.35.00", "B650D4U_2L2T_4.01.00.ima", "77824 bytes", "/redfish/v1/UpdateService/upload (MultipartHttpPushUri)", "PreserveConfiguration is set to true", "reboots", "nothing was sent"} {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("plan lacks %q:\n%s", w, r.stdout)
			}
		}
		if w := s.Writes(); len(w) != 0 {
			t.Errorf("plan without --yes sent %d writes, first %s %s", len(w), w[0].Method, w[0].Path)
		}
	})
	t.Run("flash with --yes", func(t *testing.T) {
		s := redfishtest.NewAMI(t)
		env := []string{"HWQUAL_BMC_PASSWORD=" + s.Password}
		r := hwqualEnv(t, env, "firmware", "bmc-update", "--host", s.Host(), "--insecure", "--image", img,
			"--preserve-config", "--yes", "--poll-interval", "10ms", "--reboot-wait", "5s")
		noSecret(t, r, s.Password)
		if r.code != 0 {
			t.Fatalf("exit %d:\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stdout, "BMC firmware before  1.45.455b66-rev4") || !strings.Contains(r.stdout, "BMC firmware after   "+s.NewVersion) {
			t.Errorf("no before/after:\n%s", r.stdout)
		}
		if !strings.Contains(r.stderr, "task Completed 100%") {
			t.Errorf("no task progress:\n%s", r.stderr)
		}
		w := s.Writes()
		if len(w) != 2 || w[0].Method != "PATCH" || w[1].Parts["UpdateFile"].FileName != "B650D4U_2L2T_4.01.00.ima" {
			t.Errorf("writes = %d, want PATCH PreserveConfiguration then the multipart upload", len(w))
		}
	})
	t.Run("refusals", func(t *testing.T) {
		s := redfishtest.NewAMI(t)
		empty := filepath.Join(dir, "empty.ima")
		if err := os.WriteFile(empty, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		env := []string{"HWQUAL_BMC_PASSWORD=" + s.Password}
		for _, args := range [][]string{
			{"--image", empty, "--yes"},
			{"--image", filepath.Join(dir, "missing.ima"), "--yes"},
			{"--yes"},
		} {
			r := hwqualEnv(t, env, append([]string{"firmware", "bmc-update", "--host", s.Host(), "--insecure"}, args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, "--image") {
				t.Errorf("%v: exit %d, stderr %q; want 2 naming --image", args, r.code, r.stderr)
			}
		}
		if w := s.Writes(); len(w) != 0 {
			t.Errorf("refused updates sent %d writes", len(w))
		}
	})
}

// TestBMCCommandIPMISim reads mc info from OpenIPMI's simulator through the
// real binary: lanplus, cipher suite 3, firmware 1.14, ASRock Rack's id.
func TestBMCCommandIPMISim(t *testing.T) {
	sim := need.Tool(t, "the IPMI simulator test", "ipmi_sim", "openipmi")
	port := startIPMISim(t, sim, "admin", "secret-ipmi")

	r := hwqualEnv(t, []string{"HWQUAL_BMC_PASSWORD=secret-ipmi"},
		"firmware", "bmc", "--ipmi", "--host", fmt.Sprintf("127.0.0.1:%d", port), "--min-bmc", "1.10")
	noSecret(t, r, "secret-ipmi")
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, w := range []string{"Firmware revision     1.14", "49622 (ASRock Rack Incorporation)", "4660 (0x1234)", "PASS"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, r.stdout)
		}
	}

	// No Redfish on the host (a closed TCP port): the same check falls back to IPMI.
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()
	r = hwqualEnv(t, []string{"HWQUAL_BMC_PASSWORD=secret-ipmi"},
		"firmware", "bmc", "--host", closedAddr, "--ipmi-port", fmt.Sprint(port), "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"source": "ipmi"`) || !strings.Contains(r.stdout, `"redfish_error": "redfish https://`+closedAddr) || !strings.Contains(r.stdout, `"firmware_revision": "1.14"`) {
		t.Errorf("fallback: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	r = hwqualEnv(t, []string{"HWQUAL_BMC_PASSWORD=Not-The-Secret"},
		"firmware", "bmc", "--ipmi", "--host", fmt.Sprintf("127.0.0.1:%d", port))
	noSecret(t, r, "Not-The-Secret")
	if r.code != 2 || !strings.Contains(r.stderr, "refused the user name or password") {
		t.Errorf("wrong password: exit %d, stderr %q", r.code, r.stderr)
	}
}

// startIPMISim runs ipmi_sim on a free 127.0.0.1 UDP port with a fresh
// state directory and a BMC answering as firmware.md describes.
func startIPMISim(t *testing.T, sim, user, password string) int {
	t.Helper()
	dir := t.TempDir()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := pc.LocalAddr().(*net.UDPAddr).Port
	pc.Close()
	lan := fmt.Sprintf(`name "fwtest"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 %d
    priv_limit admin
    allowed_auths_admin none md2 md5 straight
    guid a123456789abcdefa123456789abcdef
  endlan
user 2 true "%s" "%s" admin 10 none md2 md5 straight
`, port, user, password)
	emu := "mc_setbmc 0x20\nmc_add 0x20 0x20 no-device-sdrs 0x01 0x01 0x14 0x9f 0xC1D6 0x1234\nmc_enable 0x20\n"
	for name, body := range map[string]string{"lan.conf": lan, "fw.emu": emu} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	state := filepath.Join(dir, "state")
	if err := os.Mkdir(state, 0o700); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	cmd := exec.Command(sim, "-c", filepath.Join(dir, "lan.conf"), "-f", filepath.Join(dir, "fw.emu"), "-s", state, "-n")
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("ipmi_sim output:\n%s", log.String())
		}
	})
	// Ready once the port is bound again (by ipmi_sim).
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		pc, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			return port
		}
		pc.Close()
	}
	t.Fatalf("ipmi_sim did not bind 127.0.0.1:%d:\n%s", port, log.String())
	return 0
}
