// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware-assisted dump control interface: /sys/kernel/fadump/, the
 * legacy /sys/kernel/fadump_* names and the debugfs region file.
 *
 * Every rejected write must fail with an errno and leave the state as it
 * was; every test puts back the registration state and bootargs it found.
 * Tests that change the registration skip while a dump is held (capture
 * kernel), because registering is refused until the dump is released.
 * Releasing a held dump discards it, so the release test runs only when
 * FADUMP_SELFTEST_RELEASE=1 is set.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "fadump_util.h"

/* Longer than any accepted bootargs_append value (COMMAND_LINE_SIZE). */
#define FADUMP_TOO_LONG		(64 * 1024 + 1)

static int kmsg_fd = -1;

/*
 * Put the registration in @state (0 or 1) for a test. Returns false if
 * that needs a change a held dump forbids (no registering before release).
 */
static bool enter_state(struct __test_metadata *_metadata, int state,
			bool dump_active)
{
	if (fadump_registered() == state)
		return true;
	if (dump_active)
		return false;
	ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, state ? "1" : "0"));
	return true;
}

FIXTURE(fadump) {
	int registered;			/* state found at setup, 0 or 1 */
	bool dump_active;		/* a dump is held (capture kernel) */
	bool root;
	bool have_bootargs;		/* the file exists */
	bool bootargs_ok;		/* and takes values */
	char bootargs[FADUMP_BUF_SIZE];	/* as read at setup */
};

FIXTURE_SETUP(fadump)
{
	const char *why = fadump_unsupported();

	if (why)
		SKIP(return, "%s", why);
	self->registered = fadump_registered();
	ASSERT_GE(self->registered, 0)
		TH_LOG("%s does not read \"0\\n\" or \"1\\n\" (%d)",
		       FADUMP_REGISTERED, self->registered);
	self->dump_active = fadump_dump_active();
	self->root = geteuid() == 0;
	self->have_bootargs = fadump_exists(FADUMP_BOOTARGS);
	if (self->have_bootargs)
		ASSERT_GE(fadump_read_file(FADUMP_BOOTARGS, self->bootargs,
					   sizeof(self->bootargs)), 0);
	self->bootargs_ok = self->root && self->have_bootargs &&
			    fadump_bootargs_usable();
	if (self->root && kmsg_fd < 0)
		kmsg_fd = fadump_kmsg_open();
}

FIXTURE_TEARDOWN(fadump)
{
	if (!self->root)
		return;
	fadump_restore_registered(self->registered);
	if (self->bootargs_ok)
		fadump_restore_bootargs(self->bootargs);
	/* No test here may make the kernel warn. */
	EXPECT_EQ(0, fadump_kmsg_splats(kmsg_fd));
}

#define NO_ROOT		"writing the control files needs root"
#define DUMP_HELD	"a dump is held: registration is blocked until it is released"
#define NO_BOOTARGS	"no bootargs_append (firmware without a parameter area)"

/* The file exists only where it works: services write it if it exists. */
TEST_F(fadump, bootargs_present_means_usable)
{
	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->have_bootargs)
		SKIP(return, NO_BOOTARGS);
	EXPECT_TRUE(self->bootargs_ok)
		TH_LOG("bootargs_append exists but does not take its own value back");
}

static void check_mode(struct __test_metadata *_metadata, const char *path,
		       mode_t want)
{
	struct stat st;

	ASSERT_EQ(0, stat(path, &st)) TH_LOG("stat %s: %s", path, strerror(errno));
	EXPECT_TRUE(S_ISREG(st.st_mode)) TH_LOG("%s is not a regular file", path);
	EXPECT_EQ(want, st.st_mode & 07777)
		TH_LOG("%s has mode %04o, want %04o", path,
		       st.st_mode & 07777, want);
	EXPECT_EQ(0U, st.st_uid) TH_LOG("%s is not owned by root", path);
}

