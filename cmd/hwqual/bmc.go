package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hwqual/hwqual/firmware/bmc"
	"github.com/hwqual/hwqual/firmware/bmc/client"
	"github.com/hwqual/hwqual/internal/schema"
	"github.com/hwqual/hwqual/reports/render"
)

// bmcPasswordEnv is read when no --password-file is given; a password
// flag would show in `ps` and shell history.
const bmcPasswordEnv = "HWQUAL_BMC_PASSWORD"

// bmcConnFlags are how both BMC commands reach the BMC.
type bmcConnFlags struct {
	host, user, passwordFile, caFile string
	insecure                         bool
	timeout                          time.Duration
}

func addBMCConnFlags(cmd *cobra.Command, f *bmcConnFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.host, "host", "", "BMC `ADDRESS`: name or IP, optionally :port or an https:// URL")
	fl.StringVar(&f.user, "user", "admin", "BMC user `NAME`")
	fl.StringVar(&f.passwordFile, "password-file", "", "read the BMC password from `FILE` (else $"+bmcPasswordEnv+")")
	fl.StringVar(&f.caFile, "ca-file", "", "verify the BMC's TLS certificate with the CA certificates in PEM `FILE`")
	fl.BoolVar(&f.insecure, "insecure", false, "do not verify the BMC's TLS certificate (self-signed BMCs on a trusted network)")
	fl.DurationVar(&f.timeout, "timeout", 30*time.Second, "limit for connecting to and each answer from the BMC")
}

// options validates the flags and reads the password.
func (f bmcConnFlags) options() (client.Options, error) {
	o := client.Options{Host: f.host, User: f.user, CAFile: f.caFile, Insecure: f.insecure, Timeout: f.timeout}
	if strings.TrimSpace(f.host) == "" {
		return o, usageErr("--host: required")
	}
	if f.insecure && f.caFile != "" {
		return o, usageErr("--ca-file and --insecure exclude each other")
	}
	if f.timeout <= 0 {
		return o, usageErr("--timeout %s: must be positive", f.timeout)
	}
	if f.caFile != "" {
		if _, err := os.Stat(f.caFile); err != nil {
			return o, usageErr("--ca-file: %w", err)
		}
	}
	switch {
	case f.passwordFile != "":
		data, err := os.ReadFile(f.passwordFile)
		if err != nil {
			return o, usageErr("--password-file: %w", err)
		}
		o.Password = strings.TrimRight(string(data), "\r\n")
		if o.Password == "" {
			return o, usageErr("--password-file %s: empty", f.passwordFile)
		}
	case os.Getenv(bmcPasswordEnv) != "":
		o.Password = os.Getenv(bmcPasswordEnv)
	default:
		return o, usageErr("no BMC password: give --password-file FILE or set %s", bmcPasswordEnv)
	}
	return o, nil
}

