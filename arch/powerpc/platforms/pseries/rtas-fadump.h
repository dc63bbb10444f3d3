/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firmware-assisted dump, pseries backend: the PAPR "kernel dump"
 * structures exchanged with ibm,configure-kernel-dump and reported back
 * in the /rtas "ibm,kernel-dump" property, and the register save area
 * the firmware fills with the CPU state, and what the files of the
 * backend share: rtas-fadump.c (state, probe, RTAS calls, the ops),
 * rtas-fadump-build.c (the registration structure), rtas-fadump-parse.c
 * (the capture-time parser) and their KUnit test.
 *
 * All multi-byte fields are big-endian, whatever the kernel's endianness.
 */
#ifndef _PSERIES_RTAS_FADUMP_H
#define _PSERIES_RTAS_FADUMP_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>
#include <linux/sizes.h>
#include <asm/fadump-internal.h>

/* ibm,configure-kernel-dump commands (first input) */
#define RTAS_KDUMP_CMD_REGISTER		1
#define RTAS_KDUMP_CMD_UNREGISTER	2
#define RTAS_KDUMP_CMD_INVALIDATE	3

/* ibm,configure-kernel-dump statuses specific to this call */
#define RTAS_KDUMP_ALREADY_REGISTERED	(-9)
#define RTAS_KDUMP_DUMP_ACTIVE		(-10)

/* The only dump format version this backend speaks. */
#define RTAS_KDUMP_FORMAT_V1		1

/*
 * Format version 1 allows at most ten sections, and the whole structure
 * (header, optional disk path and sections) must fit in 512 bytes.
 */
#define RTAS_KDUMP_MAX_SECTIONS		10
#define RTAS_KDUMP_MAX_STRUCT_SIZE	512
/* Largest HPTE section the firmware may ask for: a 2^46-byte hash table */
#define RTAS_KDUMP_MAX_HPTE_SIZE	BIT_ULL(46)

/* Section types (source data type). Below 0x100 the firmware defines. */
#define RTAS_KDUMP_CPU_STATE		0x0001	/* register save area */
#define RTAS_KDUMP_HPTE			0x0002	/* hash page table */
#define RTAS_KDUMP_REAL_MODE		0x0011	/* a range of partition memory */
#define RTAS_KDUMP_OS_FIRST		0x0100	/* first OS-defined type */
#define RTAS_KDUMP_PARAM_AREA		0x0100	/* ours: bootargs to append */

/* Per-section request flags */
#define RTAS_KDUMP_REQUEST_COPY		0x00000001

/* Per-section error flags, set by the firmware */
#define RTAS_KDUMP_ERR_BAD_TYPE		0x8000
#define RTAS_KDUMP_ERR_BAD_SOURCE	0x4000
#define RTAS_KDUMP_ERR_SOURCE_SHORT	0x2000
#define RTAS_KDUMP_ERR_BAD_DEST		0x1000
#define RTAS_KDUMP_ERR_DEST_SHORT	0x0800

/* Header status flags, set by the firmware */
#define RTAS_KDUMP_STATUS_PERFORMED	0x8000
#define RTAS_KDUMP_STATUS_TRIGGERED	0x4000
#define RTAS_KDUMP_STATUS_ERROR		0x2000

/*
 * "ibm,configure-kernel-dump-sizes" is a list of (type, size) entries:
 * one cell of section type then the size in two cells.
 */
#define RTAS_KDUMP_SIZES_ENTRY_CELLS	3
#define RTAS_KDUMP_SIZES_MAX_ENTRIES	16

/*
 * Smallest boot memory worth offering: enough for a distribution kernel
 * to come up and save the dump over the network.
 */
#define RTAS_KDUMP_MIN_BOOT_MEM		(SZ_256M + SZ_64M)

/* Budget for retrying busy ibm,configure-kernel-dump calls (may sleep) */
#define RTAS_KDUMP_BUSY_BUDGET_MS	10000

/* Upper bound on CPUs in a register save area (largest NR_CPUS on ppc64) */
#define RTAS_KDUMP_MAX_CPUS		8192

/**
 * struct rtas_kdump_header - header of the kernel dump memory structure
 * @version: dump format version, %RTAS_KDUMP_FORMAT_V1
 * @nr_sections: number of sections that follow
 * @status: RTAS_KDUMP_STATUS_* flags; the OS passes 0
 * @first_section: offset of the first section from the start of the
 *                 structure
 * @disk_block_size: disk dump option; 0 (no disk dump)
 * @disk_start_block: disk dump option; 0
 * @disk_nr_blocks: disk dump option; 0
 * @disk_path_offset: disk dump option; 0
 * @auto_reboot_ms: time after an NMI before an automatic dump-reboot;
 *                  0 disables it
 */