TEST_F(fadump, modes)
{
	check_mode(_metadata, FADUMP_ENABLED, 0444);
	check_mode(_metadata, FADUMP_REGISTERED, 0644);
	check_mode(_metadata, FADUMP_MEM_RESERVED, 0444);
	check_mode(_metadata, FADUMP_HOTPLUG_READY, 0444);
	if (self->have_bootargs)
		check_mode(_metadata, FADUMP_BOOTARGS, 0644);
	check_mode(_metadata, FADUMP_LEGACY_ENABLED, 0444);
	check_mode(_metadata, FADUMP_LEGACY_REGISTERED, 0644);
	if (self->dump_active) {
		check_mode(_metadata, FADUMP_RELEASE_MEM, 0200);
		check_mode(_metadata, FADUMP_LEGACY_RELEASE, 0200);
	}
}

TEST_F(fadump, read_formats)
{
	char buf[256];
	unsigned long long bytes;
	char *end;

	ASSERT_EQ(1, fadump_read_bool(FADUMP_ENABLED));
	ASSERT_EQ(self->registered, fadump_read_bool(FADUMP_REGISTERED));
	EXPECT_GE(fadump_read_bool(FADUMP_HOTPLUG_READY), 0)
		TH_LOG("hotplug_ready does not read \"0\\n\" or \"1\\n\"");

	ASSERT_GT(fadump_read_file(FADUMP_MEM_RESERVED, buf, sizeof(buf)), 0);
	EXPECT_TRUE(isdigit((unsigned char)buf[0]))
		TH_LOG("mem_reserved reads \"%s\"", buf);
	errno = 0;
	bytes = strtoull(buf, &end, 10);
	EXPECT_EQ(0, errno);
	EXPECT_STREQ("\n", end) TH_LOG("mem_reserved reads \"%s\"", buf);
	if (!self->dump_active) {
		EXPECT_GT(bytes, 0ULL) TH_LOG("nothing reserved although enabled");
		EXPECT_EQ(0ULL, bytes % getpagesize())
			TH_LOG("mem_reserved %llu is not page aligned", bytes);
	}

	if (self->have_bootargs) {
		size_t len = strlen(self->bootargs);

		EXPECT_TRUE(len > 0 && self->bootargs[len - 1] == '\n')
			TH_LOG("bootargs_append does not end with a newline");
	}
}

/* The legacy names read the same and control the same state. */
TEST_F(fadump, legacy_names)
{
	EXPECT_EQ(1, fadump_read_bool(FADUMP_LEGACY_ENABLED));
	EXPECT_EQ(self->registered, fadump_read_bool(FADUMP_LEGACY_REGISTERED));
	EXPECT_EQ(fadump_exists(FADUMP_RELEASE_MEM),
		  fadump_exists(FADUMP_LEGACY_RELEASE));

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (self->dump_active)
		SKIP(return, DUMP_HELD);
	ASSERT_EQ(0, fadump_write_str(FADUMP_LEGACY_REGISTERED, "0\n"));
	EXPECT_EQ(0, fadump_registered());
	EXPECT_EQ(0, fadump_read_bool(FADUMP_LEGACY_REGISTERED));
	ASSERT_EQ(0, fadump_write_str(FADUMP_LEGACY_REGISTERED, "1\n"));
	EXPECT_EQ(1, fadump_registered());
	EXPECT_EQ(1, fadump_read_bool(FADUMP_LEGACY_REGISTERED));
}

TEST_F(fadump, register_unregister)
{
	int i;

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (self->dump_active)
		SKIP(return, DUMP_HELD);
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "0"));
		ASSERT_EQ(0, fadump_registered());
		ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "1"));
		ASSERT_EQ(1, fadump_registered());
	}
	/* as from echo */
	ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "0\n"));
	ASSERT_EQ(0, fadump_registered());
	ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "1\n"));
	ASSERT_EQ(1, fadump_registered());
}

