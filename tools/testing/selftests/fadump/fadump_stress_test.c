// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrent writers of the firmware-assisted dump control files: threads
 * register, unregister, write bootargs_append and write garbage at the
 * same time. Afterwards the state must be one that some thread's last
 * successful write asked for, and registering again must work.
 *
 * FADUMP_STRESS_THREADS (default 8) and FADUMP_STRESS_SECONDS (default 3)
 * tune the run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fadump_util.h"

#define STRESS_MAX_THREADS	64

struct worker {
	pthread_t tid;
	unsigned int id;
	uint64_t rng;
	bool bootargs;
	/* results */
	int last_reg;			/* last successful registered write, -1 none */
	char last_args[64];		/* last successful bootargs value, "" none */
	unsigned long ops, valid_failed, bad_accepted;
	int first_errno;
};

static atomic_bool stop;

static uint64_t worker_rnd(struct worker *w)
{
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545f4914f6cdd1dULL;
}

static void note_failure(struct worker *w, ssize_t n)
{
	w->valid_failed++;
	if (!w->first_errno)
		w->first_errno = n < 0 ? (int)-n : EIO;
}

static void *worker_fn(void *arg)
{
	static const char * const bad[] = { "2", "", "01", "1 ", "x", "-1" };
	struct worker *w = arg;
	char val[64];
	ssize_t n;

	while (!atomic_load(&stop)) {
		unsigned int op = worker_rnd(w) % 10;

		w->ops++;
		if (op < 4) {			/* register / unregister */
			int v = worker_rnd(w) & 1;

			n = fadump_write_file(FADUMP_REGISTERED, v ? "1\n" : "0\n", 2);
			if (n == 2)
				w->last_reg = v;
			else
				note_failure(w, n);
		} else if (op < 7 && w->bootargs) {
			snprintf(val, sizeof(val), "fadump_stress=%u.%lu",
				 w->id, w->ops);
			n = fadump_write_file(FADUMP_BOOTARGS, val, strlen(val));
			if (n == (ssize_t)strlen(val))
				memcpy(w->last_args, val, sizeof(val));
			else
				note_failure(w, n);
		} else if (op < 9) {		/* garbage */
			const char *b = bad[worker_rnd(w) % 6];

			if (!*b)
				continue;
			n = fadump_write_file(FADUMP_REGISTERED, b, strlen(b));
			if (n >= 0)
				w->bad_accepted++;
		} else {			/* readers */
			fadump_registered();
			if (w->bootargs)
				fadump_read_file(FADUMP_BOOTARGS, val, sizeof(val));
		}
	}
	return NULL;
}

FIXTURE(stress) {
	int registered;
	bool have_bootargs;
	char bootargs[FADUMP_BUF_SIZE];
	int kmsg;
};

FIXTURE_SETUP(stress)
{
	const char *why = fadump_unsupported();

	self->kmsg = -1;
	if (why)
		SKIP(return, "%s", why);
	if (geteuid())
		SKIP(return, "writing the control files needs root");
	if (fadump_dump_active())
		SKIP(return, "a dump is held: registration is blocked until it is released");
	self->registered = fadump_registered();
	ASSERT_GE(self->registered, 0);
	self->have_bootargs = fadump_exists(FADUMP_BOOTARGS);
	if (self->have_bootargs)
		ASSERT_GE(fadump_read_file(FADUMP_BOOTARGS, self->bootargs,
					   sizeof(self->bootargs)), 0);
	self->have_bootargs = self->have_bootargs && fadump_bootargs_usable();
	self->kmsg = fadump_kmsg_open();
}

FIXTURE_TEARDOWN(stress)
{
	if (self->have_bootargs)
		fadump_restore_bootargs(self->bootargs);
	fadump_restore_registered(self->registered);
	if (self->kmsg >= 0)
		close(self->kmsg);
}

TEST_F_TIMEOUT(stress, concurrent_writers, 120)
{
	const char *s;
	unsigned int nthreads = 8, seconds = 3, i;
	unsigned long ops = 0, failed = 0, bad = 0;
	struct worker *w;
	static char args[FADUMP_BUF_SIZE];
	char want[80];
	bool found;
	int reg;

	s = getenv("FADUMP_STRESS_THREADS");
	if (s && atoi(s) > 0)
		nthreads = atoi(s) < STRESS_MAX_THREADS ? atoi(s) : STRESS_MAX_THREADS;
	s = getenv("FADUMP_STRESS_SECONDS");
	if (s && atoi(s) > 0)
		seconds = atoi(s) < 100 ? atoi(s) : 100;
	ksft_print_msg("%u threads for %u s\n", nthreads, seconds);

	w = calloc(nthreads, sizeof(*w));
	ASSERT_NE(NULL, w);
	for (i = 0; i < nthreads; i++) {
		w[i].id = i;
		w[i].rng = (time(NULL) ^ getpid()) * 0x9e3779b97f4a7c15ULL + i + 1;
		w[i].bootargs = self->have_bootargs;
		w[i].last_reg = -1;
		ASSERT_EQ(0, pthread_create(&w[i].tid, NULL, worker_fn, &w[i]));
	}
	sleep(seconds);
	atomic_store(&stop, true);
	for (i = 0; i < nthreads; i++) {
		ASSERT_EQ(0, pthread_join(w[i].tid, NULL));
		ops += w[i].ops;
		failed += w[i].valid_failed;
		bad += w[i].bad_accepted;
		if (w[i].first_errno)
			TH_LOG("thread %u: a valid write failed: %s", i,
			       strerror(w[i].first_errno));
	}
	ksft_print_msg("%lu operations, %lu valid writes failed, %lu invalid accepted\n",
		       ops, failed, bad);
	EXPECT_EQ(0, failed);
	EXPECT_EQ(0, bad);

	/* the final state is some thread's last successful write */
	reg = fadump_registered();
	ASSERT_GE(reg, 0) TH_LOG("registered does not read 0 or 1");
	found = false;
	for (i = 0; i < nthreads; i++)
		found |= w[i].last_reg == reg;
	EXPECT_TRUE(found) TH_LOG("registered=%d was not the last write of any thread", reg);

	if (self->have_bootargs) {
		ASSERT_GT(fadump_read_file(FADUMP_BOOTARGS, args, sizeof(args)), 0);
		found = false;
		for (i = 0; i < nthreads; i++) {
			if (!w[i].last_args[0])
				continue;
			snprintf(want, sizeof(want), "%s\n", w[i].last_args);
			found |= !strcmp(want, args);
		}
		EXPECT_TRUE(found) TH_LOG("bootargs_append reads \"%s\"", args);
	}

	/* and registering again works */
	ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "1\n"));
	ASSERT_EQ(1, fadump_registered());
	EXPECT_EQ(1, fadump_read_bool(FADUMP_ENABLED));
	EXPECT_EQ(0, fadump_kmsg_splats(self->kmsg));
	free(w);
}

TEST_HARNESS_MAIN
