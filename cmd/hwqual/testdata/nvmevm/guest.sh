#!/bin/sh
# Runs inside test/nvmevm/run as /hwqual (busybox sh); the
# binary under test and these files are at /data. Each step is framed by
# "=== STEP name" and "=== RC name code" for nvmevm_test.go to check.
H=/data/hwqual
step() { name=$1; shift; echo "=== STEP $name (uptime $(cut -d" " -f1 /proc/uptime)s)"; "$@" 2>&1; echo "=== RC $name $?"; }

# The qualification as operators run it, on ext4 on the emulated NVMe, with
# the least sampling (the CPU rows are slow under software emulation).
step validator $H --profile validator --dir /mnt/nvme --duration 300ms --samples 1
# Every direct-I/O metric and the latency histogram.
step direct $H --profile /data/direct.yaml --dir /mnt/nvme --duration 300ms
# The quick sustained write needs 4 GiB + a 2 GiB floor: more than this
# 5 GiB namespace holds, so the run must be refused with exit 2.
step floor $H --profile /data/sustained.yaml --dir /mnt/nvme
# --full writes this profile's 256 MiB proof volume and samples the drive's
# temperature from the kernel's NVMe hwmon (QEMU reports 49.85 °C, warning
# threshold 69.85 °C) at every interval.
step temperature $H --profile /data/sustained-temp.yaml --dir /mnt/nvme --full

# tmpfs on this 6.1 guest kernel refuses O_DIRECT with EINVAL. The recorded
# root says /odirect is ext4 on a disk (as a FUSE or network mount would
# look), so the refusal reaches the O_DIRECT probe instead of the RAM check.
mkdir -p /odirect && mount -t tmpfs -o size=8g tmpfs /odirect
step refused $H --root /data/fakeroot --profile /data/seqwrite.yaml --dir /odirect --duration 300ms
step buffered $H --root /data/fakeroot --profile /data/seqwrite.yaml --dir /odirect --duration 300ms --allow-buffered

echo "=== LEFT $(ls -a /mnt/nvme /odirect | grep -c '^\.hwqual-')"