func newBMCCmd() *cobra.Command {
	var conn bmcConnFlags
	var useIPMI bool
	var out docOutputs
	var minBMC, minBIOS string
	var ipmiPort int
	cmd := &cobra.Command{
		Use:   "bmc",
		Short: "Read BMC and BIOS firmware versions over Redfish (IPMI as fallback)",
		Long: `Read the BMC's firmware version, the BIOS version, the whole firmware inventory
and, on AMI MegaRAC (ASRock Rack), both BMC flash images' versions over Redfish.
When no Redfish service answers, or with --ipmi, read IPMI "mc info" over lanplus.
With --min-bmc / --min-bios it is a check: exit 1 when a version is older than the
minimum or cannot be read; exit 2 when the BMC cannot be reached or refuses the login.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.validate(conn.passwordFile, conn.caFile); err != nil {
				return err
			}
			o, err := conn.options()
			if err != nil {
				return err
			}
			if ipmiPort < 1 || ipmiPort > 65535 {
				return usageErr("--ipmi-port %d: must be 1-65535", ipmiPort)
			}
			o.IPMIPort = ipmiPort
			info, err := client.Read(cmd.Context(), o, useIPMI)
			if err != nil {
				return &exitError{code: exitUsage, err: fmt.Errorf("bmc: %w", err)}
			}
			rep := bmc.NewReport(info, minBMC, minBIOS)
			stdout := cmd.OutOrStdout()
			// A document on stdout replaces the text, as it always has.
			if !out.toStdout() {
				if err := render.Table(rep)(stdout); err != nil {
					return err
				}
			}
			if err := writeDocs(out, stdout, rep); err != nil {
				return err
			}
			if !rep.Pass {
				return &exitError{code: exitFail, err: errSilent}
			}
			return nil
		},
	}
	addBMCConnFlags(cmd, &conn)
	f := cmd.Flags()
	f.BoolVar(&useIPMI, "ipmi", false, "read over IPMI lanplus (cipher suite 3) instead of Redfish; a :port in --host is then the IPMI port (default 623)")
	f.IntVar(&ipmiPort, "ipmi-port", client.IPMIDefaultPort, "IPMI `PORT` when --host names none (and for the fallback from Redfish)")
	f.StringVar(&minBMC, "min-bmc", "", "fail (exit 1) when the BMC firmware is older than `VERSION`")
	f.StringVar(&minBIOS, "min-bios", "", "fail (exit 1) when the BIOS is older than `VERSION` (Redfish only)")
	addOutputFlags(cmd, &out, "BMC report", schema.BMCCheck)
	return cmd
}

func newBMCUpdateCmd() *cobra.Command {
	var conn bmcConnFlags
	var image string
	var preserve, yes bool
	var apply client.ApplyOptions
	cmd := &cobra.Command{
		Use:   "bmc-update",
		Short: "Flash a BMC firmware image over Redfish (prints the plan unless --yes)",
		Long: `Flash a BMC firmware image (.ima) over Redfish. Without --yes it only prints the
plan: current versions, the image's size and SHA-256, the endpoint it would use
(MultipartHttpPushUri, else HttpPushUri), whether settings are preserved. It sends
nothing that changes the BMC. With --yes it sets AMI PreserveConfiguration when
--preserve-config is given, uploads the image, follows the update task, waits for
the BMC to come back and prints the version before and after.
The BMC's other services (web UI, KVM, IPMI) stop while it flashes and it reboots.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if image == "" {
				return usageErr("--image: required")
			}
			if apply.PollEvery <= 0 || apply.RebootWait <= 0 {
				return usageErr("--poll-interval and --reboot-wait must be positive")
			}
			o, err := conn.options()
			if err != nil {
				return err
			}
			stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
			up, err := client.NewUpdater(cmd.Context(), o, image, preserve)
			if err != nil {
				if errors.Is(err, client.ErrImage) {
					return usageErr("--image: %w", err)
				}
				return &exitError{code: exitUsage, err: fmt.Errorf("bmc-update: %w", err)}
			}
			defer up.Close()
			if err := render.Table(&up.Plan)(stdout); err != nil {
				return err
			}
			if !yes {
				fmt.Fprintln(stdout, "Plan only: nothing was sent to the BMC. Run again with --yes to flash.")
				return nil
			}
			if up.Plan.Method == bmc.UpdateSimpleUpdate {
				return usageErr("bmc-update: the BMC offers only SimpleUpdate (it downloads from a URL); hwqual uploads images and cannot use it")
			}
			apply.Progress = func(line string) { fmt.Fprintln(stderr, "hwqual: bmc-update:", line) }
			res, err := up.Apply(cmd.Context(), apply)
			if res != nil {
				if werr := render.Table(res)(stdout); werr != nil {
					return werr
				}
			}
			if err != nil {
				return &exitError{code: exitFail, err: fmt.Errorf("bmc-update: %w", err)}
			}
			return nil
		},
	}
	addBMCConnFlags(cmd, &conn)
	f := cmd.Flags()
	f.StringVar(&image, "image", "", "BMC firmware image `FILE` (.ima)")
	f.BoolVar(&preserve, "preserve-config", false, "keep the BMC's settings (sets AMI PreserveConfiguration before the upload)")
	f.BoolVar(&yes, "yes", false, "really flash; without it only the plan is printed")
	f.DurationVar(&apply.PollEvery, "poll-interval", 5*time.Second, "pause between polls of the update task")
	f.DurationVar(&apply.RebootWait, "reboot-wait", 10*time.Minute, "how long to wait for the BMC to come back with the new version")
	return cmd
}
