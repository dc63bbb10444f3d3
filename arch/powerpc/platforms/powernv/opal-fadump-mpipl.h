/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firmware-assisted dump, PowerNV (OPAL MPIPL) backend: what the backend's
 * files and its KUnit test share.
 *
 * OPAL offers memory-preserving IPL (MPIPL): the OS lists source ->
 * destination ranges with OPAL_MPIPL_UPDATE; on OPAL_CEC_REBOOT2 of type
 * MPIPL the machine is re-IPLed, the firmware copying every range first
 * and saving each thread's registers in an "architected register" area.
 * OPAL keeps one 64-bit tag for the OS across that reboot
 * (OPAL_MPIPL_REGISTER_TAG / OPAL_MPIPL_QUERY_TAG); ours is the physical
 * address of a struct opal_fadump_record, which lists the ranges we
 * registered. It lives in the slot the core's layout keeps for the
 * firmware's register save area (&fadump_layout.cpu_state_pa), right
 * after the crash-info header, outside boot memory: MPIPL leaves it in
 * place.
 */
#ifndef _POWERNV_OPAL_FADUMP_MPIPL_H
#define _POWERNV_OPAL_FADUMP_MPIPL_H

#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <asm/fadump-internal.h>

/*
 * Ranges we register. skiboot's source and destination tables have 64
 * entries (MDST_TABLE_SIZE / 16) and OPAL takes one for itself; keep
 * well below.
 */
#define OPAL_FADUMP_MAX_RANGES		32
/* skiboot stores a range's size in 32 bits */
#define OPAL_FADUMP_MAX_RANGE_SIZE	0xffff0000ULL

/* "OPALFAD1" in ASCII */
#define OPAL_FADUMP_RECORD_MAGIC	0x4f50414c46414431ULL
#define OPAL_FADUMP_RECORD_VERSION	1

/**
 * struct opal_fadump_record - what the kernel tag points at
 * @magic: %OPAL_FADUMP_RECORD_MAGIC, written last
 * @version: %OPAL_FADUMP_RECORD_VERSION
 * @size: sizeof(struct opal_fadump_record)
 * @crash_info_pa: the crash-info header, %FADUMP_CRASH_INFO_AREA bytes
 *                 before this record
 * @boot_mem_size: sum of the sizes of @range
 * @nr_ranges: valid entries in @range
 * @reserved: zero
 * @range: the registered ranges, in the order of the layout's boot ranges
 * @range.src: source (boot memory)
 * @range.dst: destination (the boot-memory copy in the dump area)
 * @range.size: size in bytes
 *
 * In the byte order of the kernel that wrote it; a kernel of the other
 * byte order does not recognise the magic.
 */
struct opal_fadump_record {
	u64 magic;
	u32 version;
	u32 size;
	u64 crash_info_pa;
	u64 boot_mem_size;
	u32 nr_ranges;
	u32 reserved;
	struct {
		u64 src, dst, size;
	} range[OPAL_FADUMP_MAX_RANGES];
};

/*
 * The architected register data (HDAT "Architected Register Data
 * content", big-endian as the firmware writes it): per thread a header,
 * then an array of register entries at @offset bytes past the header;
 * the next thread's header follows at the thread size that OPAL's CPU
 * metadata (OPAL_MPIPL_TAG_CPU, struct opal_mpipl_fadump) gives.
 */
#define OPAL_FADUMP_CPU_DATA_P9		1	/* cpu_data_version: P9 format */

/**
 * struct opal_fadump_thread - header of one thread's register entries
 * @pir: processor identification register of the thread
 * @core_state: stop state of the core (0x00-0x0f)
 * @reserved: unused
 * @offset: from the end of this header to the register entries
 * @ecnt: number of register entries
 * @esize: bytes allocated for each entry
 * @eactsz: bytes of each entry that are used
 */
struct opal_fadump_thread {
	__be32 pir;
	u8 core_state;
	u8 reserved[3];
	__be32 offset;
	__be32 ecnt;
	__be32 esize;
	__be32 eactsz;
} __packed;

#define OPAL_FADUMP_REG_GPR		1
#define OPAL_FADUMP_REG_SPR		2

/* Pseudo SPR numbers the firmware uses for registers that are no SPRs */
#define OPAL_FADUMP_SPR_NIP		2000
#define OPAL_FADUMP_SPR_MSR		2001
#define OPAL_FADUMP_SPR_CR		2002

/**
 * struct opal_fadump_reg - one register entry
 * @type: %OPAL_FADUMP_REG_GPR or %OPAL_FADUMP_REG_SPR (others ignored)
 * @num: GPR number, SPR number or pseudo SPR number
 * @val: its value
 */
struct opal_fadump_reg {
	__be32 type;
	__be32 num;
	__be64 val;
} __packed;

/* Most threads the register data may describe */
#define OPAL_FADUMP_MAX_THREADS		NR_CPUS
/* Largest per-thread stride accepted */
#define OPAL_FADUMP_MAX_THREAD_SIZE	SZ_64K

/* Is [base, base + size) RAM? (memblock, or the flat tree in early boot) */
typedef bool (*opal_fadump_ram_fn)(u64 base, u64 size);
/* Called per thread with its PIR and registers, as fadump_ops wants */
typedef int (*opal_fadump_cpu_fn)(u32 cpu_id, const struct pt_regs *regs,
				  void *arg);

