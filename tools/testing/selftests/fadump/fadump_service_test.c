// SPDX-License-Identifier: GPL-2.0
/*
 * The sysfs protocol of a kdump service driving fadump, step by step as
 * Fedora's kdump-utils (kdumpctl, its udev rule, its dump initramfs) uses
 * it:
 *
 *  - the dump mode is fadump when enabled reads 1;
 *  - start: the capture kernel's extra arguments are echoed into
 *    bootargs_append and read back if the file exists (PowerVM; OPAL has
 *    no parameter area and no such file), then 1 is echoed into
 *    registered and registered must read 1;
 *  - reload: the arguments again, then 1 into registered while
 *    registered, which must succeed (stop and start is only the
 *    fallback for kernels that refuse it);
 *  - stop: 0 into registered, which must then read 0;
 *  - on memory or CPU hotplug, the service registers again unless
 *    hotplug_ready reads 1;
 *  - a capture boot is recognised by /proc/device-tree/rtas/ibm,kernel-dump
 *    on PowerVM and by /proc/device-tree/ibm,opal/dump/mpipl-boot on
 *    PowerNV (the dump initramfs looks for either).
 *
 * Every write is one write(2) of the string with a newline, as echo does.
 * The tests that change the registration skip while a dump is held.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fadump_util.h"

#define RTAS_KERNEL_DUMP	"/proc/device-tree/rtas/ibm,kernel-dump"
#define OPAL_NODE		"/proc/device-tree/ibm,opal"
#define OPAL_MPIPL_BOOT		"/proc/device-tree/ibm,opal/dump/mpipl-boot"
#define MSG_REGISTERED		"fadump: registered with the firmware"
#define MSG_UNREGISTERED	"fadump: unregistered from the firmware"

/* capture kernel arguments as a service passes them */
#define SERVICE_ARGS		"nr_cpus=16 numa=off novmcoredd"

#define NO_ROOT		"writing the control files needs root"
#define DUMP_HELD	"a dump is held: registration is blocked until it is released"

static int splat_fd = -1;

FIXTURE(service) {
	int registered;			/* state found at setup */
	bool dump_active;
	bool root;
	bool have_bootargs;	/* the file exists */
	bool bootargs_ok;	/* and takes values */
	char bootargs[FADUMP_BUF_SIZE];
	int kmsg;			/* /dev/kmsg, at the end at setup */
};

FIXTURE_SETUP(service)
{
	const char *why = fadump_unsupported();

	self->kmsg = -1;
	if (why)
		SKIP(return, "%s", why);
	self->registered = fadump_registered();
	ASSERT_GE(self->registered, 0);
	self->dump_active = fadump_dump_active();
	self->root = geteuid() == 0;
	self->bootargs[0] = '\0';
	self->have_bootargs = fadump_exists(FADUMP_BOOTARGS);
	if (self->have_bootargs)
		ASSERT_GE(fadump_read_file(FADUMP_BOOTARGS, self->bootargs,
					   sizeof(self->bootargs)), 0);
	self->bootargs_ok = self->root && self->bootargs[0] &&
			    fadump_bootargs_usable();
	if (self->root) {
		self->kmsg = fadump_kmsg_open();
		if (splat_fd < 0)
			splat_fd = fadump_kmsg_open();
	}
}

FIXTURE_TEARDOWN(service)
{
	if (self->kmsg >= 0)
		close(self->kmsg);
	if (!self->root)
		return;
	fadump_restore_registered(self->registered);
	if (self->bootargs_ok)
		fadump_restore_bootargs(self->bootargs);
	EXPECT_EQ(0, fadump_kmsg_splats(splat_fd));
}

/*
 * The kernel's registration messages logged since @fd was opened (or last
 * read), in order: 'r' for a registration, 'u' for an unregistration.
 */
static void reg_events(int fd, char *out, size_t size)
{
	char rec[2048];
	size_t n = 0;
	ssize_t len;

	out[0] = '\0';
	if (fd < 0)
		return;
	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;
		if (len <= 0)
			break;
		rec[len] = '\0';
		if (n + 1 >= size)
			break;
		if (strstr(rec, MSG_UNREGISTERED))
			out[n++] = 'u';
		else if (strstr(rec, MSG_REGISTERED))
			out[n++] = 'r';
	}
	out[n] = '\0';
}

