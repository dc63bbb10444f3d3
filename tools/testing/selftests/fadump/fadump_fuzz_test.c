// SPDX-License-Identifier: GPL-2.0
/*
 * Random writes to the firmware-assisted dump control files registered
 * and bootargs_append. After each write the state must be exactly what
 * the last successful write asked for: a refused write changes nothing.
 * release_mem is never written.
 *
 * FADUMP_FUZZ_SEED=<n> replays a run (the seed is printed), and
 * FADUMP_FUZZ_ITERS=<n> sets the number of writes (default 1500).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fadump_util.h"

#define FUZZ_MAX_LEN	5000

/* bootargs_append's length limit, once known */
static size_t args_limit;

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned int rnd_below(unsigned int n)
{
	return rnd() % n;
}

static unsigned long env_ulong(const char *name, unsigned long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end)
		return def;
	return v;
}

/* Fill @buf with a random input; return its length. */
static size_t make_input(char *buf)
{
	static const char * const valid[] = { "0", "1", "0\n", "1\n" };
	static const char junk[] = " \t\n\r\00001+-xX9aZ,=\"'\\\xff\x80";
	size_t len, i;

	switch (rnd_below(9)) {
	case 0:
	case 1:		/* valid boolean input */
		len = snprintf(buf, 3, "%s", valid[rnd_below(4)]);
		return len;
	case 2:		/* valid input with one byte changed, added or removed */
		len = snprintf(buf, 3, "%s", valid[rnd_below(4)]);
		i = rnd_below(len + 1);
		switch (rnd_below(3)) {
		case 0:		/* change (or add at the end) */
			if (i == len)
				len++;
			buf[i] = junk[rnd_below(sizeof(junk) - 1)];
			break;
		case 1:		/* insert */
			memmove(buf + i + 1, buf + i, len - i);
			buf[i] = junk[rnd_below(sizeof(junk) - 1)];
			len++;
			break;
		default:	/* remove */
			if (i < len) {
				memmove(buf + i, buf + i + 1, len - i - 1);
				len--;
			}
			break;
		}
		return len;
	case 3:		/* short random bytes */
		len = rnd_below(17);
		for (i = 0; i < len; i++)
			buf[i] = rnd();
		return len;
	case 4:		/* short strings of "interesting" bytes */
		len = rnd_below(9);
		for (i = 0; i < len; i++)
			buf[i] = junk[rnd_below(sizeof(junk) - 1)];
		return len;
	case 5:
	case 6:		/* printable, bootargs-like */
		len = rnd_below(200);
		for (i = 0; i < len; i++)
			buf[i] = ' ' + rnd_below(95);
		if (len && rnd_below(2))
			buf[len - 1] = '\n';
		return len;
	case 7:		/* long, around and beyond any limit */
		len = 1000 + rnd_below(FUZZ_MAX_LEN - 1000);
		if (args_limit && args_limit + 4 < FUZZ_MAX_LEN && rnd_below(2))
			len = args_limit - 2 + rnd_below(5);
		for (i = 0; i < len; i++)
			buf[i] = 'a' + rnd_below(26);
		return len;
	default:	/* Latin-1 and C1 bytes */
		len = 1 + rnd_below(8);
		for (i = 0; i < len; i++)
			buf[i] = 0x80 + rnd_below(128);
		return len;
	}
}

/*
 * What registered does with @buf: -1 if it must be refused, else the
 * state asked for. Exactly "0" or "1", optionally with one newline.
 */
static int registered_model(const char *buf, size_t len)
{
	if (len == 2 && buf[1] == '\n')
		len = 1;
	if (len != 1 || (buf[0] != '0' && buf[0] != '1'))
		return -1;
	return buf[0] - '0';
}

/*
 * What bootargs_append does with @buf: false if it must be refused, else
 * true and the value it then reads back in @out (with its newline).
 */
static bool bootargs_model(const char *buf, size_t len, size_t limit,
			   char *out)
{
	size_t i;

	if (len && buf[len - 1] == '\n')
		len--;
	for (i = 0; i < len; i++)
		if (!fadump_kernel_isprint(buf[i]))
			return false;
	if (len > limit)
		return false;
	memcpy(out, buf, len);
	out[len] = '\n';
	out[len + 1] = '\0';
	return true;
}

static void hexdump(const char *what, const char *buf, size_t len)
{
	size_t i;

	fprintf(stderr, "# %s (%zu bytes):", what, len);
	for (i = 0; i < len && i < 48; i++)
		fprintf(stderr, " %02x", (unsigned char)buf[i]);
	fprintf(stderr, "%s\n", len > 48 ? " ..." : "");
}