struct rtas_kdump_header {
	__be32 version;
	__be16 nr_sections;
	__be16 status;
	__be32 first_section;
	__be32 disk_block_size;
	__be64 disk_start_block;
	__be64 disk_nr_blocks;
	__be32 disk_path_offset;
	__be32 auto_reboot_ms;
};

/**
 * struct rtas_kdump_section - one section of the kernel dump structure
 * @request: RTAS_KDUMP_REQUEST_* flags
 * @type: source data type, RTAS_KDUMP_CPU_STATE etc.
 * @error: RTAS_KDUMP_ERR_* flags, set by the firmware
 * @src: source address (0 for firmware-provided data)
 * @len: requested length in bytes
 * @dumped: bytes the firmware actually dumped
 * @dst: destination address in partition memory
 */
struct rtas_kdump_section {
	__be32 request;
	__be16 type;
	__be16 error;
	__be64 src;
	__be64 len;
	__be64 dumped;
	__be64 dst;
};

/**
 * struct rtas_kdump_mem - the whole kernel dump structure as we register it
 * @hdr: header
 * @sec: sections; only the first @hdr.nr_sections are meaningful
 */
struct rtas_kdump_mem {
	struct rtas_kdump_header hdr;
	struct rtas_kdump_section sec[RTAS_KDUMP_MAX_SECTIONS];
};

static_assert(sizeof(struct rtas_kdump_header) == 40);
static_assert(sizeof(struct rtas_kdump_section) == 40);
static_assert(sizeof(struct rtas_kdump_mem) <= RTAS_KDUMP_MAX_STRUCT_SIZE);

/*
 * Register save area (the CPU state section): a header, at
 * num_cpu_offset a 32-bit CPU count, then for each CPU a list of
 * (id, value) entries opening with "CPUSTRT" (value: CPU id in the low
 * 32 bits) and closing with "CPUEND". Ids are ASCII names, NUL padded
 * to eight bytes, so their big-endian bytes spell the name.
 */

/**
 * struct rtas_kdump_regsave_hdr - register save area header
 * @magic: "REGSAVE"
 * @version: format version of the area
 * @num_cpu_offset: offset of the 32-bit CPU count from the area start
 */
struct rtas_kdump_regsave_hdr {
	__be64 magic;
	__be32 version;
	__be32 num_cpu_offset;
};

/**
 * struct rtas_kdump_reg - one register save area entry
 * @id: register name, ASCII, NUL padded
 * @value: register value
 */
struct rtas_kdump_reg {
	__be64 id;
	__be64 value;
};

#define RTAS_KDUMP_REGSAVE_MAGIC	"REGSAVE"
#define RTAS_KDUMP_REG_CPUSTRT		"CPUSTRT"
#define RTAS_KDUMP_REG_CPUEND		"CPUEND"

/**
 * struct rtas_kdump_caps - what the firmware offers, as the builder and
 *                          the checker need it
 * @version: negotiated format version
 * @cpu_state_size: register save area size the firmware asks for
 * @hpte_size: HPTE section size, 0 if not offered
 * @param_area: an OS parameter area section is registered if the layout
 *              has one
 */
struct rtas_kdump_caps {
	u32 version;
	u64 cpu_state_size;
	u64 hpte_size;
	bool param_area;
};

/* Called per CPU found in a register save area */
typedef int (*rtas_kdump_cpu_fn)(u32 cpu_id, const struct pt_regs *regs,
				 void *arg);

/* Predicate: is [base, base + size) entirely partition RAM? */
typedef bool (*rtas_kdump_ram_fn)(u64 base, u64 size);

/* rtas-fadump-build.c */
int rtas_kdump_build(struct rtas_kdump_mem *m, const struct fadump_layout *l,
		     const struct rtas_kdump_caps *caps);

/* rtas-fadump-parse.c */
const char *rtas_kdump_type_name(u16 type);
bool rtas_kdump_in_ram(u64 base, u64 size);
bool rtas_kdump_in_ram_fdt(u64 base, u64 size);
int rtas_kdump_check(const void *buf, size_t len, rtas_kdump_ram_fn in_ram,
		     struct fadump_dump_info *info);
int rtas_kdump_walk_regs(const void *buf, size_t len, u32 max_cpus,
			 rtas_kdump_cpu_fn fn, void *arg);

#if IS_ENABLED(CONFIG_KUNIT)
/* Pure helpers of rtas-fadump.c, visible for its KUnit test only. */
int rtas_kdump_pick_version(const void *prop, int len, u32 *version);
int rtas_kdump_parse_sizes(const void *prop, int len, u64 *cpu_state_size,
			   u64 *hpte_size);
int rtas_kdump_status_errno(int status);
const char *rtas_kdump_status_str(int status);
int rtas_kdump_retry(int (*call)(void *ctx), void *ctx,
		     unsigned int budget_ms, int *status);
size_t rtas_kdump_keep_active(u8 *dst, const void *prop, int len);
#endif

#endif /* _PSERIES_RTAS_FADUMP_H */
