// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump (fadump): platform-neutral core.
 *
 * This file owns the state (struct fadump_state, fadump_mutex) and holds
 * what every boot goes through: the command line, the firmware probe,
 * registration, the crash path, the hooks of asm/fadump.h and the
 * initcall. The rest of the core, one concern a file, is listed in
 * fadump-core.h; the firmware is reached through a backend (struct
 * fadump_ops, asm/fadump-internal.h).
 */

/**
 * DOC: how firmware-assisted dump works
 *
 * The first kernel picks "boot memory" (the first bytes of RAM, possibly
 * in several ranges around holes) and reserves a dump area above it
 * (fadump-reserve.c). It registers both with the firmware through a
 * backend. On a crash it records a crash-info header in the dump area
 * and asks the firmware to take the dump: the firmware copies boot
 * memory into the dump area, saves every CPU's registers there, resets
 * the partition and boots the kernel again, leaving all memory outside
 * boot memory as it was.
 *
 * That capture kernel runs in boot memory only, keeps everything else
 * away from the allocator (with memory hotplug, whole memory blocks of it
 * out of memblock, so that boot memory need not grow with RAM; see
 * fadump-hold.c), checks the crash-info header against what the firmware
 * reports, and builds an ELF core header so that /proc/vmcore shows the
 * crashed kernel's memory: boot memory from its copy, the rest in place
 * (fadump-capture.c). Writing 1 to /sys/kernel/fadump/release_mem gives
 * the preserved memory back (hot-adding what was taken out of memblock)
 * and registers again (fadump-release.c).
 *
 * Dump area layout (each piece aligned as the firmware wants):
 *
 *   area_start = boot_dst_pa   copy of boot memory (CMA unless fadump=nocma)
 *   crash_info_pa              FADUMP_CRASH_INFO_AREA bytes
 *   cpu_state_pa               firmware's register save area
 *   hpte_pa                    firmware's HPTE section (if offered)
 *   elfhdr_pa                  room for the capture kernel's ELF header
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/bug.h>
#include <linux/crash_dump.h>
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/panic.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/vmcore_info.h>

#include <asm/fadump.h>
#include <asm/fadump-internal.h>
#include <asm/interrupt.h>
#include <asm/setup.h>

#include "fadump-core.h"

/* All state of the core; the other files reach it through fadump-core.h. */
struct fadump_state fadump = {
	.rearm = true,
};

/* Serialises every writer of struct fadump_state after boot. */
DEFINE_MUTEX(fadump_mutex);

/* ------------------------------------------------------------------ */
/* Command line and firmware probe                                     */
/* ------------------------------------------------------------------ */

static int __init fadump_param(char *arg)
{
	if (fadump_parse_mode(arg, &fadump.mode))
		pr_warn("ignoring fadump=%s: use on, off or nocma\n", arg ?: "");
	/* Without CMA the copy area can only stay reserved. */
	if (!IS_ENABLED(CONFIG_CMA) && fadump.mode == FADUMP_MODE_ON)
		fadump.mode = FADUMP_MODE_NOCMA;
	return 0;
}
early_param("fadump", fadump_param);

static int __init fadump_rearm_param(char *arg)
{
	if (!arg || fadump_parse_bool(arg, strlen(arg), &fadump.rearm))
		pr_warn("ignoring fadump_rearm=%s: use 0 or 1\n", arg ?: "");
	return 0;
}
early_param("fadump_rearm", fadump_rearm_param);

static int __init fadump_keep_param(char *arg)
{
	if (!arg || fadump_parse_bool(arg, strlen(arg), &fadump.keep))
		pr_warn("ignoring fadump_keep=%s: use 0 or 1\n", arg ?: "");
	return 0;
}
early_param("fadump_keep", fadump_keep_param);