/* Longest value bootargs_append accepts, 0 if it cannot be found. */
static size_t bootargs_limit(void)
{
	static char buf[FADUMP_BUF_SIZE];
	size_t lo = 0, hi = 65536, mid;

	memset(buf, 'l', sizeof(buf));
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (fadump_write_file(FADUMP_BOOTARGS, buf, mid) == (ssize_t)mid)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

FIXTURE(fuzz) {
	int registered;
	bool dump_active;
	bool have_bootargs;
	char bootargs[FADUMP_BUF_SIZE];
	int kmsg;
};

FIXTURE_SETUP(fuzz)
{
	const char *why = fadump_unsupported();

	self->kmsg = -1;
	if (why)
		SKIP(return, "%s", why);
	if (geteuid())
		SKIP(return, "writing the control files needs root");
	self->registered = fadump_registered();
	ASSERT_GE(self->registered, 0);
	self->dump_active = fadump_dump_active();
	self->have_bootargs = fadump_exists(FADUMP_BOOTARGS);
	if (self->have_bootargs)
		ASSERT_GE(fadump_read_file(FADUMP_BOOTARGS, self->bootargs,
					   sizeof(self->bootargs)), 0);
	if (self->have_bootargs && !fadump_bootargs_usable()) {
		ksft_print_msg("bootargs_append takes no values: fuzzing registered only\n");
		self->have_bootargs = false;
	}
	self->kmsg = fadump_kmsg_open();
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->have_bootargs)
		fadump_restore_bootargs(self->bootargs);
	fadump_restore_registered(self->registered);
	if (self->kmsg >= 0)
		close(self->kmsg);
}

TEST_F_TIMEOUT(fuzz, random_writes, 600)
{
	unsigned long iters = env_ulong("FADUMP_FUZZ_ITERS", 1500);
	unsigned long seed = env_ulong("FADUMP_FUZZ_SEED",
				       (unsigned long)time(NULL) ^ getpid());
	unsigned long i, accepted = 0, refused = 0, to_reg = 0, to_args = 0;
	char *buf, *want_args, *got;
	size_t limit = 0, len;
	int want_reg, r;
	ssize_t n;

	ksft_print_msg("seed %lu (FADUMP_FUZZ_SEED=%lu replays this run), %lu writes\n",
		       seed, seed, iters);
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	buf = malloc(FUZZ_MAX_LEN + 2);
	want_args = malloc(FADUMP_BUF_SIZE);
	got = malloc(FADUMP_BUF_SIZE);
	ASSERT_TRUE(buf && want_args && got);

	want_reg = fadump_registered();
	ASSERT_GE(want_reg, 0);
	if (self->have_bootargs) {
		limit = bootargs_limit();
		ASSERT_GT(limit, 0);
		args_limit = limit;
		ksft_print_msg("bootargs_append limit %zu bytes\n", limit);
		ASSERT_EQ(0, fadump_write_str(FADUMP_BOOTARGS, "fadump_fuzz=start"));
		snprintf(want_args, FADUMP_BUF_SIZE, "fadump_fuzz=start\n");
	}

	for (i = 0; i < iters; i++) {
		bool args = self->have_bootargs && rnd_below(3) == 0;
		int model;

		len = make_input(buf);
		if (args) {
			to_args++;
			n = fadump_write_file(FADUMP_BOOTARGS, buf, len);
			if (!len) {
				EXPECT_TRUE(n == 0 || n < 0);
			} else if (bootargs_model(buf, len, limit, got)) {
				if (n != (ssize_t)len)
					hexdump("refused bootargs", buf, len);
				ASSERT_EQ((ssize_t)len, n) TH_LOG("write %lu", i);
				snprintf(want_args, FADUMP_BUF_SIZE, "%s", got);
			} else {
				if (n >= 0)
					hexdump("accepted bootargs", buf, len);
				ASSERT_GT(0, n) TH_LOG("write %lu", i);
			}
			ASSERT_GE(fadump_read_file(FADUMP_BOOTARGS, got,
						   FADUMP_BUF_SIZE), 0);
			ASSERT_EQ(0, strcmp(want_args, got))
				TH_LOG("write %lu: bootargs_append reads %zu bytes, want %zu",
				       i, strlen(got), strlen(want_args));
		} else {
			to_reg++;
			n = fadump_write_file(FADUMP_REGISTERED, buf, len);
			model = registered_model(buf, len);
			if (!len) {
				EXPECT_TRUE(n == 0 || n < 0);
			} else if (model < 0) {
				if (n >= 0)
					hexdump("accepted", buf, len);
				ASSERT_GT(0, n) TH_LOG("write %lu", i);
			} else if (model == 1 && self->dump_active) {
				ASSERT_EQ(-EBUSY, n) TH_LOG("write %lu", i);
			} else {
				ASSERT_EQ((ssize_t)len, n)
					TH_LOG("write %lu: %s", i,
					       n < 0 ? strerror(-n) : "short");
				want_reg = model;
			}
		}
		if (n > 0)
			accepted++;
		else
			refused++;
		r = fadump_registered();
		ASSERT_EQ(want_reg, r) TH_LOG("after write %lu", i);
	}
	ksft_print_msg("%lu writes (%lu registered, %lu bootargs_append)\n",
		       iters, to_reg, to_args);
	ksft_print_msg("%lu accepted, %lu refused\n", accepted, refused);

	/* still alive and consistent */
	EXPECT_EQ(1, fadump_read_bool(FADUMP_ENABLED));
	EXPECT_EQ(0, fadump_kmsg_splats(self->kmsg));
	if (!self->dump_active) {
		ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "1\n"));
		ASSERT_EQ(1, fadump_registered());
	}
	free(buf);
	free(want_args);
	free(got);
}

TEST_HARNESS_MAIN
