// Command mkmachine writes the recorded-machine trees for machines hwqual's
// developers do not have, from the public specifications listed in
// ../README.md:
//
//	go run ./inventory/testdata/mkmachine ./inventory/testdata/machines
//
// Each tree holds exactly the /proc, /sys and /etc files the inventory reads
// on a live machine, laid out as the kernel lays them out (block devices are
// symlinks into /sys/devices, NVMe namespaces point at their controller and
// the controller at its PCI function), plus a binary SMBIOS table encoded
// per DMTF DSP0134.
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

type dimm struct {
	locator, bank, maker, part string
	sizeGiB                    int
	memType                    byte // SMBIOS memory type: 0x1a DDR4, 0x22 DDR5
	registered                 bool
	rated, configured          int
}

type nvme struct {
	pci, model, serial, fw, linkSpeed string
	sectors                           uint64
	width                             int
}

type sata struct {
	model, serial, rev string
	sectors            uint64
}

type machine struct {
	dir, hostname, kernel, osRelease, debianVersion string
	vendorID, modelName                             string
	family, model, stepping                         int
	flags                                           string
	sockets, coresPerSocket, threadsPerCore         int
	l3PerCCDKiB, coresPerCCD                        int
	baseMHz, maxMHz                                 int
	governor                                        string
	memBlockBytes                                   uint64
	dmi                                             map[string]string
	eccType                                         byte // SMBIOS array error correction
	dimms                                           []dimm
	edacControllers                                 int
	nvmes                                           []nvme
	satas                                           []sata
}

// zen4Flags is the flags line of a Ryzen 9 7950X (Linux 6.1, as printed in
// public /proc/cpuinfo dumps), trimmed of flags hwqual ignores.
const zen4Flags = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 hw_pstate ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local avx512_bf16 clzero irperf xsaveerptr rdpru wbnoinvd cppc arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif v_spec_ctrl avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid overflow_recov succor smca fsrm flush_l1d"

// zen3Flags is an EPYC 7713's flags line (Milan: no AVX-512).
const zen3Flags = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 pcid sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 invpcid_single hw_pstate ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 invpcid cqm rdt_a rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr rdpru wbnoinvd amd_ppin brs arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold v_vmsave_vmload vgif v_spec_ctrl umip pku ospke vaes vpclmulqdq rdpid overflow_recov succor smca fsrm"

var machines = []machine{
	{
		dir: "ryzen7950x", hostname: "rpc-7950x", kernel: "6.1.0-26-amd64",
		osRelease: debian12, debianVersion: "12.7",
		vendorID: "AuthenticAMD", modelName: "AMD Ryzen 9 7950X 16-Core Processor",
		family: 25, model: 97, stepping: 2, flags: zen4Flags,
		sockets: 1, coresPerSocket: 16, threadsPerCore: 2, l3PerCCDKiB: 32768, coresPerCCD: 8,
		baseMHz: 4500, maxMHz: 5700, governor: "performance", memBlockBytes: 2 << 30,
		dmi: map[string]string{
			"sys_vendor": "ASRockRack", "product_name": "B650D4U-2L2T/BCM",
			"board_vendor": "ASRockRack", "board_name": "B650D4U-2L2T/BCM",
			"bios_vendor": "American Megatrends International, LLC.", "bios_version": "10.15", "bios_date": "02/21/2024",
		},
		eccType: 6, // multi-bit ECC
		dimms: []dimm{
			{"DIMM 0", "P0 CHANNEL A", "Micron Technology", "MTC20C2085S1EC48BA1", 32, 0x22, false, 4800, 3600},
			{"DIMM 1", "P0 CHANNEL A", "Micron Technology", "MTC20C2085S1EC48BA1", 32, 0x22, false, 4800, 3600},
			{"DIMM 0", "P0 CHANNEL B", "Micron Technology", "MTC20C2085S1EC48BA1", 32, 0x22, false, 4800, 3600},
			{"DIMM 1", "P0 CHANNEL B", "Micron Technology", "MTC20C2085S1EC48BA1", 32, 0x22, false, 4800, 3600},
		},
		nvmes: []nvme{
			{"0000:00:01.2/0000:02:00.0", "Samsung SSD 990 PRO 2TB", "S73WNJ0W000001X", "4B2QJXD7", "16.0 GT/s PCIe", 3907029168, 4},
			{"0000:00:01.3/0000:03:00.0", "Samsung SSD 990 PRO 2TB", "S73WNJ0W000002X", "4B2QJXD7", "16.0 GT/s PCIe", 3907029168, 4},
		},
	},
	{
		dir: "epyc7713", hostname: "storage-epyc", kernel: "6.8.12-4-pve",
		osRelease: debian12, debianVersion: "12.7",
		vendorID: "AuthenticAMD", modelName: "AMD EPYC 7713 64-Core Processor",
		family: 25, model: 1, stepping: 1, flags: zen3Flags,
		sockets: 1, coresPerSocket: 64, threadsPerCore: 2, l3PerCCDKiB: 32768, coresPerCCD: 8,
		baseMHz: 2000, maxMHz: 3675, governor: "schedutil", memBlockBytes: 2 << 30,
		dmi: map[string]string{
			"sys_vendor": "Supermicro", "product_name": "Super Server",
			"board_vendor": "Supermicro", "board_name": "H12SSL-i",
			"bios_vendor": "American Megatrends Inc.", "bios_version": "2.8", "bios_date": "01/26/2024",
		},
		eccType:         6,
		dimms:           epycDIMMs(),
		edacControllers: 8,
		nvmes: []nvme{
			{"0000:40:01.1/0000:41:00.0", "Samsung SSD 990 PRO 4TB", "S7DPNU0X000001A", "4B2QJXD7", "16.0 GT/s PCIe", 7814037168, 4},
			{"0000:40:01.2/0000:42:00.0", "Samsung SSD 990 PRO 4TB", "S7DPNU0X000002A", "4B2QJXD7", "16.0 GT/s PCIe", 7814037168, 4},
			{"0000:40:01.3/0000:43:00.0", "Samsung SSD 990 PRO 4TB", "S7DPNU0X000003A", "4B2QJXD7", "16.0 GT/s PCIe", 7814037168, 4},
			// A drive in a slot wired at PCIe 3.0 (riser): the slowest link decides.
			{"0000:40:01.4/0000:44:00.0", "Samsung SSD 990 PRO 4TB", "S7DPNU0X000004A", "4B2QJXD7", "8.0 GT/s PCIe", 7814037168, 4},
		},
		satas: []sata{{"Samsung SSD 870", "S6PNNM0T000001", "SVT02B6Q", 976773168}},
	},
}

