#!/bin/bash
# capture-ftrace.sh: record the page allocator's kmem events on a real Linux kernel, for
# `pagecheck conform`.
#
# Boots a stock Debian kernel (a linux-image-*-cloud-amd64 package, fetched with
# `apt-get download`) under qemu-system-x86_64 with a busybox initramfs, turns on the kmem page
# events, runs a workload, and writes, per run, into OUTDIR/<run>/:
#
#   trace.txt.xz               the ftrace `trace` file (xz)
#   before.* after.*           /proc/{buddyinfo,pagetypeinfo,zoneinfo,vmstat,meminfo}
#   format.<event>.txt         events/kmem/<event>/format of that kernel
#   stats.cpuN.txt             per-CPU ring buffer statistics (dropped events, overruns)
#   info.txt                   kernel package and version, QEMU settings, trace options
#   workload.log, dmesg.txt, console.log
#
# Then check a run with:  npx pagecheck conform OUTDIR/<run>
#
# Runs (-r, repeatable; default: normal):
#   normal   file churn on tmpfs, forks, anonymous and tmpfs transparent huge pages, compaction,
#            then offline and online the last memory block (remote PCP drains, isolated pageblocks)
#   lowmem   a small guest filled with tmpfs pages, holes punched, slab pressure, compaction
#   boot     events enabled on the kernel command line; tracing stops when /init starts
#
# Options:
#   -o OUTDIR     output directory (default ./ftrace-capture)
#   -r RUN        a run to capture (see above); may be repeated
#   -k PACKAGE    kernel image package (default: what linux-image-cloud-amd64 depends on)
#   -c CPUS       guest CPUs (default 2)
#   -a ACCEL      tcg or kvm (default tcg: software emulation, works everywhere, 1-3 minutes a run)
#   -w DIR        scratch directory (default /tmp/pagecheck-capture)
#
# Needs: root for apt-get when qemu-system-x86, busybox-static, cpio or xz-utils are missing;
# only Debian packages are downloaded.
set -euo pipefail

OUT=$PWD/ftrace-capture
RUNS=()
PKG=
CPUS=2
ACCEL=tcg
WORK=/tmp/pagecheck-capture
while getopts "o:r:k:c:a:w:h" opt; do
  case $opt in
    o) OUT=$OPTARG ;;
    r) RUNS+=("$OPTARG") ;;
    k) PKG=$OPTARG ;;
    c) CPUS=$OPTARG ;;
    a) ACCEL=$OPTARG ;;
    w) WORK=$OPTARG ;;
    h) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//;/^set -e/d'; exit 0 ;;
    *) echo "capture-ftrace.sh: unknown option (see -h)" >&2; exit 2 ;;
  esac
done
[ ${#RUNS[@]} -gt 0 ] || RUNS=(normal)
for r in "${RUNS[@]}"; do
  case $r in normal | lowmem | boot) ;; *) echo "capture-ftrace.sh: -r must be normal, lowmem or boot, got '$r'" >&2; exit 2 ;; esac
done
case $ACCEL in tcg | kvm) ;; *) echo "capture-ftrace.sh: -a must be tcg or kvm, got '$ACCEL'" >&2; exit 2 ;; esac
[[ $CPUS =~ ^[1-9][0-9]*$ ]] || { echo "capture-ftrace.sh: -c must be a positive number of CPUs, got '$CPUS'" >&2; exit 2; }

say() { printf '[capture] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
mkdir -p "$OUT" "$WORK"
OUT=$(cd "$OUT" && pwd)

EVENTS="mm_page_alloc mm_page_alloc_zone_locked mm_page_free mm_page_free_batched mm_page_pcpu_drain mm_page_alloc_extfrag"

# ------------------------------------------------------------------ host tools (Debian packages)
missing=()
for p in qemu-system-x86 busybox-static cpio xz-utils; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "install ${missing[*]} first (apt-get needs root)"
  say "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ------------------------------------------------------------------ the kernel
if [ -z "$PKG" ]; then
  PKG=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -1)
  [ -n "$PKG" ] || die "cannot find the package linux-image-cloud-amd64 depends on; give one with -k"