/* Writing the state the kernel is already in succeeds and changes nothing. */
TEST_F(fadump, write_current_state)
{
	int state;

	if (!self->root)
		SKIP(return, NO_ROOT);
	for (state = 0; state <= 1; state++) {
		if (!enter_state(_metadata, state, self->dump_active))
			continue;
		ASSERT_EQ(state, fadump_registered());
		EXPECT_EQ(0, fadump_write_str(FADUMP_REGISTERED,
					      state ? "1" : "0"));
		EXPECT_EQ(0, fadump_write_str(FADUMP_REGISTERED,
					      state ? "1\n" : "0\n"));
		EXPECT_EQ(state, fadump_registered());
	}
}

/* Read-only files refuse writes, even from root. */
TEST_F(fadump, readonly_files)
{
	static const char * const ro[] = {
		FADUMP_ENABLED, FADUMP_MEM_RESERVED, FADUMP_HOTPLUG_READY,
		FADUMP_LEGACY_ENABLED, NULL,
	};
	const char * const *p;
	char before[256], after[256];

	if (!self->root)
		SKIP(return, NO_ROOT);
	for (p = ro; *p; p++) {
		ASSERT_GT(fadump_read_file(*p, before, sizeof(before)), 0);
		EXPECT_GT(0, fadump_write_file(*p, "1\n", 2))
			TH_LOG("write to read-only %s succeeded", *p);
		ASSERT_GT(fadump_read_file(*p, after, sizeof(after)), 0);
		EXPECT_STREQ(before, after);
	}
	EXPECT_EQ(self->registered, fadump_registered());
}

/*
 * Input that registered must refuse. The parser accepts exactly "0" or
 * "1", optionally followed by one newline.
 */
struct bad_input {
	const char *what;
	const char *data;
	size_t len;			/* 0: strlen(data) */
};

static const struct bad_input bad_bool[] = {
	{ "garbage", "garbage", 0 },
	{ "newline only", "\n", 0 },
	{ "two", "2", 0 },
	{ "minus one", "-1", 0 },
	{ "leading zero", "01", 0 },
	{ "double zero", "00", 0 },
	{ "ten", "10", 0 },
	{ "plus one", "+1", 0 },
	{ "hex", "0x1", 0 },
	{ "leading space", " 1", 0 },
	{ "trailing space", "1 ", 0 },
	{ "leading newline", "\n1", 0 },
	{ "two newlines", "1\n\n", 0 },
	{ "tab", "1\t", 0 },
	{ "carriage return", "1\r\n", 0 },
	{ "trailing junk", "1x", 0 },
	{ "word yes", "yes", 0 },
	{ "word on", "on", 0 },
	{ "word true", "true", 0 },
	{ "y", "y", 0 },
	{ "NUL", "\0", 1 },
	{ "one NUL", "1\0", 2 },
	{ "zero NUL", "0\0", 2 },
	{ "NUL one", "\0001", 2 },
	{ "high byte", "\xff", 0 },
	{ NULL, NULL, 0 },
};

/* Write must fail with an errno; @path's content and registered unchanged. */
static void expect_rejected(struct __test_metadata *_metadata,
			    const char *path, const void *data, size_t len,
			    const char *what)
{
	static char before[FADUMP_BUF_SIZE], after[FADUMP_BUF_SIZE];
	int reg = fadump_registered();
	ssize_t n;

	ASSERT_GE(fadump_read_file(path, before, sizeof(before)), 0);
	n = fadump_write_file(path, data, len);
	EXPECT_GT(0, n)
		TH_LOG("%s: writing %s (%zu bytes) returned %zd instead of failing",
		       path, what, len, n);
	if (n < 0)
		EXPECT_NE(-EIO, n);
	ASSERT_GE(fadump_read_file(path, after, sizeof(after)), 0);
	EXPECT_STREQ(before, after) TH_LOG("%s changed by %s", path, what);
	EXPECT_EQ(reg, fadump_registered())
		TH_LOG("registered changed by writing %s to %s", what, path);
}

static void reject_all_bad(struct __test_metadata *_metadata,
			   const char *path)
{
	const struct bad_input *b;

	for (b = bad_bool; b->what; b++)
		expect_rejected(_metadata, path, b->data,
				b->len ?: strlen(b->data), b->what);
}

