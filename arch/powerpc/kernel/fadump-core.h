/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firmware-assisted dump: what the files of the core share with each
 * other and with nothing else.
 *
 * The core is arch/powerpc/kernel/fadump*.c:
 *   fadump.c          state, command line, firmware probe, registration,
 *                     the crash path, the hooks of asm/fadump.h, initcall
 *   fadump-layout.c   pure layout and range arithmetic (KUnit-tested)
 *   fadump-elf.c      pure ELF core header builder (KUnit-tested)
 *   fadump-reserve.c  early boot: RAM ranges, first-kernel reservation
 *   fadump-bootargs.c the bootargs parameter area
 *   fadump-hold.c     capture kernel, early boot: hold preserved memory
 *   fadump-capture.c  capture kernel: crash-info check, /proc/vmcore
 *   fadump-release.c  capture kernel: give preserved memory back
 *   fadump-release-range.c
 *                     capture kernel: give it back by range
 *   fadump-sysfs.c    /sys/kernel/fadump
 *   fadump-debugfs.c  powerpc/fadump_region in debugfs
 *
 * The state (struct fadump_state) and fadump_mutex are defined in
 * fadump.c. What crosses into a firmware backend or into the KUnit
 * tests is in asm/fadump-internal.h instead; the hooks for the rest of
 * the kernel are in asm/fadump.h.
 */
#ifndef _POWERPC_KERNEL_FADUMP_CORE_H
#define _POWERPC_KERNEL_FADUMP_CORE_H

#include <linux/device.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/numa.h>
#include <linux/types.h>
#include <linux/sizes.h>

#include <asm/page.h>

#include <asm/fadump-internal.h>

struct cma;
struct kobject;

/* Extra program headers reserved for memory added after boot */
#define FADUMP_ELF_SPARE_PHDRS		64

/*
 * The capture kernel reads the memory it took out of memblock through a
 * window of this size (fadump-oldmem.c); at most the smallest memory
 * block size of ppc64.
 */
#define FADUMP_OLDMEM_WINDOW		SZ_16M

/*
 * The capture kernel in early boot: most RAM ranges it looks at, and most
 * ranges (reserved outside boot memory, metadata) it keeps in memblock.
 */
#define FADUMP_MAX_EARLY_RAM		128
#define FADUMP_MAX_CUTS			256

/*
 * Most ranges of preserved RAM a capture kernel takes out of memblock:
 * every cut splits at most one piece in two, in RAM and in the
 * boot-memory copy of its own dump area, so this never runs short.
 */
#define FADUMP_MAX_UNPLUGGED	(FADUMP_MAX_EARLY_RAM + 2 * FADUMP_MAX_CUTS + 2)

/*
 * Ranged release (fadump-release-range.c): entries of
 * &fadump_state.unplugged that ranges given back out of address order
 * may split off, and the most released ranges kept apart.
 */
#define FADUMP_MAX_UNPLUG_SPLITS	192
#define FADUMP_MAX_RELEASED		1024

/*
 * prom_init, which runs before the kernel in every boot (the capture
 * kernel's too), allocates downwards from the top of the RMA or 768 MiB,
 * whichever is lower; a dump area above that is safe from it.
 */
#define FADUMP_PROM_TOP		(SZ_512M + SZ_256M)

/**
 * struct fadump_unplug - preserved memory taken out of memblock
 * @base: start, aligned to the memory block size
 * @size: size, a multiple of the memory block size
 * @added: bytes from @base hot-added back since
 * @given: bytes from @base given back (by a ranged release, or all of it
 *         by the release): the background hot-add adds up to here;
 *         never less than @added
 * @permanent: part of our own dump area's boot-memory copy: never added
 *             back
 */
struct fadump_unplug {
	u64 base, size, added, given;
	bool permanent;
};