fi
KDIR=$WORK/$PKG
if [ ! -d "$KDIR/boot" ]; then
  say "apt-get download $PKG"
  rm -rf "$KDIR" && mkdir -p "$KDIR"
  (cd "$WORK" && apt-get download "$PKG" >/dev/null 2>&1) || die "apt-get download $PKG failed"
  DEB=$(ls -t "$WORK"/"${PKG}"_*.deb | head -1)
  dpkg-deb -x "$DEB" "$KDIR"
  dpkg-deb -f "$DEB" Version > "$KDIR/package-version"
fi
KVER=$(ls "$KDIR/lib/modules" | head -1)
VMLINUZ=$KDIR/boot/vmlinuz-$KVER
for o in CONFIG_TRACEPOINTS CONFIG_EVENT_TRACING CONFIG_BLK_DEV_INITRD CONFIG_DEVTMPFS; do
  grep -q "^$o=y" "$KDIR/boot/config-$KVER" || die "$PKG lacks $o=y"
done
say "kernel $PKG $(cat "$KDIR/package-version") ($KVER)"

# ------------------------------------------------------------------ initramfs
ROOT=$WORK/root
rm -rf "$ROOT" && mkdir -p "$ROOT"/{bin,dev,proc,sys,tmp,mnt,out,modules}
cp /bin/busybox "$ROOT/bin/busybox"
MODS="virtio/virtio virtio/virtio_ring virtio/virtio_pci_modern_dev virtio/virtio_pci_legacy_dev virtio/virtio_pci block/virtio_blk"
for m in $MODS; do
  f=$KDIR/lib/modules/$KVER/kernel/drivers/$m.ko
  [ -f "$f" ] && cp "$f" "$ROOT/modules/"
done

cat > "$ROOT/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t tracefs tracefs /sys/kernel/tracing
mkdir -p /dev/shm && mount -t tmpfs -o size=90% shm /dev/shm
T=/sys/kernel/tracing
RUN=normal; BUF=16384; EVENTS=
for a in $(cat /proc/cmdline); do
  case $a in pc.run=*) RUN=${a#pc.run=} ;; pc.buf=*) BUF=${a#pc.buf=} ;; pc.events=*) EVENTS=$(echo ${a#pc.events=} | tr , ' ') ;; esac
done
[ "$RUN" = boot ] && echo 0 > $T/tracing_on
echo -1000 > /proc/self/oom_score_adj
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk; do
  [ -f /modules/$m.ko ] && insmod /modules/$m.ko 2>/dev/null
done
n=0; while [ ! -b /dev/vdb ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n+1)); done
[ -b /dev/vdb ] || { echo "PAGECHECK-CAPTURE-FAILED: no virtio disks"; poweroff -f; }
proc_snapshot() { for f in buddyinfo pagetypeinfo zoneinfo vmstat meminfo; do cat /proc/$f > /out/$1.$f.txt 2>&1; done; }
if [ "$RUN" != boot ]; then
  echo always > /sys/kernel/mm/transparent_hugepage/enabled
  echo 0 > $T/tracing_on
  echo > $T/set_event
  echo $BUF > $T/buffer_size_kb
  echo 0 > $T/options/overwrite
  for e in $EVENTS; do [ -d $T/events/kmem/$e ] && echo 1 > $T/events/kmem/$e/enable; done
  echo > $T/trace
  sync; echo 3 > /proc/sys/vm/drop_caches
  proc_snapshot before
  echo 1 > $T/tracing_on
  sh /workload.sh $RUN > /out/workload.log 2>&1
  echo 0 > $T/tracing_on