TEST_F(fadump, registered_rejects_bad_input)
{
	int state;

	if (!self->root)
		SKIP(return, NO_ROOT);
	for (state = 0; state <= 1; state++) {
		if (!enter_state(_metadata, state, self->dump_active))
			continue;
		reject_all_bad(_metadata, FADUMP_REGISTERED);
		reject_all_bad(_metadata, FADUMP_LEGACY_REGISTERED);
	}
}

/* An empty write never reaches the kernel's store: no-op or an error. */
TEST_F(fadump, registered_empty_write)
{
	ssize_t n;

	if (!self->root)
		SKIP(return, NO_ROOT);
	n = fadump_write_file(FADUMP_REGISTERED, "", 0);
	EXPECT_TRUE(n == 0 || n < 0) TH_LOG("empty write returned %zd", n);
	EXPECT_EQ(self->registered, fadump_registered());
}

TEST_F(fadump, registered_rejects_overlong)
{
	static const size_t lens[] = { 3, 4096, 65535, FADUMP_TOO_LONG, 0 };
	const size_t *len;
	char *buf;

	if (!self->root)
		SKIP(return, NO_ROOT);
	buf = malloc(FADUMP_TOO_LONG);
	ASSERT_NE(NULL, buf);
	for (len = lens; *len; len++) {
		memset(buf, '1', *len);
		expect_rejected(_metadata, FADUMP_REGISTERED, buf, *len,
				"a long run of '1'");
		memset(buf, '0', *len);
		buf[*len - 1] = '\n';
		expect_rejected(_metadata, FADUMP_REGISTERED, buf, *len,
				"a long run of '0' and a newline");
	}
	free(buf);
}

/* While a dump is held, registering is refused and changes nothing. */
TEST_F(fadump, register_while_dump_held)
{
	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->dump_active)
		SKIP(return, "no dump is held (production kernel)");
	ASSERT_EQ(0, fadump_registered());
	expect_rejected(_metadata, FADUMP_REGISTERED, "1", 1,
			"1 while a dump is held");
	EXPECT_TRUE(fadump_exists(FADUMP_RELEASE_MEM));
}

/* Without a dump there is nothing to release. */
TEST_F(fadump, release_mem_without_dump)
{
	ssize_t n;

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (self->dump_active)
		SKIP(return, "a dump is held (capture kernel)");
	EXPECT_FALSE(fadump_exists(FADUMP_LEGACY_RELEASE));
	n = fadump_write_file(FADUMP_RELEASE_MEM, "1", 1);
	EXPECT_TRUE(n == -ENOENT || n == -EINVAL)
		TH_LOG("release_mem without a dump: %zd (%s)", n,
		       n < 0 ? strerror(-n) : "accepted");
	EXPECT_FALSE(fadump_exists(FADUMP_RELEASE_MEM));
	EXPECT_EQ(self->registered, fadump_registered());
}

/* With a dump held, anything but "1" is refused and the dump stays. */
TEST_F(fadump, release_mem_rejects_bad_input)
{
	const struct bad_input *b;

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->dump_active)
		SKIP(return, "no dump is held (production kernel)");
	ASSERT_TRUE(fadump_exists(FADUMP_RELEASE_MEM));
	for (b = bad_bool; b->what; b++) {
		size_t len = b->len ?: strlen(b->data);
		ssize_t n = fadump_write_file(FADUMP_RELEASE_MEM, b->data, len);

		EXPECT_GT(0, n) TH_LOG("release_mem accepted %s", b->what);
		ASSERT_TRUE(fadump_exists(FADUMP_RELEASE_MEM))
			TH_LOG("dump released by writing %s", b->what);
		ASSERT_TRUE(fadump_exists("/proc/vmcore"));
	}
	EXPECT_GT(0, fadump_write_file(FADUMP_RELEASE_MEM, "0", 1));
	EXPECT_GT(0, fadump_write_file(FADUMP_RELEASE_MEM, "0\n", 2));
	ASSERT_TRUE(fadump_exists(FADUMP_RELEASE_MEM));
	/* release_mem is write-only */
	EXPECT_GT(0, open(FADUMP_RELEASE_MEM, O_RDONLY));
}