/**
 * struct fadump_state - all state of the core
 * @ops: the firmware backend, NULL if the firmware cannot dump
 * @fw: what the firmware offers (from @ops->probe)
 * @mode: fadump= from the command line
 * @rearm: fadump_rearm= from the command line: register again after
 *         the preserved memory was released
 * @keep: fadump_keep= from the command line: a capture kernel that is
 *        shut down, rebooted or kexec'ed before the dump was released
 *        keeps the dump for the next boot instead of dropping it
 * @enabled: fadump is in use in this boot (first or capture kernel)
 * @reserved: @layout is valid and its dump area is reserved
 * @registered: @layout is registered with the firmware
 * @dump_active: the firmware holds a dump (until it is invalidated)
 * @holding: this is a capture kernel: memory outside boot memory is held
 *           (reserved, or out of memblock) until the dump is released
 * @held_top: capture kernel: end of the RAM it found at boot; while
 *            @holding, everything below it is boot memory or memory of
 *            the crashed kernel
 * @info_ok: @info was read and checked by @ops->read_dump
 * @dump_ok: the crash-info header checked out and /proc/vmcore is set up
 * @layout: this kernel's dump area, as registered or to be registered
 * @old: capture kernel: the crashed kernel's layout (valid if @dump_ok)
 * @info: capture kernel: the dump as the firmware reports it
 * @cma: the CMA area backing the boot-memory copy, if any
 * @kobj: /sys/kernel/fadump
 * @unplugged: capture kernel: preserved memory taken out of memblock at
 *             boot (fadump-hold.c); @added grows as release hot-adds it
 * @nr_unplugged: number of valid entries in @unplugged; a ranged release
 *                may split an entry in two, in address order
 * @released: capture kernel: what release_region gave back so far,
 *            sorted and merged (kmalloc'ed, NULL if nothing)
 * @nr_released: number of entries in @released
 * @plugging: after a release: the background hot-add of @unplugged is
 *            queued or running
 * @plug_err: the error its last call failed with, 0 if none
 *
 * The early boot code fills this in before any other CPU runs. Afterwards
 * every change (sysfs writes, release, cleanup) happens with
 * fadump_mutex held; the crash path only reads @registered and @layout,
 * without locks, and is_fadump_memory_area() reads @holding,
 * @unplugged and @layout without locks too.
 */
struct fadump_state {
	const struct fadump_ops *ops;
	struct fadump_fw_info fw;
	enum fadump_mode mode;
	bool rearm;
	bool keep;
	bool enabled;
	bool reserved;
	bool registered;
	bool dump_active;
	bool holding;
	u64 held_top;
	bool info_ok;
	bool dump_ok;
	struct fadump_layout layout;
	struct fadump_layout old;
	struct fadump_dump_info info;
	struct cma *cma;
	struct kobject *kobj;
	struct fadump_unplug unplugged[FADUMP_MAX_UNPLUGGED +
				       FADUMP_MAX_UNPLUG_SPLITS];
	u32 nr_unplugged;
	struct fadump_range *released;
	u32 nr_released;
	bool plugging;
	int plug_err;
};

/* Bytes of page structures a kernel builds for @bytes of RAM */
static inline u64 fadump_memmap_bytes(u64 bytes)
{
	return (bytes >> PAGE_SHIFT) * sizeof(struct page);
}

extern struct fadump_state fadump;
extern struct mutex fadump_mutex;

#ifdef CONFIG_MEMORY_HOTPLUG
static inline int fadump_online_block(struct memory_block *mem, void *arg)
{
	int rc;

	mem->online_type = MMOP_ONLINE;
	rc = device_online(&mem->dev);
	return rc < 0 ? rc : 0;
}

/*
 * Hot-add [@start, @start + @size), whole memory blocks, and online it
 * even if new memory is not onlined by default. Returns 0 or -errno.
 */
