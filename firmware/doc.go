// Package firmware holds hwqual's NVMe and BMC firmware helpers: reading
// drive and BMC firmware versions and health, checking them against known
// advisories, and automating the manual update steps operators follow.
package firmware