/*
 * release_region: "0x<start> 0x<size>" lines, sorted, disjoint, never
 * empty ranges; root only; present only while a dump is held. Returns
 * the number of ranges parsed into @r (at most @max), or -1.
 */
static int region_list(struct __test_metadata *_metadata, unsigned long long (*r)[2],
		       int max)
{
	static char buf[FADUMP_BUF_SIZE];
	char *line, *save = NULL;
	int n = 0;

	if (fadump_read_file(FADUMP_RELEASE_REGION, buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long long a, b;
		int end = 0, got;

		if (!strcmp(line, "..."))
			break;
		got = sscanf(line, "0x%llx 0x%llx%n", &a, &b, &end);
		EXPECT_EQ(2, got) TH_LOG("bad line \"%s\"", line);
		EXPECT_EQ(strlen(line), (size_t)end) TH_LOG("bad line \"%s\"", line);
		EXPECT_NE(0ULL, b) TH_LOG("empty range \"%s\"", line);
		if (n)
			EXPECT_LT(r[n - 1][0] + r[n - 1][1], a)
				TH_LOG("not sorted, disjoint and apart: \"%s\"", line);
		r[n][0] = a;
		r[n++][1] = b;
	}
	return n;
}

TEST_F(fadump, release_region_format)
{
	unsigned long long r[256][2];
	struct stat st;

	if (!self->dump_active) {
		EXPECT_FALSE(fadump_exists(FADUMP_RELEASE_REGION));
		return;
	}
	if (!self->root)
		SKIP(return, NO_ROOT);
	ASSERT_EQ(0, stat(FADUMP_RELEASE_REGION, &st));
	EXPECT_EQ(0600U, st.st_mode & 07777);
	EXPECT_LT(0, region_list(_metadata, r, 256));
}

static unsigned long long memory_block_size(void)
{
	char buf[64];

	if (fadump_read_file("/sys/devices/system/memory/block_size_bytes",
			     buf, sizeof(buf)) <= 0)
		return 0;
	return strtoull(buf, NULL, 16);
}

struct bad_range {
	const char *what;
	char text[64];
	int err;
};

static void __printf(4, 5)
bad(struct bad_range *c, const char *what, int err, const char *fmt, ...)
{
	va_list ap;

	c->what = what;
	c->err = err;
	va_start(ap, fmt);
	vsnprintf(c->text, sizeof(c->text), fmt, ap);
	va_end(ap);
}

/* Every refused write has its own errno and changes nothing. */
TEST_F(fadump, release_region_rejects_bad_input)
{
	static char before[FADUMP_BUF_SIZE], after[FADUMP_BUF_SIZE];
	unsigned long long r[256][2], blk = memory_block_size(), x = 0, y = 0;
	struct bad_range c[8];
	int n, i, k = 0;

	if (!self->dump_active)
		SKIP(return, "no dump is held (production kernel)");
	if (!self->root)
		SKIP(return, NO_ROOT);
	ASSERT_NE(0ULL, blk);
	n = region_list(_metadata, r, 256);
	ASSERT_LT(0, n);
	/* A memory block inside a listed range, for the alignment case */
	for (i = 0; i < n && !y; i++) {
		x = (r[i][0] + blk - 1) / blk * blk;
		if (x + blk <= r[i][0] + r[i][1])
			y = x + blk;
	}
	bad(&c[k++], "two words", EBADMSG, "start size");
	bad(&c[k++], "one number", EBADMSG, "%#llx", r[0][0]);
	bad(&c[k++], "three numbers", EBADMSG, "%#llx 1 2", r[0][0]);
	bad(&c[k++], "size 0", ENODATA, "%#llx 0", r[0][0]);
	bad(&c[k++], "wraps", EOVERFLOW, "%#llx 0xffffffffffff0000",
	    r[0][0]);
	bad(&c[k++], "boot memory", EBUSY, "0 %#llx", blk);
	bad(&c[k++], "above RAM", ERANGE, "0x7f0000000000 %#llx", blk);
	if (y)
		bad(&c[k++], "not on a memory block", EINVAL,
		    "%#llx %#llx", x + 0x10000, blk - 0x20000);
	ASSERT_LT(0, fadump_read_file(FADUMP_RELEASE_REGION, before, sizeof(before)));
	for (i = 0; i < k; i++) {
		EXPECT_EQ(-c[i].err, fadump_write_file(FADUMP_RELEASE_REGION, c[i].text,
						       strlen(c[i].text)))
			TH_LOG("%s (\"%s\")", c[i].what, c[i].text);
		ASSERT_LT(0, fadump_read_file(FADUMP_RELEASE_REGION, after, sizeof(after)));
		EXPECT_STREQ(before, after) TH_LOG("changed by %s", c[i].what);
		ASSERT_TRUE(fadump_exists("/proc/vmcore"));
	}
	if (!y)
		TH_LOG("no memory block inside a held range: alignment not tried");
}

/* Destructive: releases the held dump. Opt in with FADUMP_SELFTEST_RELEASE=1. */
TEST_F_TIMEOUT(fadump, release_and_rearm, 60)
{
	const char *opt = getenv("FADUMP_SELFTEST_RELEASE");
	bool rearm = !fadump_cmdline_has("fadump_rearm=0");
	int i, reg = -1;

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->dump_active)
		SKIP(return, "no dump is held (production kernel)");
	if (!opt || strcmp(opt, "1"))
		SKIP(return, "would discard the dump; set FADUMP_SELFTEST_RELEASE=1");
	ASSERT_EQ(0, fadump_write_str(FADUMP_RELEASE_MEM, "1\n"));
	EXPECT_FALSE(fadump_exists(FADUMP_RELEASE_MEM));
	EXPECT_FALSE(fadump_exists(FADUMP_LEGACY_RELEASE));
	EXPECT_FALSE(fadump_exists("/proc/vmcore"));
	/* re-arm may complete asynchronously; give it a few seconds */
	for (i = 0; i < 50; i++) {
		reg = fadump_registered();
		if (reg == rearm)
			break;
		usleep(100 * 1000);
	}
	EXPECT_EQ(rearm, reg);
	self->dump_active = false;
	/* the state a production kernel would be in */
	self->registered = reg;
}