const debian12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`

// epycDIMMs is one 32 GB DDR4-3200 RDIMM in each of Milan's eight channels,
// locators as Supermicro H12 boards name them.
func epycDIMMs() []dimm {
	var ds []dimm
	for ch := 0; ch < 8; ch++ {
		ds = append(ds, dimm{fmt.Sprintf("DIMM%c1", 'A'+ch), fmt.Sprintf("P0_Node0_Channel%d_Dimm0", ch),
			"Samsung", "M393A4K40DB3-CWE", 32, 0x1a, true, 3200, 3200})
	}
	return ds
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mkmachine DESTDIR")
		os.Exit(2)
	}
	for _, m := range machines {
		dir := filepath.Join(os.Args[1], m.dir)
		if err := os.RemoveAll(dir); err != nil {
			fail(err)
		}
		w := writer{root: dir}
		m.write(&w)
		if w.err != nil {
			fail(w.err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mkmachine:", err)
	os.Exit(1)
}

// writer creates files and symlinks under root, keeping the first error.
type writer struct {
	root string
	err  error
}

func (w *writer) file(p string, content string) {
	if w.err != nil {
		return
	}
	full := filepath.Join(w.root, p)
	if w.err = os.MkdirAll(filepath.Dir(full), 0o755); w.err != nil {
		return
	}
	w.err = os.WriteFile(full, []byte(content), 0o644)
}

func (w *writer) link(p, target string) {
	if w.err != nil {
		return
	}
	full := filepath.Join(w.root, p)
	if w.err = os.MkdirAll(filepath.Dir(full), 0o755); w.err != nil {
		return
	}
	w.err = os.Symlink(target, full)
}

func (m machine) write(w *writer) {
	w.file("/proc/sys/kernel/hostname", m.hostname+"\n")
	w.file("/proc/sys/kernel/osrelease", m.kernel+"\n")
	w.file("/etc/os-release", m.osRelease)
	w.file("/etc/debian_version", m.debianVersion+"\n")
	w.file("/proc/self/mounts", "/dev/md0 / ext4 rw,relatime 0 0\n")
	m.writeCPU(w)
	m.writeMemory(w)
	m.writeStorage(w)
	for k, v := range m.dmi {
		w.file("/sys/class/dmi/id/"+k, v+"\n")
	}
}

func (m machine) writeCPU(w *writer) {
	cores := m.sockets * m.coresPerSocket
	logical := cores * m.threadsPerCore
	var info strings.Builder
	for cpu := 0; cpu < logical; cpu++ {
		core := cpu % cores // Linux numbers all first threads, then siblings
		pkg := core / m.coresPerSocket
		fmt.Fprintf(&info, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: %d\nmodel\t\t: %d\nmodel name\t: %s\nstepping\t: %d\n",
			cpu, m.vendorID, m.family, m.model, m.modelName, m.stepping)
		fmt.Fprintf(&info, "cpu MHz\t\t: %d.000\ncache size\t: 1024 KB\nphysical id\t: %d\nsiblings\t: %d\ncore id\t\t: %d\ncpu cores\t: %d\n",
			m.baseMHz, pkg, m.coresPerSocket*m.threadsPerCore, core%m.coresPerSocket, m.coresPerSocket)
		fmt.Fprintf(&info, "flags\t\t: %s\n\n", m.flags)

		d := fmt.Sprintf("/sys/devices/system/cpu/cpu%d", cpu)
		w.file(d+"/online", "1\n")
		w.file(d+"/topology/physical_package_id", fmt.Sprintf("%d\n", pkg))
		w.file(d+"/topology/core_id", fmt.Sprintf("%d\n", core%m.coresPerSocket))
		w.file(d+"/topology/thread_siblings_list", fmt.Sprintf("%d,%d\n", core, core+cores))
		w.file(d+"/cpufreq/cpuinfo_max_freq", fmt.Sprintf("%d\n", m.maxMHz*1000))
		w.file(d+"/cpufreq/scaling_governor", m.governor+"\n")
		w.file(d+"/acpi_cppc/nominal_freq", fmt.Sprintf("%d\n", m.baseMHz))
		ccd := core / m.coresPerCCD
		lo, hi := ccd*m.coresPerCCD, ccd*m.coresPerCCD+m.coresPerCCD-1
		w.file(d+"/cache/index3/level", "3\n")
		w.file(d+"/cache/index3/type", "Unified\n")
		w.file(d+"/cache/index3/size", fmt.Sprintf("%dK\n", m.l3PerCCDKiB))
		w.file(d+"/cache/index3/shared_cpu_list", fmt.Sprintf("%d-%d,%d-%d\n", lo, hi, lo+cores, hi+cores))
		w.file(fmt.Sprintf("/sys/devices/system/node/node0/cpu%d/online", cpu), "1\n")
	}
	w.file("/proc/cpuinfo", info.String())
	w.file("/sys/devices/system/cpu/smt/active", map[bool]string{true: "1\n", false: "0\n"}[m.threadsPerCore > 1])
	w.file("/sys/devices/system/cpu/smt/control", "on\n")
	w.file("/sys/devices/system/node/online", "0\n")
	w.file("/sys/devices/system/node/possible", "0\n")
}

func (m machine) writeMemory(w *writer) {
	var total uint64
	for _, d := range m.dimms {
		total += uint64(d.sizeGiB) << 30
	}
	// MemTotal is installed memory minus firmware and kernel reservations
	// (about 1.5 % on these boards).
	memTotalKiB := total / 1024 * 985 / 1000
	w.file("/proc/meminfo", fmt.Sprintf("MemTotal:       %d kB\nMemFree:        %d kB\nMemAvailable:   %d kB\nHugePages_Total:       0\nHugepagesize:       2048 kB\nHugetlb:               0 kB\n",
		memTotalKiB, memTotalKiB*9/10, memTotalKiB*9/10))
	w.file("/sys/devices/system/memory/block_size_bytes", fmt.Sprintf("%x\n", m.memBlockBytes))
	for i := uint64(0); i < total/m.memBlockBytes; i++ {
		w.file(fmt.Sprintf("/sys/devices/system/memory/memory%d/online", i), "1\n")
		w.file(fmt.Sprintf("/sys/devices/system/memory/memory%d/state", i), "online\n")
	}
	for i := 0; i < m.edacControllers; i++ {
		w.file(fmt.Sprintf("/sys/devices/system/edac/mc/mc%d/mc_name", i), "F19h\n")
	}
	w.file("/sys/firmware/dmi/tables/DMI", string(m.smbios()))
}

func (m machine) writeStorage(w *writer) {
	for i, n := range m.nvmes {
		pci := "/sys/devices/pci0000:" + n.pci[5:7] + "/" + n.pci
		ctrl := fmt.Sprintf("%s/nvme/nvme%d", pci, i)
		ns := fmt.Sprintf("%s/nvme%dn1", ctrl, i)
		name := fmt.Sprintf("nvme%dn1", i)
		w.link("/sys/block/"+name, "../devices/pci0000:"+n.pci[5:7]+"/"+n.pci+fmt.Sprintf("/nvme/nvme%d/%s", i, name))
		w.file(ns+"/size", fmt.Sprintf("%d\n", n.sectors))
		w.file(ns+"/dev", fmt.Sprintf("259:%d\n", i))
		w.file(ns+"/removable", "0\n")
		w.file(ns+"/queue/rotational", "0\n")
		w.file(ns+"/queue/physical_block_size", "512\n")
		w.link(ns+"/device", fmt.Sprintf("../../nvme%d", i))
		w.file(ctrl+"/model", n.model+"\n")
		w.file(ctrl+"/serial", n.serial+"\n")
		w.file(ctrl+"/firmware_rev", n.fw+"\n")
		w.link(ctrl+"/device", "../../../"+filepath.Base(n.pci))
		w.file(pci+"/current_link_speed", n.linkSpeed+"\n")
		w.file(pci+"/current_link_width", fmt.Sprintf("%d\n", n.width))
		w.file(pci+"/max_link_speed", "16.0 GT/s PCIe\n")
		w.file(pci+"/max_link_width", "4\n")
	}
	for i, s := range m.satas {
		name := fmt.Sprintf("sd%c", 'a'+i)
		dev := fmt.Sprintf("/sys/devices/pci0000:00/0000:00:08.1/0000:05:00.0/ata%d/host%d/target%d:0:0/%d:0:0:0", i+1, i, i, i)
		w.link("/sys/block/"+name, "../devices/pci0000:00/0000:00:08.1/0000:05:00.0"+strings.TrimPrefix(dev, "/sys/devices/pci0000:00/0000:00:08.1/0000:05:00.0")+"/block/"+name)
		b := dev + "/block/" + name
		w.file(b+"/size", fmt.Sprintf("%d\n", s.sectors))
		w.file(b+"/dev", fmt.Sprintf("8:%d\n", i*16))
		w.file(b+"/removable", "0\n")
		w.file(b+"/queue/rotational", "0\n")
		w.file(b+"/queue/physical_block_size", "512\n")
		w.link(b+"/device", "../../../"+fmt.Sprintf("%d:0:0:0", i))
		w.file(dev+"/model", s.model+"\n")
		w.file(dev+"/vendor", "ATA\n")
		w.file(dev+"/rev", s.rev+"\n")
		w.file(b+"/serial", s.serial+"\n")
	}
}

// smbios encodes a type 16 array and a type 17 device per DIMM (SMBIOS 3.3
// layout, 0x5C bytes), ending with type 127.
func (m machine) smbios() []byte {
	var out []byte
	le16 := binary.LittleEndian.AppendUint16
	le32 := binary.LittleEndian.AppendUint32
	// Type 16, Physical Memory Array, handle 0x1000.
	arr := []byte{16, 0x17}
	arr = le16(arr, 0x1000)
	arr = append(arr, 0x03, 0x03, m.eccType)
	arr = le32(arr, 0x80000000) // max capacity: see extended
	arr = le16(arr, 0xfffe)
	arr = le16(arr, uint16(len(m.dimms)))
	arr = binary.LittleEndian.AppendUint64(arr, 1<<41)
	out = append(append(out, arr...), 0, 0)
	for i, d := range m.dimms {
		s := make([]byte, 0x5c)
		s[0], s[1] = 17, 0x5c
		binary.LittleEndian.PutUint16(s[2:], uint16(0x1100+i))
		binary.LittleEndian.PutUint16(s[0x04:], 0x1000)
		binary.LittleEndian.PutUint16(s[0x06:], 0xfffe)
		tw := uint16(72)
		if m.eccType == 3 {
			tw = 64
		}
		binary.LittleEndian.PutUint16(s[0x08:], tw)
		binary.LittleEndian.PutUint16(s[0x0a:], 64)
		// 32 GiB and more do not fit the size word: 0x7FFF points to the
		// extended size in MiB, as BIOSes write it.
		binary.LittleEndian.PutUint16(s[0x0c:], 0x7fff)
		binary.LittleEndian.PutUint32(s[0x1c:], uint32(d.sizeGiB*1024))
		s[0x0e] = 0x09 // DIMM
		s[0x10], s[0x11] = 1, 2
		s[0x12] = d.memType
		detail := uint16(1 << 7) // synchronous
		if d.registered {
			detail |= 1 << 13
		} else {
			detail |= 1 << 14
		}
		binary.LittleEndian.PutUint16(s[0x13:], detail)
		binary.LittleEndian.PutUint16(s[0x15:], uint16(d.rated))
		s[0x17], s[0x18], s[0x19], s[0x1a] = 3, 4, 0, 5
		s[0x1b] = 2 // rank 2
		binary.LittleEndian.PutUint16(s[0x20:], uint16(d.configured))
		strs := []string{d.locator, d.bank, d.maker, fmt.Sprintf("%08X", 0x10000+i), d.part}
		out = append(out, s...)
		for _, str := range strs {
			out = append(append(out, str...), 0)
		}
		out = append(out, 0)
	}
	end := []byte{127, 4}
	end = le16(end, 0xfeff)
	return append(append(out, end...), 0, 0)
}
