#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: busybox-static and makedumpfile (with its
# libraries) from Debian ppc64el packages, the lab's init, labtool and the
# fadump kselftests, all statically cross-compiled.
# Output: build/initramfs.cpio.gz
. "$(dirname "$0")/lib.sh"

"$LAB_REPO/lab/toolbox.sh" || exit 2
GR=$LAB_CACHE/guest-root
GPKGS=busybox-static,makedumpfile,libc6,libbz2-1.0,libdw1t64,libelf1t64,liblzo2-2,libzstd1,zlib1g,liblzma5
if [ "$(cat "$GR/.lab-pkgs" 2>/dev/null)" != "$GPKGS" ]; then
	lab_say "unpacking Debian ppc64el guest packages into $GR"
	rm -rf "$GR"
	mmdebstrap --arch=ppc64el --variant=extract --include="$GPKGS" trixie "$GR" \
		"$LAB_MIRROR" > "$LAB_CACHE/guest-root.log" 2>&1 ||
		lab_die "mmdebstrap (ppc64el) failed, see $LAB_CACHE/guest-root.log"
	echo "$GPKGS" > "$GR/.lab-pkgs"
fi

stage=$LAB_OUT/initramfs.d
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,lib64,proc,sys,dev,tmp,results,selftests}
mkdir -p "$stage/usr/lib/powerpc64le-linux-gnu"
cp "$GR/usr/bin/busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp "$GR/usr/bin/makedumpfile" "$stage/usr/bin/"
cp -L "$GR/lib64/ld64.so.2" "$stage/lib64/" 2>/dev/null ||
	cp -L "$GR/usr/lib64/ld64.so.2" "$stage/lib64/"
for l in libc.so.6 libbz2.so.1.0 libdw.so.1 libelf.so.1 liblzma.so.5 liblzo2.so.2 \
	 libz.so.1 libzstd.so.1; do
	cp -L "$GR/usr/lib/powerpc64le-linux-gnu/$l" "$stage/usr/lib/powerpc64le-linux-gnu/" ||
		lab_die "guest library $l missing"
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