TEST_F(fadump, bootargs_roundtrip)
{
	static const char * const vals[] = {
		"fadump_selftest=1",
		"quiet nr_cpus=1 fadump_selftest=\"a b\"",
		"x",
		NULL,
	};
	const char * const *v;
	static char buf[FADUMP_BUF_SIZE], want[FADUMP_BUF_SIZE];

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->bootargs_ok)
		SKIP(return, NO_BOOTARGS);
	for (v = vals; *v; v++) {
		snprintf(want, sizeof(want), "%s\n", *v);
		ASSERT_EQ(0, fadump_write_str(FADUMP_BOOTARGS, *v));
		ASSERT_GT(fadump_read_file(FADUMP_BOOTARGS, buf, sizeof(buf)), 0);
		EXPECT_STREQ(want, buf);
		/* as from echo: the newline is not part of the value */
		ASSERT_EQ(0, fadump_write_str(FADUMP_BOOTARGS, want));
		ASSERT_GT(fadump_read_file(FADUMP_BOOTARGS, buf, sizeof(buf)), 0);
		EXPECT_STREQ(want, buf);
	}
	EXPECT_EQ(self->registered, fadump_registered());
}

/* Refused and unchanged; the errno must be one of @e1, @e2. */
static void expect_bootargs_refused(struct __test_metadata *_metadata,
				    const char *data, size_t len, int e1,
				    int e2, const char *what)
{
	static char before[FADUMP_BUF_SIZE], after[FADUMP_BUF_SIZE];
	ssize_t n;

	ASSERT_GE(fadump_read_file(FADUMP_BOOTARGS, before, sizeof(before)), 0);
	n = fadump_write_file(FADUMP_BOOTARGS, data, len);
	EXPECT_TRUE(n == -e1 || n == -e2)
		TH_LOG("bootargs_append: %s (%zu bytes): %zd (%s)", what, len,
		       n, n < 0 ? strerror(-n) : "accepted");
	ASSERT_GE(fadump_read_file(FADUMP_BOOTARGS, after, sizeof(after)), 0);
	EXPECT_EQ(0, strcmp(before, after))
		TH_LOG("changed by %s: %zu bytes before, %zu after", what,
		       strlen(before), strlen(after));
}

