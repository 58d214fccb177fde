package netperf

import (
	"net"

	"golang.org/x/sys/unix"
)

// tcpInfo reads the kernel's retransmission count and smoothed RTT of a TCP
// connection (TCP_INFO: tcpi_total_retrans, tcpi_rtt in µs).
func tcpInfo(c net.Conn) (retransmits int64, rttNs int64, ok bool) {
	tc, isTCP := c.(*net.TCPConn)
	if !isTCP {
		return -1, -1, false
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return -1, -1, false
	}
	var info *unix.TCPInfo
	var gerr error
	if err := raw.Control(func(fd uintptr) {
		info, gerr = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
	}); err != nil || gerr != nil {
		return -1, -1, false
	}
	return int64(info.Total_retrans), int64(info.Rtt) * 1000, true
}

// haveTCPInfo says whether this platform reports retransmits.
const haveTCPInfo = true