/*
 * Echo @val into bootargs_append and read it back, as the service does
 * where the file exists; where it does not, the service skips the step.
 */
static void set_bootargs(struct __test_metadata *_metadata, bool have,
			 const char *val)
{
	static char buf[FADUMP_BUF_SIZE], want[FADUMP_BUF_SIZE];

	if (!have)
		return;
	snprintf(want, sizeof(want), "%s\n", val);
	ASSERT_EQ(0, fadump_write_str(FADUMP_BOOTARGS, want));
	ASSERT_GT(fadump_read_file(FADUMP_BOOTARGS, buf, sizeof(buf)), 0);
	EXPECT_STREQ(want, buf);
}

/* The service picks fadump over kdump when enabled reads 1. */
TEST_F(service, dump_mode)
{
	EXPECT_EQ(1, fadump_read_bool(FADUMP_ENABLED));
}

/* stop, then start: arguments, then registered */
TEST_F(service, stop_start)
{
	char ev[16];

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (self->dump_active)
		SKIP(return, DUMP_HELD);
	ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "0\n"));
	ASSERT_EQ(0, fadump_registered());
	set_bootargs(_metadata, self->have_bootargs, SERVICE_ARGS);
	ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "1\n"));
	ASSERT_EQ(1, fadump_registered());
	reg_events(self->kmsg, ev, sizeof(ev));
	EXPECT_STREQ(self->registered ? "ur" : "r", ev);
}

/*
 * reload while registered: the write of 1 succeeds, registered still
 * reads 1, and the registration was left alone (writing the current
 * state changes nothing), new arguments included.
 */
TEST_F(service, reload_while_registered)
{
	char ev[16];

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (self->dump_active)
		SKIP(return, DUMP_HELD);
	if (self->registered != 1)
		ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "1\n"));
	ASSERT_EQ(1, fadump_registered());
	reg_events(self->kmsg, ev, sizeof(ev));
	set_bootargs(_metadata, self->have_bootargs, SERVICE_ARGS " fadump_selftest=reload");
	EXPECT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "1\n"));
	EXPECT_EQ(1, fadump_registered());
	reg_events(self->kmsg, ev, sizeof(ev));
	EXPECT_STREQ("", ev) TH_LOG("the reload re-registered: events '%s'", ev);
}

/* stop: registered reads 0 */
TEST_F(service, stop)
{
	char ev[16];

	if (!self->root)
		SKIP(return, NO_ROOT);
	if (self->dump_active)
		SKIP(return, DUMP_HELD);
	if (self->registered != 1)
		ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "1\n"));
	reg_events(self->kmsg, ev, sizeof(ev));
	ASSERT_EQ(0, fadump_write_str(FADUMP_REGISTERED, "0\n"));
	EXPECT_EQ(0, fadump_registered());
	reg_events(self->kmsg, ev, sizeof(ev));
	EXPECT_STREQ("u", ev);
}

/* The udev rule registers again on hotplug unless this reads 1. */
TEST_F(service, hotplug_ready)
{
	EXPECT_EQ(1, fadump_read_bool(FADUMP_HOTPLUG_READY));
}

/*
 * A capture boot is told from a production boot by a property the
 * firmware adds: RTAS's ibm,kernel-dump on PowerVM, OPAL's mpipl-boot on
 * PowerNV. It is present exactly when a dump is held.
 */
TEST_F(service, capture_boot_detected)
{
	const char *prop = fadump_exists(OPAL_NODE) ? OPAL_MPIPL_BOOT :
						      RTAS_KERNEL_DUMP;

	EXPECT_EQ(self->dump_active, fadump_exists(prop))
		TH_LOG("%s %s, but a dump is %s", prop,
		       fadump_exists(prop) ? "exists" : "is absent",
		       self->dump_active ? "held" : "not held");
}

TEST_HARNESS_MAIN