/**
 * struct opal_fadump_cpu_data - where the register data is, once checked
 * @pa: physical address of the first thread's header
 * @size: bytes of register data
 * @thread_size: stride from one thread's header to the next
 */
struct opal_fadump_cpu_data {
	u64 pa;
	u64 size;
	u32 thread_size;
};

/* OPAL's own preserved memory (OPAL_MPIPL_TAG_OPAL), for the OPAL core */
#define OPAL_FADUMP_MAX_OPAL_REGIONS	8

/**
 * struct opal_fadump_opal_mem - OPAL's preserved memory, once checked
 * @crashing_pir: PIR of the thread that asked OPAL for the MPIPL
 * @nr: valid entries in @r
 * @r: the regions
 * @r.src: where OPAL had the memory
 * @r.dst: where the firmware copied it
 * @r.size: size in bytes
 */
struct opal_fadump_opal_mem {
	u32 crashing_pir;
	u32 nr;
	struct {
		u64 src, dst, size;
	} r[OPAL_FADUMP_MAX_OPAL_REGIONS];
};

/**
 * struct opal_fadump_core_thread - one thread's note in the OPAL core
 * @pir: its PIR
 * @regs: its registers, from the architected register data
 */
struct opal_fadump_core_thread {
	u32 pir;
	struct pt_regs regs;
};

/*
 * OPAL_MPIPL_TAG_BOOT_MEM holds the end of the crashed kernel's boot
 * memory (the highest address of its boot ranges + 1), as kernels before
 * this series wrote it: a kernel that boots first after an MPIPL and
 * loads the next one with kexec (petitboot, CONFIG_PRESERVE_FA_DUMP)
 * keeps all memory from there up, which holds the boot-memory copy, our
 * record and the rest of the crashed kernel's memory.
 */

/* Room such a kernel needs between the end of its image and that end */
#define OPAL_FADUMP_PRESERVE_ROOM	SZ_64M

/**
 * opal_fadump_boot_top() - the end of a record's boot ranges
 * @r: a record built by opal_fadump_build()
 *
 * Return: the highest source address + size, the value of
 * %OPAL_MPIPL_TAG_BOOT_MEM; 0 without ranges.
 */
static inline u64 opal_fadump_boot_top(const struct opal_fadump_record *r)
{
	u64 top = 0;
	u32 i;

	for (i = 0; i < r->nr_ranges && i < OPAL_FADUMP_MAX_RANGES; i++)
		top = max(top, r->range[i].src + r->range[i].size);
	return top;
}

/**
 * opal_fadump_preserve_base() - where the memory kept for a dump starts
 * @top: the value of %OPAL_MPIPL_TAG_BOOT_MEM
 * @kernel_end: physical end of the running kernel's image
 * @ram_end: end of RAM
 * @align: the running kernel's page size, a power of two
 * @base: set to @top rounded down to @align on success
 *
 * Rounding down keeps a little more, never less, when the crashed kernel
 * had smaller pages than the running one.
 *
 * Return: 0; -ENOENT if @top is 0 (no kernel registered boot memory);
 * -ERANGE if no RAM lies above @base; -ENOSPC if less than
 * %OPAL_FADUMP_PRESERVE_ROOM lies between @kernel_end and @base, so that
 * the running kernel could not boot below it.
 */
static inline int opal_fadump_preserve_base(u64 top, u64 kernel_end,
					    u64 ram_end, u64 align, u64 *base)
{
	u64 b = top & ~(align - 1);

	if (!top)
		return -ENOENT;
	if (b >= ram_end)
		return -ERANGE;
	if (b < kernel_end || b - kernel_end < OPAL_FADUMP_PRESERVE_ROOM)
		return -ENOSPC;
	*base = b;
	return 0;
}

/* opal-fadump-parse.c */
int opal_fadump_check_opal_meta(const void *meta, size_t len,
				opal_fadump_ram_fn in_ram,
				struct opal_fadump_opal_mem *om);
size_t opal_fadump_core_hdr_size(u32 nr_regions, u32 nr_threads);
int opal_fadump_core_build(void *buf, size_t size,
			   const struct opal_fadump_opal_mem *om,
			   const struct opal_fadump_core_thread *t, u32 nr_threads);

int opal_fadump_build(struct opal_fadump_record *r,
		      const struct fadump_layout *l);
int opal_fadump_check_record(const struct opal_fadump_record *r, u64 pa,
			     opal_fadump_ram_fn in_ram,
			     struct fadump_dump_info *info);
int opal_fadump_check_cpu_meta(const void *meta, size_t len,
			       opal_fadump_ram_fn in_ram,
			       struct opal_fadump_cpu_data *cd);
int opal_fadump_walk_regs(const void *buf, size_t len, u32 thread_size,
			  opal_fadump_cpu_fn fn, void *arg);
int opal_fadump_load_area_end(const void *prop, int len, u64 *end);

/* opal-fadump-mpipl.c, for the OPAL core export (opal-fadump-core.c) */
bool opal_fadump_opal_core_data(struct opal_fadump_opal_mem *om,
				struct opal_fadump_cpu_data *cd);

#endif /* _POWERNV_OPAL_FADUMP_MPIPL_H */
