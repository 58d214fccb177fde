//go:build !linux

package netperf

import "net"

// tcpInfo is unavailable off Linux: retransmits and RTT are unknown.
func tcpInfo(net.Conn) (retransmits int64, rttNs int64, ok bool) { return -1, -1, false }

const haveTCPInfo = false