TEST_F(fadump, bootargs_rejects_overlong)
{
	static const size_t lens[] = {
		FADUMP_CMDLINE_SIZE, 4096, 65536, FADUMP_TOO_LONG, 0,
	};
	const size_t *len;
	char *buf;

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->bootargs_ok)
		SKIP(return, NO_BOOTARGS);
	ASSERT_EQ(0, fadump_write_str(FADUMP_BOOTARGS, "fadump_selftest=before"));
	buf = malloc(FADUMP_TOO_LONG);
	ASSERT_NE(NULL, buf);
	memset(buf, 'a', FADUMP_TOO_LONG);
	for (len = lens; *len; len++)
		expect_bootargs_refused(_metadata, buf, *len, E2BIG, EINVAL,
					"too long");
	free(buf);
	EXPECT_EQ(self->registered, fadump_registered());
}

TEST_F(fadump, bootargs_rejects_unprintable)
{
	static const struct bad_input bad[] = {
		{ "tab", "a\tb", 0 },
		{ "inner newline", "a\nb", 0 },
		{ "two trailing newlines", "a\n\n", 0 },
		{ "carriage return", "a\r", 0 },
		{ "NUL", "a\0b", 3 },
		{ "trailing NUL", "ab\0", 3 },
		{ "control", "\x01", 0 },
		{ "DEL", "\x7f", 0 },
		{ "C1 control", "\x85", 0 },
		{ "escape sequence", "\x1b[2J", 0 },
		{ NULL, NULL, 0 },
	};
	const struct bad_input *b;

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->bootargs_ok)
		SKIP(return, NO_BOOTARGS);
	ASSERT_EQ(0, fadump_write_str(FADUMP_BOOTARGS, "fadump_selftest=before"));
	for (b = bad; b->what; b++)
		expect_bootargs_refused(_metadata, b->data,
					b->len ?: strlen(b->data), EINVAL,
					EINVAL, b->what);
}

/* A newline alone clears the value. */
TEST_F(fadump, bootargs_clear)
{
	char buf[64];

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->bootargs_ok)
		SKIP(return, NO_BOOTARGS);
	ASSERT_EQ(0, fadump_write_str(FADUMP_BOOTARGS, "fadump_selftest=x"));
	ASSERT_EQ(0, fadump_write_str(FADUMP_BOOTARGS, "\n"));
	ASSERT_GT(fadump_read_file(FADUMP_BOOTARGS, buf, sizeof(buf)), 0);
	EXPECT_STREQ("\n", buf);
}

/*
 * Find the longest value accepted: one byte more must be refused with
 * E2BIG or EINVAL, and no value that can never fit the capture kernel's
 * command line may be accepted.
 */
