/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the firmware-assisted dump (fadump) selftests: small
 * wrappers around the sysfs control files and a /dev/kmsg watcher that
 * notices kernel warnings provoked by a test.
 */
#ifndef FADUMP_SELFTEST_UTIL_H
#define FADUMP_SELFTEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>

#define FADUMP_DIR		"/sys/kernel/fadump"
#define FADUMP_ENABLED		FADUMP_DIR "/enabled"
#define FADUMP_REGISTERED	FADUMP_DIR "/registered"
#define FADUMP_RELEASE_MEM	FADUMP_DIR "/release_mem"
#define FADUMP_RELEASE_REGION	FADUMP_DIR "/release_region"
#define FADUMP_MEM_RESERVED	FADUMP_DIR "/mem_reserved"
#define FADUMP_HOTPLUG_READY	FADUMP_DIR "/hotplug_ready"
#define FADUMP_BOOTARGS		FADUMP_DIR "/bootargs_append"
#define FADUMP_LEGACY_ENABLED	"/sys/kernel/fadump_enabled"
#define FADUMP_LEGACY_REGISTERED "/sys/kernel/fadump_registered"
#define FADUMP_LEGACY_RELEASE	"/sys/kernel/fadump_release_mem"
#define FADUMP_DEBUGFS_REGION	"/sys/kernel/debug/powerpc/fadump_region"

/*
 * Big enough for any control file, even a bootargs_append that fills a
 * whole sysfs page (64 KiB pages).
 */
#define FADUMP_BUF_SIZE		(128 * 1024)

/* The capture kernel's command line can never be longer than this. */
#define FADUMP_CMDLINE_SIZE	2048

/* What bootargs_append accepts: printable ASCII (it goes on a command line). */
static inline bool fadump_kernel_isprint(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* Read a whole file; return the number of bytes read or -errno. */
static inline ssize_t fadump_read_file(const char *path, char *buf,
				       size_t size)
{
	ssize_t n, total = 0;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - total);
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		total += n;
	}
	buf[total] = '\0';
	close(fd);
	return total;
}

/*
 * Write @len bytes with a single write(2) on a fresh file descriptor, as
 * "echo" does. Return the byte count write(2) returned or -errno.
 */
static inline ssize_t fadump_write_file(const char *path, const void *buf,
					size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

/* Write a C string; return 0 if all of it was consumed, else -errno. */
static inline int fadump_write_str(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n = fadump_write_file(path, s, len);

	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

/*
 * Read a boolean control file. Return 0 or 1, -errno if it cannot be
 * read, or -EPROTO if it does not hold exactly "0\n" or "1\n".
 */
static inline int fadump_read_bool(const char *path)
{
	char buf[16];
	ssize_t n;

	n = fadump_read_file(path, buf, sizeof(buf));
	if (n < 0)
		return n;
	if (!strcmp(buf, "0\n"))
		return 0;
	if (!strcmp(buf, "1\n"))
		return 1;
	return -EPROTO;
}

static inline int fadump_registered(void)
{
	return fadump_read_bool(FADUMP_REGISTERED);
}

static inline bool fadump_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/*
 * Does bootargs_append work? The file exists only where the firmware
 * keeps a parameter area, and then it must take values. Probe by writing
 * back the current value, which changes nothing.
 */
static inline bool fadump_bootargs_usable(void)
{
	static char cur[FADUMP_BUF_SIZE];
	ssize_t n = fadump_read_file(FADUMP_BOOTARGS, cur, sizeof(cur));

	return n > 0 && fadump_write_file(FADUMP_BOOTARGS, cur, n) == n;
}

/* Put the registration state @want back, as well as possible. */
static inline void fadump_restore_registered(int want)
{
	if (want < 0 || fadump_registered() == want)
		return;
	fadump_write_str(FADUMP_REGISTERED, want ? "1" : "0");
}

/* Put bootargs_append back to @want, as read from the file earlier. */
static inline void fadump_restore_bootargs(const char *want)
{
	static char now[FADUMP_BUF_SIZE], val[FADUMP_BUF_SIZE];
	size_t len;

	if (fadump_read_file(FADUMP_BOOTARGS, now, sizeof(now)) < 0 ||
	    !strcmp(now, want))
		return;
	snprintf(val, sizeof(val), "%s", want);
	len = strlen(val);
	/* An empty write never reaches the kernel: end with "\n" as echo does. */
	if (!len || val[len - 1] != '\n')
		snprintf(val + len, sizeof(val) - len, "\n");
	fadump_write_str(FADUMP_BOOTARGS, val);
}

/* A dump from a crashed kernel is being exported (capture kernel). */
static inline bool fadump_dump_active(void)
{
	return fadump_exists(FADUMP_RELEASE_MEM) ||
	       fadump_exists("/proc/vmcore");
}

/*
 * Return NULL if fadump is supported and enabled on this system, else a
 * reason for skipping.
 */
static inline const char *fadump_unsupported(void)
{
	struct stat st;
	int enabled;

	if (stat(FADUMP_DIR, &st) || !S_ISDIR(st.st_mode))
		return FADUMP_DIR " absent: no CONFIG_FA_DUMP or no firmware support";
	enabled = fadump_read_bool(FADUMP_ENABLED);
	if (enabled < 0)
		return "cannot read " FADUMP_ENABLED;
	if (enabled == 0)
		return "fadump is not enabled (boot with fadump=on)";
	return NULL;
}

/* Is @opt (e.g. "fadump_rearm=0") a word of the kernel command line? */
static inline bool fadump_cmdline_has(const char *opt)
{
	char buf[4096], *word, *save = NULL;

	if (fadump_read_file("/proc/cmdline", buf, sizeof(buf)) < 0)
		return false;
	for (word = strtok_r(buf, "\n ", &save); word;
	     word = strtok_r(NULL, "\n ", &save))
		if (!strcmp(word, opt))
			return true;
	return false;
}

/*
 * Watch /dev/kmsg for kernel warnings: open it positioned at the end,
 * later report whether a record that looks like a splat appeared.
 */
static inline int fadump_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * Return the number of suspicious records logged since fadump_kmsg_open()
 * (printing each one), 0 if none or if /dev/kmsg is unavailable.
 */
static inline int fadump_kmsg_splats(int fd)
{
	static const char * const bad[] = {
		"WARNING:", "BUG:", "Oops", "Kernel panic", "Call Trace",
		"UBSAN:", "KASAN:", "refcount_t:", "list_add corruption",
		"list_del corruption", "INFO: task", "self-detected stall",
		"soft lockup", "hard LOCKUP", NULL,
	};
	const char * const *b;
	char rec[2048];
	int splats = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records, keep going */
		if (n <= 0)
			break;
		rec[n] = '\0';
		for (b = bad; *b; b++) {
			if (strstr(rec, *b)) {
				fprintf(stderr, "# kernel: %s", rec);
				splats++;
				break;
			}
		}
	}
	return splats;
}

#endif /* FADUMP_SELFTEST_UTIL_H */
