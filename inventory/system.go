package inventory

import (
	"context"
	"os"
	"strings"

	"github.com/jaypipes/ghw"
	"github.com/shirou/gopsutil/v4/common"
	"github.com/shirou/gopsutil/v4/host"
)

// System identifies the machine: board, firmware, kernel, distribution and
// whether it runs virtualized.
type System struct {
	Hostname      string         `json:"hostname"`
	Vendor        string         `json:"vendor"`
	Product       string         `json:"product"`
	BoardVendor   string         `json:"board_vendor"`
	BoardModel    string         `json:"board_model"`
	BIOSVersion   string         `json:"bios_version"`
	BIOSDate      string         `json:"bios_date"`
	KernelVersion string         `json:"kernel_version"`
	Distribution  string         `json:"distribution"`
	Virtual       Virtualization `json:"virtualization"`
}

func (g *gatherer) system(hypervisorFlag bool) System {
	var s System
	s.Hostname, _ = g.readNote("/proc/sys/kernel/hostname", "host name")
	s.KernelVersion, _ = g.readNote("/proc/sys/kernel/osrelease", "kernel version")
	opts := g.ghwOpts()
	if bb, err := ghw.Baseboard(opts...); err == nil {
		s.BoardVendor, s.BoardModel = known(bb.Vendor), known(bb.Product)
	}
	if b, err := ghw.BIOS(opts...); err == nil {
		s.BIOSVersion, s.BIOSDate = known(b.Version), known(b.Date)
	}
	if p, err := ghw.Product(opts...); err == nil {
		s.Vendor, s.Product = known(p.Vendor), known(p.Name)
	}
	if s.BoardModel == "" && s.Product == "" {
		g.notef("board and product unknown: no /sys/class/dmi/id (no SMBIOS, e.g. a microVM)")
	}
	platform, _, version, err := host.PlatformInformationWithContext(g.envContext())
	if err == nil && platform != "" {
		s.Distribution = strings.TrimSpace(platform + " " + version)
	} else {
		g.notef("distribution unknown: no os-release under %s", g.path("/etc"))
	}
	s.Virtual = g.virtualization(hypervisorFlag, s.Vendor, s.Product)
	return s
}

// envContext points gopsutil's /proc, /sys, /etc and /run at the root.
func (g *gatherer) envContext() context.Context {
	return context.WithValue(g.ctx, common.EnvKey, common.EnvMap{
		common.HostProcEnvKey: g.path("/proc"),
		common.HostSysEnvKey:  g.path("/sys"),
		common.HostEtcEnvKey:  g.path("/etc"),
		common.HostRunEnvKey:  g.path("/run"),
		common.HostVarEnvKey:  g.path("/var"),
		common.HostDevEnvKey:  g.path("/dev"),
		common.HostRootEnvKey: g.root,
	})
}

// Virtualization says whether the machine is a VM or a container and which.
type Virtualization struct {
	VM bool `json:"vm"`
	// Hypervisor names the VM's hypervisor when the machine reveals it
	// (kvm, qemu, vmware, hyperv, xen, ...), "unknown" when only the CPU's
	// hypervisor flag says it is a guest.
	Hypervisor string `json:"hypervisor,omitempty"`
	Container  string `json:"container,omitempty"`
}

// Virtualized is true for a VM or a container.
func (v Virtualization) Virtualized() bool { return v.VM || v.Container != "" }

// dmiHypervisors maps words in the DMI system vendor/product to the
// hypervisor that sets them.
var dmiHypervisors = []struct{ word, name string }{
	{"qemu", "qemu"}, {"kvm", "kvm"}, {"vmware", "vmware"}, {"virtualbox", "virtualbox"},
	{"microsoft corporation virtual", "hyperv"}, {"xen", "xen"}, {"amazon ec2", "aws-nitro"},
	{"google compute engine", "gce"}, {"openstack", "openstack"}, {"bochs", "bochs"},
	{"cloud hypervisor", "cloud-hypervisor"}, {"firecracker", "firecracker"},
}

// virtualization combines the CPU's hypervisor flag (set by every x86
// hypervisor), DMI names, /sys/hypervisor and container markers. The root
// is the machine's view, so it works on recorded trees as well.
func (g *gatherer) virtualization(hypervisorFlag bool, vendor, product string) Virtualization {
	var v Virtualization
	ident := strings.ToLower(vendor + " " + product)
	for _, h := range dmiHypervisors {
		if strings.Contains(ident, h.word) {
			v.VM, v.Hypervisor = true, h.name
			break
		}
	}
	if t, ok := g.read("/sys/hypervisor/type"); ok && t != "" && !v.VM {
		v.VM, v.Hypervisor = true, t
	}
	if hypervisorFlag && !v.VM {
		v.VM, v.Hypervisor = true, "unknown"
	}
	v.Container = g.container()
	return v
}

// container recognises the markers container runtimes leave.
func (g *gatherer) container() string {
	switch {
	case g.exists("/.dockerenv"):
		return "docker"
	case g.exists("/run/.containerenv"):
		return "podman"
	}
	if env, ok := g.read("/proc/1/environ"); ok {
		for _, kv := range strings.Split(env, "\x00") {
			if c, ok := strings.CutPrefix(kv, "container="); ok && c != "" {
				return c
			}
		}
	}
	if cg, ok := g.read("/proc/1/cgroup"); ok {
		for _, w := range []string{"docker", "lxc", "kubepods", "libpod"} {
			if strings.Contains(cg, w) {
				return w
			}
		}
	}
	return ""
}

func (g *gatherer) exists(p string) bool {
	_, err := os.Lstat(g.path(p))
	return err == nil
}
