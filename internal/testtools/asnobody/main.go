// Command asnobody runs a program as uid/gid 65534 (nobody). The NVMe VM
// test uses it to run hwqual unprivileged inside the guest, where it has
// no other way to drop root. Usage: asnobody PROGRAM ARGS...
package main

import (
	"fmt"
	"os"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: asnobody PROGRAM ARGS...")
		os.Exit(2)
	}
	if err := syscall.Setgroups(nil); err != nil {
		fail(err)
	}
	if err := syscall.Setgid(65534); err != nil {
		fail(err)
	}
	if err := syscall.Setuid(65534); err != nil {
		fail(err)
	}
	fail(syscall.Exec(os.Args[1], os.Args[1:], os.Environ()))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "asnobody:", err)
	os.Exit(125)
}