/**
 * early_init_dt_scan_fw_dump() - find the firmware's dump support
 * @node: flat device tree node
 * @uname: its name
 * @depth: its depth
 * @data: unused
 *
 * Called for each node by of_scan_flat_dt() early in boot. The depth-1
 * node of a firmware with a backend built in picks it: /rtas the pseries
 * one, /ibm,opal the PowerNV one. Probes the backend there; if the
 * firmware reports an active dump, reads its description right away (the
 * bootargs it carries are needed before the command line is parsed).
 *
 * Context: early boot, real mode, flat device tree.
 * Return: 1 (stop scanning) once such a node was seen, 0 otherwise.
 */
int __init early_init_dt_scan_fw_dump(unsigned long node, const char *uname,
				      int depth, void *data)
{
	const struct fadump_ops *ops = NULL;
	struct fadump_fw_info fw = {};
	int rc;

	if (depth != 1)
		return 0;
	if (IS_ENABLED(CONFIG_PPC_PSERIES) && !strcmp(uname, "rtas"))
		ops = &rtas_fadump_ops;
	else if (IS_ENABLED(CONFIG_PPC_POWERNV) && !strcmp(uname, "ibm,opal"))
		ops = &opal_fadump_ops;
	if (!ops)
		return 0;

	rc = ops->probe(node, &fw);
	if (rc) {
		if (rc != -ENODEV)
			pr_err("%s: cannot use the firmware's dump support (%d)\n",
			       ops->name, rc);
		return 1;
	}
	if (!fw.max_boot_ranges || !fw.cpu_state_size || !fw.max_meta_addr) {
		pr_err("%s: firmware offers %u boot ranges, %#llx bytes of CPU state and a %#llx-byte RMA: unusable\n",
		       ops->name, fw.max_boot_ranges, fw.cpu_state_size,
		       fw.max_meta_addr);
		return 1;
	}
	fw.max_boot_ranges = min_t(u32, fw.max_boot_ranges,
				   FADUMP_MAX_BOOT_RANGES);
	fw.boot_align = fadump_fw_align(&fw);
	if (fw.max_range_size && fw.max_range_size < fw.boot_align) {
		pr_err("%s: firmware takes boot ranges of at most %#llx bytes, less than its alignment %#llx: unusable\n",
		       ops->name, fw.max_range_size, fw.boot_align);
		return 1;
	}
	fw.max_range_size = ALIGN_DOWN(fw.max_range_size, fw.boot_align);

	fadump.ops = ops;
	fadump.fw = fw;
	fadump.dump_active = fw.dump_active;
	if (fw.dump_active) {
		rc = ops->read_dump(&fadump.info);
		fadump.info_ok = !rc;
		if (rc)
			pr_err("the firmware's description of the dump is unusable (%d): no dump this boot\n",
			       rc);
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Registration and the crash path                                    */
/* ------------------------------------------------------------------ */

static struct fadump_crash_info *fadump_crash_info(void)
{
	return __va(fadump.layout.crash_info_pa);
}

/* Everything but what only the crash can tell; magic stays 0 until then. */
static void fadump_init_crash_info(void)
{
	struct fadump_crash_info *ci = fadump_crash_info();

	BUILD_BUG_ON(sizeof(*ci) > FADUMP_CRASH_INFO_AREA);
	memset(ci, 0, sizeof(*ci));
	ci->version = FADUMP_CRASH_INFO_VERSION;
	ci->size = sizeof(*ci);
	ci->endian = FADUMP_CRASH_INFO_ENDIAN;
	ci->pt_regs_size = sizeof(struct pt_regs);
	ci->cpumask_size = sizeof(struct cpumask);
	ci->nr_cpu_ids = nr_cpu_ids;
	ci->crashing_cpu = FADUMP_CPU_NONE;
	ci->vmcoreinfo_size = VMCOREINFO_NOTE_SIZE;
	ci->layout = fadump.layout;
}

/*
 * Register, replacing a registration the firmware still has from an
 * earlier boot: one that ended in a machine reset or an emergency
 * restart, where fadump_cleanup() cannot run, leaves it in place, and
 * PowerVM then refuses a new one with "already registered".
 */
static int fadump_register_replacing(void)
{
	int rc = fadump.ops->register_dump();

	if (rc != -EEXIST)
		return rc;
	pr_notice("%s: the firmware still has a registration from an earlier boot; replacing it\n",
		  fadump.ops->name);
	rc = fadump.ops->unregister_dump();
	if (rc) {
		pr_err("%s: cannot unregister the earlier registration (%d)\n",
		       fadump.ops->name, rc);
		return rc;
	}
	return fadump.ops->register_dump();
}

/**
 * fadump_register_locked() - register the dump area with the firmware
 *
 * Writes a fresh crash-info header, has the backend describe
 * &fadump_state.layout to the firmware and registers it. Does nothing if
 * already registered.
 *
 * Context: process context, fadump_mutex held; may sleep.
 * Return: 0, -EBUSY while a dump is held, -ENOMEM if no dump area is
 * reserved, or the backend's -errno.
 */
int fadump_register_locked(void)
{
	int rc;

	lockdep_assert_held(&fadump_mutex);
	if (fadump.registered)
		return 0;
	if (fadump.dump_active) {
		pr_warn_ratelimited("cannot register while a dump is held; release it first\n");
		return -EBUSY;
	}
	if (!fadump.reserved) {
		pr_warn_ratelimited("cannot register: no dump area is reserved\n");
		return -ENOMEM;
	}

	fadump_init_crash_info();
	rc = fadump.ops->prepare(&fadump.layout);
	if (rc) {
		pr_err("%s: cannot describe the dump area to the firmware (%d)\n",
		       fadump.ops->name, rc);
		return rc;
	}
	rc = fadump_register_replacing();
	if (rc) {
		pr_err("%s: the firmware refused the registration (%d)\n",
		       fadump.ops->name, rc);
		return rc;
	}
	/*
	 * Have panic() run its notifiers, ours first, before it stops the
	 * other CPUs: the firmware then saves their state where they were,
	 * and the crash-info header lists them as online.
	 */
	crash_kexec_post_notifiers = true;
	WRITE_ONCE(fadump.registered, true);
	pr_info("registered with the firmware: %#llx bytes of boot memory will be dumped\n",
		fadump.layout.boot_mem_size);
	return 0;
}

/**
 * fadump_unregister_locked() - unregister from the firmware
 *
 * A crash from here on is not handed to the firmware. Does nothing if not
 * registered.
 *
 * Context: process context, fadump_mutex held; may sleep.
 * Return: 0, or the backend's -errno (then still registered).
 */
int fadump_unregister_locked(void)
{
	int rc;

	lockdep_assert_held(&fadump_mutex);
	if (!fadump.registered)
		return 0;

	/* A crash from here on must not go to the firmware. */
	WRITE_ONCE(fadump.registered, false);
	rc = fadump.ops->unregister_dump();
	if (rc) {
		WRITE_ONCE(fadump.registered, true);
		pr_err("%s: the firmware refused to unregister (%d)\n",
		       fadump.ops->name, rc);
		return rc;
	}
	pr_info("unregistered from the firmware\n");
	return 0;
}

/**
 * is_fadump_active() - did the firmware boot us with a dump?
 *
 * Return: true from early boot until the dump is released (or, if it
 * cannot be used, discarded at initcall time).
 */
bool is_fadump_active(void)
{
	return READ_ONCE(fadump.dump_active);
}

/**
 * should_fadump_crash() - will a crash be handed to the firmware?
 *
 * Return: true while a dump is registered with the firmware.
 */
bool should_fadump_crash(void)
{
	return READ_ONCE(fadump.registered);
}

/*
 * The crash gate. The first CPU to crash claims it, records the crash
 * and asks the firmware for the dump; a working request does not come
 * back. Every other entry waits: CPUs crashing meanwhile, and this CPU
 * again if an NMI interrupts its own request (the firmware may still
 * take the dump). A request that came back marks the gate failed, which
 * ends every wait at once; a wait also ends on its own after
 * FADUMP_CRASH_WAIT_MS, the owner then being stuck. Either way the
 * waiting CPUs return and the kernel goes on crashing without a dump:
 * panic_timeout reboots the machine instead of it hanging.
 */
static struct fadump_crash_gate fadump_gate = {
	.owner = FADUMP_CPU_NONE,
};

/**
 * fadump_crash_claim() - take a turn in the crash path
 * @g: the crash gate
 * @cpu: logical id of the crashing CPU
 *
 * Context: crash path, interrupts off; lockless.
 * Return: %FADUMP_CRASH_DUMP for the first CPU, %FADUMP_CRASH_FAILED
 * once the request failed, %FADUMP_CRASH_WAIT otherwise.
 */
enum fadump_crash_turn fadump_crash_claim(struct fadump_crash_gate *g,
					  u32 cpu)
{
	if (cmpxchg(&g->owner, FADUMP_CPU_NONE, cpu) == FADUMP_CPU_NONE)
		return FADUMP_CRASH_DUMP;
	return READ_ONCE(g->failed) ? FADUMP_CRASH_FAILED : FADUMP_CRASH_WAIT;
}

/**
 * fadump_crash_wait() - wait for the owner's request to the firmware
 * @g: the crash gate
 * @ms: longest wait, in milliseconds
 *
 * Returns early when the owner marks the gate failed; after @ms marks it
 * failed itself, so that no other CPU waits for a stuck owner again.
 *
 * Context: crash path, interrupts off; busy-waits.
 * Return: -EIO if the request failed, -ETIMEDOUT if it did not end in
 * time (a request that works never ends: the firmware resets first).
 */
int fadump_crash_wait(struct fadump_crash_gate *g, unsigned int ms)
{
	unsigned int i;

	for (i = 0; i < ms; i++) {
		if (READ_ONCE(g->failed))
			return -EIO;
		mdelay(1);
	}
	WRITE_ONCE(g->failed, true);
	return -ETIMEDOUT;
}

/**
 * fadump_crash_hand_over() - one CPU's pass through the crash gate
 * @g: the crash gate
 * @c: the crashing CPU, with what records the crash and what asks the
 *     firmware for the dump
 * @wait_ms: how long a CPU that is not the owner waits
 *
 * The owner calls @c->record, then @c->trigger; when that returns, it
 * marks the gate failed. Everyone else waits (fadump_crash_wait()).
 *
 * Context: crash path, interrupts off; takes no locks.
 * Return: only when no dump is coming: -EIO if the request to the
 * firmware failed, -ETIMEDOUT if it did not end within @wait_ms.
 */
int fadump_crash_hand_over(struct fadump_crash_gate *g,
			   const struct fadump_crash_cpu *c,
			   unsigned int wait_ms)
{
	switch (fadump_crash_claim(g, c->cpu)) {
	case FADUMP_CRASH_FAILED:
		return -EIO;
	case FADUMP_CRASH_WAIT:
		return fadump_crash_wait(g, wait_ms);
	case FADUMP_CRASH_DUMP:
		break;
	}
	c->record(c);
	c->trigger(c->msg);
	WRITE_ONCE(g->failed, true);
	return -EIO;
}

/* The owner's record step: the crash-info header in the dump area. */
static void fadump_record_crash(const struct fadump_crash_cpu *c)
{
	struct fadump_crash_info *ci = fadump_crash_info();
	unsigned int cpu;

	/* crash reads it from the dump to find the panic task's CPU */
	crashing_cpu = c->cpu;
	ci->crashing_cpu = c->cpu;
	if (c->regs)
		ci->regs = *c->regs;
	else
		ppc_save_regs(&ci->regs);
	cpumask_copy(&ci->online_mask, cpu_online_mask);
	for_each_online_cpu(cpu)
		ci->hw_id[cpu] = get_hard_smp_processor_id(cpu);
	/* None before crash_save_vmcoreinfo_init(): the dump goes without. */
	if (vmcoreinfo_note) {
		crash_save_vmcoreinfo();
		ci->vmcoreinfo_pa = paddr_vmcoreinfo_note();
	} else {
		ci->vmcoreinfo_pa = 0;
		ci->vmcoreinfo_size = 0;
	}
	/* The magic says the rest is complete. */
	smp_wmb();
	WRITE_ONCE(ci->magic, FADUMP_CRASH_INFO_MAGIC);
	/* All of it must be in memory before the firmware looks. */
	mb();
}

/* The owner's request, failed on purpose through powerpc/fail_fadump. */
static void fadump_trigger(const char *msg)
{
	if (fadump_inject_failure()) {
		pr_emerg("%s: the request for the dump fails on purpose (fail_fadump)\n",
			 fadump.ops->name);
		return;
	}
	fadump.ops->trigger(msg);
}

/**
 * crash_fadump() - hand a crash to the firmware
 * @regs: registers at the time of the crash, NULL to take the current ones
 * @str: reason, passed to the firmware
 *
 * Called from the panic notifier, from die() and for a system reset. An
 * oops is a crash only if die_will_crash() says so (the kernel will
 * panic): the pseries and PowerNV machine-check handlers ask it the same
 * question. The CPUs go through the crash gate (fadump_crash_hand_over()).
 * Returns only if fadump is not registered or no dump is coming.
 *
 * Context: any, interrupts may be off; takes no locks, allocates nothing.
 */
void crash_fadump(struct pt_regs *regs, const char *str)
{
	struct fadump_crash_cpu c = {
		.regs = regs,
		.msg = str,
		.record = fadump_record_crash,
		.trigger = fadump_trigger,
	};
	int rc;

	if (!should_fadump_crash())
		return;
	if (regs && TRAP(regs) != INTERRUPT_SYSTEM_RESET && !die_will_crash())
		return;

	hard_irq_disable();
	c.cpu = smp_processor_id();
	rc = fadump_crash_hand_over(&fadump_gate, &c, FADUMP_CRASH_WAIT_MS);
	/*
	 * No dump is coming. crashing_cpu, which the owner set for the dump
	 * tools, also means "a kdump is in progress": left set, it would
	 * hold this CPU for ever in crash_kexec_secondary() (the system
	 * reset path) waiting for a kdump that never starts.
	 */
	WRITE_ONCE(crashing_cpu, -1);
	/* ... before this CPU goes on to look at it there */
	smp_mb();
	if (rc == -ETIMEDOUT)
		pr_emerg("CPU %u: no dump after %u ms; crashing without one\n",
			 c.cpu, FADUMP_CRASH_WAIT_MS);
	else
		pr_emerg("CPU %u: the firmware did not take the dump\n", c.cpu);
}

/*
 * A capture kernel going away with the dump unreleased: dump services
 * (Debian's kdump-tools, Fedora's kdump-utils) save the dump and reboot
 * without writing release_mem, so the dump is dropped and the next boot
 * is a normal, armed one. fadump_keep=1 keeps it for the next boot.
 */
static void fadump_drop_unreleased_locked(void)
{
	int rc;

	lockdep_assert_held(&fadump_mutex);
	if (!fadump.dump_active || fadump.keep)
		return;
	rc = fadump.ops->invalidate_dump();
	if (rc) {
		pr_err("%s: the firmware did not drop the unreleased dump (%d); the next boot presents it again\n",
		       fadump.ops->name, rc);
		return;
	}
	WRITE_ONCE(fadump.dump_active, false);
	pr_notice("dropped the unreleased dump; the next boot is a normal one (fadump_keep=1 keeps it)\n");
}

/**
 * fadump_cleanup() - leave the firmware clean before the kernel goes away
 *
 * Called on shutdown, reboot and kexec: unregisters, and in a capture
 * kernel drops a dump that was not released (unless fadump_keep=1), so
 * that the next boot does not present it again.
 *
 * Context: process context; does nothing from atomic context (a panic,
 * an emergency restart), where a held dump stays for the next boot.
 */
void fadump_cleanup(void)
{
	if (!fadump.ops || in_interrupt() || irqs_disabled())
		return;
	mutex_lock(&fadump_mutex);
	fadump_drop_unreleased_locked();
	if (READ_ONCE(fadump.registered))
		fadump_unregister_locked();
	mutex_unlock(&fadump_mutex);
}

/**
 * is_fadump_memory_area() - does a range touch memory fadump needs?
 * @addr: start of the range
 * @size: its size
 *
 * Boot memory and the dump area must stay put while a dump is registered
 * or held, so memory hot-remove refuses them. So is all memory a capture
 * kernel found at boot until the dump is released (it is boot memory or
 * the crashed kernel's), and preserved memory that was taken out of
 * memblock and is not hot-added back yet: it is not this kernel's to
 * remove. Memory added later is not fadump's.
 *
 * Context: any; reads the state without fadump_mutex (memory hot-remove
 * holds the device hotplug lock, which release takes to add memory back).
 * Return: true if [@addr, @addr + @size) overlaps boot memory, the dump
 * area, held memory or preserved memory not added back.
 */
bool is_fadump_memory_area(u64 addr, u64 size)
{
	const struct fadump_layout *l = &fadump.layout;
	u32 i;

	if (!fadump.enabled || !size)
		return false;
	if (READ_ONCE(fadump.holding) && addr < fadump.held_top)
		return true;
	for (i = 0; i < fadump.nr_unplugged; i++) {
		const struct fadump_unplug *u = &fadump.unplugged[i];
		u64 added = READ_ONCE(u->added);

		if (fadump_overlaps(addr, size, u->base + added,
				    u->size - added))
			return true;
	}
	if (!fadump.reserved)
		return false;
	for (i = 0; i < l->nr_boot_ranges; i++)
		if (fadump_overlaps(addr, size, l->boot[i].base, l->boot[i].size))
			return true;
	return fadump_overlaps(addr, size, l->area_start, l->area_size);
}

/* ------------------------------------------------------------------ */
/* Initcall                                                            */
/* ------------------------------------------------------------------ */

static int __init setup_fadump(void)
{
	int rc = 0;

	if (!fadump.ops)
		return 0;

	if (fadump.dump_active && !fadump.holding) {
		/* Nothing held the crashed kernel's memory: the dump is gone. */
		pr_info("discarding the firmware's dump (%s)\n",
			fadump.mode == FADUMP_MODE_OFF ? "fadump=off" :
			!fadump.info_ok ? "it cannot be used" :
					  "no memory could be held");
		rc = fadump.ops->invalidate_dump();
		if (rc)
			pr_err("%s: the firmware did not drop the dump (%d)\n",
			       fadump.ops->name, rc);
		WRITE_ONCE(fadump.dump_active, false);
	}

	if (fadump.enabled) {
		if (fadump.holding) {
			rc = fadump_setup_capture();
		} else {
			mutex_lock(&fadump_mutex);
			rc = fadump_register_locked();
			mutex_unlock(&fadump_mutex);
		}
		fadump_init_debugfs();
	}
	fadump_init_sysfs();
	return rc;
}

/*
 * After crash_save_vmcoreinfo_init() (subsys_initcall), so that a crash
 * once registered records VMCOREINFO; before vmcore_init() (fs_initcall)
 * reads elfcorehdr_addr.
 */
subsys_initcall_sync(setup_fadump);