fi
proc_snapshot after
{
  echo "run=$RUN"
  echo "uname=$(uname -a)"
  echo "cmdline=$(cat /proc/cmdline)"
  echo "cpus_online=$(cat /sys/devices/system/cpu/online)"
  echo "trace_clock=$(cat $T/trace_clock)"
  echo "buffer_size_kb=$(cat $T/buffer_size_kb)"
  echo "thp_enabled=$(cat /sys/kernel/mm/transparent_hugepage/enabled)"
  echo "percpu_pagelist_high_fraction=$(cat /proc/sys/vm/percpu_pagelist_high_fraction)"
  echo "min_free_kbytes=$(cat /proc/sys/vm/min_free_kbytes)"
  echo -n "enabled_events="; for e in $T/events/kmem/mm_page*; do [ "$(cat $e/enable)" = 1 ] && echo -n "$(basename $e) "; done; echo
} > /out/info.txt
for c in $T/per_cpu/cpu*; do cat $c/stats > /out/stats.$(basename $c).txt; done
for e in $T/events/kmem/mm_page*; do cat $e/format > /out/format.$(basename $e).txt; done
dmesg > /out/dmesg.txt
# The trace goes raw onto its own disk (it may not fit in a small guest's RAM); its size goes into the tar.
cat $T/trace | tee /dev/vdb | wc -c > /out/trace.bytes
tar -cf /dev/vda -C /out .
sync
echo "PAGECHECK-CAPTURE-DONE"
poweroff -f
INIT
chmod +x "$ROOT/init"

cat > "$ROOT/workload.sh" <<'WORKLOAD'
# The workload, run with tracing on; $1 is the run.
mark() { echo "$(cut -d' ' -f1 /proc/uptime) $*"; }
files() { # $1 directory, $2 count: small files of growing size, then removed
  mkdir -p $1; i=0
  while [ $i -lt $2 ]; do
    head -c $((i * 37 % 20000 + 1)) /dev/zero > $1/s$i
    [ $((i % 4)) = 0 ] && dd if=/dev/zero of=$1/b$i bs=4096 count=$((i % 13 + 1)) 2>/dev/null
    i=$((i + 1))
  done
  rm -rf $1
}
spawn() { i=0; while [ $i -lt $1 ]; do (true); /bin/true; i=$((i + 1)); done; }
huge_tmpfs() { mkdir -p /mnt/huge; mount -t tmpfs -o huge=always,size=$1m huge /mnt/huge; dd if=/dev/zero of=/mnt/huge/f bs=1M count=$2 2>&1; rm /mnt/huge/f; umount /mnt/huge; }
case $1 in
normal)
  echo madvise > /sys/kernel/mm/transparent_hugepage/defrag
  mark "tmpfs file churn and forks on every CPU"
  files /dev/shm/one 350 & files /tmp/two 250 & spawn 250; wait
  mark "a 48 MiB tmpfs file"
  dd if=/dev/zero of=/dev/shm/large bs=1M count=48 2>&1; rm /dev/shm/large
  mark "anonymous buffers large enough for THP"
  dd if=/dev/zero of=/dev/null bs=12M count=4 2>&1 & dd if=/dev/zero of=/dev/null bs=6M count=4 2>&1; wait
  mark "huge=always tmpfs"
  huge_tmpfs 48 20
  mark "directories (dentries and inodes)"
  mkdir -p /dev/shm/d; i=0; while [ $i -lt 250 ]; do mkdir /dev/shm/d/$i; i=$((i + 1)); done; rm -rf /dev/shm/d
  mark "drop caches, compact"
  sync; echo 3 > /proc/sys/vm/drop_caches; echo 1 > /proc/sys/vm/compact_memory
  mark "pipelines and forks"
  (i=0; while [ $i -lt 80 ]; do seq 1 300 | sort -rn | wc -l > /dev/null; i=$((i + 1)); done) & spawn 150; wait
  # Offlining memory runs zone_pcp_disable() (drain_all_pages of every CPU's lists, from this CPU)
  # and isolates pageblocks (MIGRATE_ISOLATE): check such a run with --isolation. The last block
  # may be partly absent (refused), so try from the top down and stop at the first that goes.
  for n in $(ls -d /sys/devices/system/memory/memory[0-9]* 2>/dev/null | sed 's/.*memory//' | sort -rn); do
    b=/sys/devices/system/memory/memory$n
    [ "$(cat $b/state)" = online ] && [ "$(cat $b/removable 2>/dev/null || echo 1)" = 1 ] || continue
    mark "offline $(basename $b)"
    if echo offline > $b/state 2>/dev/null; then
      mark "online $(basename $b)"; echo online > $b/state; break
    fi
  done
  ;;