TEST_F(fadump, bootargs_length_limit)
{
	static char buf[FADUMP_BUF_SIZE], rd[FADUMP_BUF_SIZE];
	size_t lo = 0, hi = 65536, mid;
	ssize_t n;

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!self->bootargs_ok)
		SKIP(return, NO_BOOTARGS);
	memset(buf, 'b', sizeof(buf));
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		n = fadump_write_file(FADUMP_BOOTARGS, buf, mid);
		if (n == (ssize_t)mid)
			lo = mid;
		else
			hi = mid - 1;
	}
	ksft_print_msg("bootargs_append takes at most %zu bytes\n", lo);
	EXPECT_GE(lo, 255UL) TH_LOG("a limit of %zu bytes is too small", lo);
	EXPECT_LT(lo, (size_t)FADUMP_CMDLINE_SIZE)
		TH_LOG("%zu bytes can never be appended to a command line of at most %d",
		       lo, FADUMP_CMDLINE_SIZE - 1);
	/* documented: COMMAND_LINE_SIZE - 2 minus the current command line */
	n = fadump_read_file("/proc/cmdline", rd, sizeof(rd));
	ASSERT_GT(n, 0);
	if (rd[n - 1] == '\n')
		n--;
	EXPECT_EQ((size_t)(FADUMP_CMDLINE_SIZE - 2 - n), lo)
		TH_LOG("the command line is %zd bytes", n);

	/* the longest value reads back whole, with its newline */
	ASSERT_EQ((ssize_t)lo, fadump_write_file(FADUMP_BOOTARGS, buf, lo));
	n = fadump_read_file(FADUMP_BOOTARGS, rd, sizeof(rd));
	EXPECT_EQ((ssize_t)lo + 1, n);
	EXPECT_EQ(0, memcmp(rd, buf, lo));
	EXPECT_EQ('\n', rd[lo]);
	/* one more is refused and changes nothing */
	expect_bootargs_refused(_metadata, buf, lo + 1, E2BIG, EINVAL,
				"one byte over the limit");
	/* a newline from echo does not count against the limit */
	buf[lo] = '\n';
	EXPECT_EQ((ssize_t)lo + 1, fadump_write_file(FADUMP_BOOTARGS, buf, lo + 1));
	buf[lo] = 'b';
}

#define ADDR_RE	"0x[0-9a-f]{14,16}"
#define SIZE_RE	"0x[0-9a-f]+"
#define RANGE_RE "\\[" ADDR_RE "-" ADDR_RE "\\]"

/*
 * debugfs powerpc/fadump_region: one line per region, addresses %#016llx,
 * sizes %#llx, plus a "Preserved memory" line while a dump is held.
 */
static const char * const region_re[] = {
	"^(CPU state|HPTE|Bootargs area): " RANGE_RE " " SIZE_RE
	" bytes, Dumped: " SIZE_RE "$",
	"^Boot memory: " RANGE_RE " => " RANGE_RE " " SIZE_RE
	" bytes, Dumped: " SIZE_RE "$",
	"^Preserved memory: " RANGE_RE " " SIZE_RE " bytes$",
};

TEST_F(fadump, debugfs_region_format)
{
	static char buf[FADUMP_BUF_SIZE];
	int count[3] = { 0, 0, 0 }, cpu = 0;
	char *line, *save = NULL;
	regex_t re[3];
	ssize_t n;
	int i;

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (!fadump_exists("/sys/kernel/debug/powerpc"))
		mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	n = fadump_read_file(FADUMP_DEBUGFS_REGION, buf, sizeof(buf));
	if (n == -ENOENT)
		SKIP(return, "no %s (debugfs not available)", FADUMP_DEBUGFS_REGION);
	ASSERT_GT(n, 0);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, regcomp(&re[i], region_re[i], REG_EXTENDED | REG_NOSUB));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		for (i = 0; i < 3; i++)
			if (!regexec(&re[i], line, 0, NULL, 0))
				break;
		EXPECT_LT(i, 3) TH_LOG("unexpected line \"%s\"", line);
		if (i < 3)
			count[i]++;
		if (!strncmp(line, "CPU state: ", 11))
			cpu++;
	}
	for (i = 0; i < 3; i++)
		regfree(&re[i]);
	EXPECT_EQ(1, cpu) TH_LOG("want one CPU state line");
	EXPECT_GE(count[1], 1) TH_LOG("want at least one Boot memory line");
	EXPECT_EQ(self->dump_active ? 1 : 0, count[2])
		TH_LOG("want a Preserved memory line exactly while a dump is held");
}

TEST_HARNESS_MAIN
