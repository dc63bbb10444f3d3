#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: busybox-static and makedumpfile (with its
# libraries) from Debian ppc64el packages, the lab's init, labtool and the
# fadump kselftests, all statically cross-compiled.
# Output: build/initramfs.cpio.gz
. "$(dirname "$0")/lib.sh"

"$LAB_REPO/lab/toolbox.sh" || exit 2
GR=$LAB_CACHE/guest-root
# Guest packages, all from one suite: the first of GSUITES whose ppc64el
# builds the archive really serves (an index can list a point release
# whose ppc64el files the pool this machine reaches lacks). Versions come
# from the toolbox's apt index, which lab/toolbox.sh --refresh updates, so
# the guest moves with the archive as the base does.
GPKGS="busybox-static makedumpfile libc6 libbz2-1.0 libdw1t64 libelf1t64 liblzo2-2 libzstd1 zlib1g liblzma5"
GSUITES=${LAB_GUEST_SUITES:-trixie sid}

# guest_versions SUITE: "pkg=version" lines as SUITE's index lists them
guest_versions() {
	local p v
	for p in $GPKGS; do
		v=$(chroot "$LAB_TOOLBOX" apt-cache madison "$p:ppc64el" |
			awk -F' *[|] *' -v s=" $1/main " 'index($3 " ", s) { print $2; exit }')
		[ -n "$v" ] || { echo "$p is not in $1's ppc64el index" >&2; return 1; }
		echo "$p=$v"
	done
}
# guest_fetch SUITE VERSIONS: download and unpack into $GR.tmp
guest_fetch() {
	local dl=$LAB_CACHE/guest-debs d
	rm -rf "$dl" "$GR.tmp"; mkdir -p "$dl" "$GR.tmp"
	# shellcheck disable=SC2086
	tb sh -c 'cd "$0" && exec apt-get download -q "$@"' "$dl" \
		$(echo "$2" | sed 's/=/:ppc64el=/') > "$LAB_CACHE/guest-download.log" 2>&1 || return 1
	for d in "$dl"/*.deb; do
		tb dpkg-deb -x "$d" "$GR.tmp" || return 1
	done
	rm -rf "$dl"
}
exec 8>"$LAB_CACHE/.guest.lock"
flock 8
# The index needs ppc64el: a toolbox that was never refreshed has none.
chroot "$LAB_TOOLBOX" apt-cache madison busybox-static:ppc64el 2>/dev/null | grep -q . ||
	bash "$LAB_REPO/lab/toolbox.sh" --refresh >&2 || exit 2
have=$(cat "$GR/.lab-pkgs" 2>/dev/null)
got= why=
for suite in $GSUITES; do
	want=$(guest_versions "$suite" 2>&1) || { why="$why; $want"; continue; }
	want="suite=$suite $(echo "$want" | tr '\n' ' ')"
	[ "$want" = "$have" ] && { got=$suite; break; }
	if grep -qxF "$want" "$LAB_CACHE/guest-unservable" 2>/dev/null; then
		why="$why; $suite's ppc64el packages are not served (found before)"
		continue
	fi
	lab_say "guest packages: fetching Debian $suite's ppc64el builds"
	if ! guest_fetch "$suite" "$(echo "${want#suite=* }" | tr ' ' '\n' | grep .)"; then
		miss=$(grep -o 'Failed to fetch [^ ]*/[^/ ]*' "$LAB_CACHE/guest-download.log" | sed 's#.*/##; s/%2b/+/g' | head -3 | tr '\n' ' ')
		why="$why; $suite's ppc64el pool lacks ${miss:-some files (see $LAB_CACHE/guest-download.log)}"
		echo "$want" >> "$LAB_CACHE/guest-unservable"
		continue
	fi
	echo "$want" > "$GR.tmp/.lab-pkgs"
	rm -rf "$GR"; mv "$GR.tmp" "$GR"
	got=$suite
	break
done
[ -n "$got" ] || lab_die "no suite of '$GSUITES' serves the guest packages${why}"
first=${GSUITES%% *}
lab_say "guest packages: Debian $got ($(sed 's/.*makedumpfile=\([^ ]*\).*/makedumpfile \1/' "$GR/.lab-pkgs"))${why:+, not $first:${why#;}}"

stage=$LAB_OUT/initramfs.d
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,lib64,proc,sys,dev,tmp,results,selftests}
mkdir -p "$stage/usr/lib/powerpc64le-linux-gnu"
cp "$GR/usr/bin/busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp "$GR/usr/bin/makedumpfile" "$stage/usr/bin/"
cp -L "$GR/lib64/ld64.so.2" "$stage/lib64/" 2>/dev/null ||
	cp -L "$GR/usr/lib64/ld64.so.2" "$stage/lib64/"
# The libraries the dynamic binaries need, and theirs, from the guest root.
needed() { tb ${LAB_CROSS}readelf -d "$@" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u; }
libs=$(needed "$GR/usr/bin/makedumpfile") seen=
while [ -n "$libs" ]; do
	new=
	for l in $libs; do
		case " $seen " in *" $l "*) continue;; esac
		seen="$seen $l"
		[ "$l" = ld64.so.2 ] && continue
		f=$GR/usr/lib/powerpc64le-linux-gnu/$l
		[ -e "$f" ] || lab_die "guest library $l (needed by makedumpfile) is not in the guest packages: add its package to GPKGS"
		cp -L "$f" "$stage/usr/lib/powerpc64le-linux-gnu/"
		new="$new $(needed "$f")"
	done
	libs=$new
done
ln -s usr/lib "$stage/lib"
# init: install the busybox applets, then run the lab init
cat > "$stage/init" <<'EOT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
exec /bin/sh /lab-init
EOT
chmod +x "$stage/init"
cp "$LAB_REPO/lab/guest/init" "$stage/lab-init"
mkdir -p "$stage/lab/steps"
cp "$LAB_REPO/lab/guest/lib.sh" "$stage/lab/"
cp "$LAB_REPO"/lab/guest/steps/*.sh "$stage/lab/steps/"
tb ${LAB_CROSS}gcc -static -O2 -Wall -Werror -o "$stage/bin/labtool" \
	"$LAB_REPO/lab/guest/labtool.c" || lab_die "labtool does not build"
if [ -x "$LAB_REPO/lab/build-selftests.sh" ] || [ -f "$LAB_REPO/lab/build-selftests.sh" ]; then
	# A selftest that does not build is reported by the selftests test
	# (its binary is missing from the guest), not by the set-up.
	rm -rf "$LAB_OUT/selftests"
	if bash "$LAB_REPO/lab/build-selftests.sh" > "$LAB_OUT/selftests-build.log" 2>&1; then
		cp "$LAB_OUT"/selftests/* "$stage/selftests/" 2>/dev/null
	else
		lab_say "warning: selftests do not build, see $LAB_OUT/selftests-build.log"
	fi
fi
# Written aside and renamed, so a guest booting meanwhile reads a whole file.
(cd "$stage" && find . | tb cpio -o -H newc --quiet) | gzip -1 > "$LAB_OUT/initramfs.cpio.gz.new" ||
	lab_die "cpio failed"
mv "$LAB_OUT/initramfs.cpio.gz.new" "$LAB_OUT/initramfs.cpio.gz"
lab_say "initramfs: $LAB_OUT/initramfs.cpio.gz ($(du -h "$LAB_OUT/initramfs.cpio.gz" | cut -f1))"