static inline int fadump_hotplug_add(u64 start, u64 size)
{
	int rc;

	lock_device_hotplug();
	rc = __add_memory(memory_add_physaddr_to_nid(start), start, size,
			  MHP_NONE);
	if (!rc && mhp_get_default_online_type() == MMOP_OFFLINE)
		rc = walk_memory_blocks(start, size, NULL, fadump_online_block);
	unlock_device_hotplug();
	return rc;
}

/*
 * The first bytes of [@start, @start + @size), whole blocks of @block
 * bytes, that lie on the node of @start: one hot-add call is for one
 * node. Looking the node up walks the firmware's memory list, so it is
 * done block by block only where there is more than one node.
 */
static inline u64 fadump_hotplug_one_node(u64 start, u64 size, u64 block)
{
	int nid = memory_add_physaddr_to_nid(start);
	u64 len = block;

	if (num_online_nodes() < 2)
		return size;
	while (len < size && memory_add_physaddr_to_nid(start + len) == nid)
		len += block;
	return min(len, size);
}
#else
static inline int fadump_hotplug_add(u64 start, u64 size)
{
	return -EOPNOTSUPP;
}

static inline u64 fadump_hotplug_one_node(u64 start, u64 size, u64 block)
{
	return size;
}
#endif

/*
 * The unit a ranged release works in: the memory block, which hot-add
 * needs; pages without memory hotplug, where nothing is hot-added.
 */
static inline u64 fadump_release_granule(void)
{
	return IS_ENABLED(CONFIG_MEMORY_HOTPLUG) ? memory_block_size_bytes() :
						   PAGE_SIZE;
}

/* fadump.c */
int fadump_register_locked(void);
int fadump_unregister_locked(void);

/* fadump-reserve.c */
u32 fadump_get_ram(struct fadump_range *out, u32 max);
const struct fadump_range *fadump_early_ram(u32 *nr);
u32 fadump_add_excl(struct fadump_range *x, u32 n, u64 base, u64 size);
u32 fadump_fw_reserved(struct fadump_range *x, u32 max);
u32 fadump_nr_fw_reserved(void);
u64 fadump_alloc_below(u64 size, u64 from, u64 limit);
int fadump_boot_ranges(u64 size, struct fadump_range *boot, u32 *nr_boot,
		       u64 *elfhdr);

/* fadump-bootargs.c */
u64 fadump_alloc_param_area(u64 boot_end, u64 size);
void fadump_rearm_param_area(void);

/* fadump-hold.c */
u64 fadump_early_block_size(void);
int fadump_reserve_capture(void);
void fadump_walk_held(u64 top, void *arg,
		      void (*fn)(u64 start, u64 end, void *arg));

/* fadump-capture.c */
int fadump_setup_capture(void);
void fadump_forget_crash_info(void);
void fadump_drop_vmcore(void);

/* fadump-oldmem.c */
int fadump_oldmem_init(const struct fadump_unplug *u, u32 n);
void fadump_oldmem_forget(u64 start, u64 end);
void fadump_oldmem_exit(void);

/* fadump-release.c */
int fadump_release_locked(void);
bool fadump_release_pending(void);
u64 fadump_unplugged_left(void);
bool fadump_plug_start(void);
struct fadump_range *fadump_release_excl(u32 *nr, bool with_released);
u64 fadump_free_range(u64 start, u64 end);
bool fadump_free_gap(const struct fadump_range *excl, u32 n, u64 *cur,
		     u64 end, struct fadump_range *gap);
int fadump_drop_dump(void);
int fadump_hotplug_next(struct fadump_unplug *u, u64 end, u64 *added);

/* fadump-release-range.c */
int fadump_release_range_locked(u64 start, u64 size);
ssize_t fadump_show_held_ranges(char *buf);

/* fadump-sysfs.c */
void fadump_init_sysfs(void);
void fadump_update_release_files(void);

/* fadump-debugfs.c */
void fadump_init_debugfs(void);
bool fadump_inject_failure(void);

#endif /* _POWERPC_KERNEL_FADUMP_CORE_H */