lowmem)
  echo always > /sys/kernel/mm/transparent_hugepage/defrag
  avail=$(awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo)
  mark "fill tmpfs towards 70% of MemAvailable (${avail} MiB)"
  mkdir -p /dev/shm/fill; n=0
  while [ $n -lt $((avail * 70 / 100 * 16)) ]; do
    dd if=/dev/zero of=/dev/shm/fill/$n bs=4096 count=16 2>/dev/null
    n=$((n + 1))
    [ $((n % 128)) = 0 ] && [ "$(awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo)" -lt 20 ] && break
  done
  mark "filled $n files; punch holes"
  k=0; while [ $k -lt $n ]; do rm -f /dev/shm/fill/$k; k=$((k + 2)); done
  mark "slab pressure"
  mkdir -p /dev/shm/d; k=0; while [ $k -lt 1200 ]; do mkdir /dev/shm/d/$k; k=$((k + 1)); done
  mark "THP under pressure"
  dd if=/dev/zero of=/dev/null bs=8M count=2 2>&1
  huge_tmpfs 16 8
  mark "compact, drop caches, forks"
  echo 1 > /proc/sys/vm/compact_memory; sync; echo 3 > /proc/sys/vm/drop_caches
  spawn 120 & files /tmp/c 150; wait
  rm -rf /dev/shm/fill /dev/shm/d
  ;;
esac
mark "done"
WORKLOAD

(cd "$ROOT" && find . | cpio -o -H newc --quiet | gzip -6) > "$WORK/initramfs.gz"

# ------------------------------------------------------------------ runs
if [ "$ACCEL" = kvm ]; then CPU=host; TIMEOUT=900; else CPU=max; TIMEOUT=3600; fi
for run in "${RUNS[@]}"; do
  case $run in
    normal) MEM=512M; BUF=65536; EXTRA= ;;
    lowmem) MEM=160M; BUF=12288; EXTRA= ;;
    boot)   MEM=512M; BUF=65536; EXTRA="trace_event=$(for e in $EVENTS; do printf 'kmem:%s,' $e; done | sed 's/,$//') trace_buf_size=64M trace_options=nooverwrite" ;;
  esac
  R=$WORK/$run; rm -rf "$R"; mkdir -p "$R"
  truncate -s 64M "$R/meta.img"; truncate -s 2G "$R/trace.img"
  APPEND="console=ttyS0 panic=-1 nokaslr trace_clock=global pc.run=$run pc.buf=$BUF pc.events=$(echo $EVENTS | tr ' ' ,)${EXTRA:+ $EXTRA}"
  say "run $run: $CPUS CPUs, $MEM, accel $ACCEL"
  timeout $TIMEOUT qemu-system-x86_64 -accel "$ACCEL" -cpu $CPU -machine q35 -smp "$CPUS" -m $MEM -no-reboot \
    -display none -monitor none -serial file:"$R/console.log" \
    -kernel "$VMLINUZ" -initrd "$WORK/initramfs.gz" -append "$APPEND" \
    -drive file="$R/meta.img",if=virtio,format=raw,cache=unsafe \
    -drive file="$R/trace.img",if=virtio,format=raw,cache=unsafe > "$R/qemu.log" 2>&1 || true
  grep -q PAGECHECK-CAPTURE-DONE "$R/console.log" || { tail -20 "$R/console.log" >&2; die "run $run did not finish; see $R/console.log"; }
  D=$OUT/$run; rm -rf "$D"; mkdir -p "$D"
  tar -xf "$R/meta.img" -C "$D"
  head -c "$(cat "$D/trace.bytes")" "$R/trace.img" | xz -T0 -6 > "$D/trace.txt.xz"
  rm -f "$D/trace.bytes" "$R"/*.img
  cp "$R/console.log" "$D/"
  echo "package=$PKG version=$(cat "$KDIR/package-version") kernel=$KVER accel=$ACCEL cpus=$CPUS mem=$MEM append=$APPEND" >> "$D/info.txt"
  say "run $run: $(xz -dc "$D/trace.txt.xz" | grep -vc '^#') events in $D"
done
say "done; check a run with: npx pagecheck conform $OUT/${RUNS[0]}"
