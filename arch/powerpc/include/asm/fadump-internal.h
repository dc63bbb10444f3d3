/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firmware-assisted dump: interface between the platform-neutral core
 * (arch/powerpc/kernel/fadump*.c) and a firmware backend such as the
 * pseries RTAS backend (arch/powerpc/platforms/pseries/rtas-fadump*.c).
 *
 * The core owns all state. It fills a struct fadump_layout and hands the
 * backend const pointers; the backend keeps its firmware structures in
 * its own private storage.
 *
 * Additions to the agreed shape (nothing was removed or renamed):
 *  - when each op is called is spelled out in struct fadump_ops below;
 *    note that @read_dump runs in early boot (real mode, flat device
 *    tree), right after a @probe that reported dump_active;
 *  - FADUMP_CRASH_INFO_AREA is defined here;
 *  - pure helpers of the core, declared at the end, for the KUnit tests.
 *
 * What only the files of the core share is in
 * arch/powerpc/kernel/fadump-core.h.
 */
#ifndef _ASM_POWERPC_FADUMP_INTERNAL_H
#define _ASM_POWERPC_FADUMP_INTERNAL_H

#include <linux/cpumask.h>
#include <linux/ctype.h>
#include <linux/threads.h>
#include <linux/types.h>
#include <linux/sizes.h>
#include <asm/ptrace.h>

/*
 * Upper bound of the boot-range arrays below; the limit the firmware
 * accepts is struct fadump_fw_info.max_boot_ranges.
 */
#define FADUMP_MAX_BOOT_RANGES	64

/**
 * struct fadump_range - a physical memory range
 * @base: physical start address
 * @size: size in bytes
 */
struct fadump_range {
	u64 base;
	u64 size;
};

/**
 * fadump_inside() - does a range lie inside another?
 * @base: start of the inner range
 * @size: its size
 * @outer: start of the outer range
 * @outer_size: its size
 *
 * Return: true if [@base, @base + @size) lies in [@outer, @outer +
 * @outer_size); computed without overflow.
 */
static inline bool fadump_inside(u64 base, u64 size, u64 outer, u64 outer_size)
{
	return base >= outer && size <= outer_size &&
	       base - outer <= outer_size - size;
}

/**
 * fadump_overlaps() - do two ranges intersect?
 * @a: start of the first range
 * @asize: its size
 * @b: start of the second range
 * @bsize: its size
 *
 * Neither range may wrap around the address space.
 *
 * Return: true if both are non-empty and share a byte.
 */
static inline bool fadump_overlaps(u64 a, u64 asize, u64 b, u64 bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

/**
 * struct fadump_fw_info - what the firmware offers, filled by
 *                         &fadump_ops.probe; the core copies it
 * @version: dump format version chosen from
 *           ibm,configure-kernel-dump-version
 * @max_boot_ranges: boot-memory sections the firmware accepts (total
 *                   sections minus the fixed ones)
 * @cpu_state_size: bytes for the register save area
 *                  (ibm,configure-kernel-dump-sizes)
 * @hpte_size: bytes for the HPTE section, 0 if not offered
 * @boot_align: alignment the firmware wants for section addresses and
 *              sizes (PAGE_SIZE is fine)
 * @max_range_size: largest boot range the firmware takes, 0 for no limit;
 *                  larger ones are split (the core rounds it down to
 *                  @boot_align)
 * @min_boot_mem: smallest sensible boot memory
 * @max_meta_addr: the registration structure and the parameter area must
 *                 lie below this address (RMA)
 * @dump_active: "ibm,kernel-dump" is present: this boot is a capture kernel
 * @param_area: the firmware preserves an OS parameter area
 *              (bootargs_append)
 */
struct fadump_fw_info {
	u32 version;
	u32 max_boot_ranges;
	u64 cpu_state_size;
	u64 hpte_size;
	u64 boot_align;
	u64 max_range_size;
	u64 min_boot_mem;
	u64 max_meta_addr;
	bool dump_active;
	bool param_area;
};

/**
 * struct fadump_layout - the dump area as computed by the core
 * @area_start: start of the whole reserved dump area (above boot memory)
 * @area_size: size of the whole reserved dump area
 * @crash_info_pa: crash-info header, %FADUMP_CRASH_INFO_AREA bytes,
 *                 always directly before @cpu_state_pa
 * @cpu_state_pa: destination of the register save area
 * @cpu_state_size: size of the register save area
 * @hpte_pa: destination of the HPTE section
 * @hpte_size: size of the HPTE section, 0 if not registered
 * @elfhdr_pa: room for the ELF core header and notes, built by the
 *             capture kernel
 * @elfhdr_size: size of that room
 * @boot_dst_pa: start of the boot-memory copy (CMA-backed unless
 *               fadump=nocma)
 * @boot_mem_size: sum of the boot ranges' sizes
 * @nr_boot_ranges: number of valid entries in @boot
 * @boot: boot-memory source ranges; range i is copied to
 *        @boot_dst_pa + the sum of the sizes of ranges 0..i-1
 * @param_pa: bootargs parameter area, 0 if unsupported
 * @param_size: size of the parameter area, 0 if unsupported
 *
 * Only the core writes a layout; backends get const pointers.
 */
struct fadump_layout {
	u64 area_start, area_size;
	u64 crash_info_pa;
	u64 cpu_state_pa, cpu_state_size;
	u64 hpte_pa, hpte_size;
	u64 elfhdr_pa, elfhdr_size;
	u64 boot_dst_pa;
	u64 boot_mem_size;
	u32 nr_boot_ranges;
	struct fadump_range boot[FADUMP_MAX_BOOT_RANGES];
	u64 param_pa, param_size;
};

/**
 * struct fadump_dump_info - what the firmware reports in the capture
 *                           kernel, filled and validated by
 *                           &fadump_ops.read_dump
 * @nr_boot_ranges: number of valid entries in @boot
 * @boot: boot-memory sections as reported by the firmware
 * @boot.src: source address in the crashed kernel
 * @boot.dst: where the firmware copied it
 * @boot.size: requested size
 * @boot.dumped: bytes the firmware actually copied
 * @cpu_state_pa: address of the register save area
 * @cpu_state_len: bytes the firmware actually wrote there
 * @hpte_pa: address of the HPTE section
 * @hpte_len: bytes written there; may be 0 (firmware may not implement
 *            HPTE dumping)
 * @param_pa: address of the OS parameter area
 * @param_len: size of the OS parameter area
 * @status: firmware status flags, raw
 */
struct fadump_dump_info {
	u32 nr_boot_ranges;
	struct {
		u64 src, dst, size, dumped;
	} boot[FADUMP_MAX_BOOT_RANGES];
	u64 cpu_state_pa, cpu_state_len;
	u64 hpte_pa, hpte_len;
	u64 param_pa, param_len;
	u16 status;
};

/**
 * struct fadump_ops - a firmware backend; one const instance per backend
 * @name: short name for messages
 * @probe: early boot, flat device tree: fill @fw from the node @dt_node
 *         (the depth-1 "rtas" or "ibm,opal" node). Called once from
 *         early_init_dt_scan_fw_dump(). Return 0, or -ENODEV if the
 *         firmware has no dump support.
 * @prepare: build the firmware registration structure for layout @l in
 *           backend-private storage. Called (process context, with the
 *           core's mutex held) before every @register_dump, also when
 *           re-arming after a dump was released. Return 0 or -errno.
 * @register_dump: register the structure built by @prepare with the
 *                 firmware. Process context, may sleep. Return 0, -EEXIST
 *                 if already registered, or -errno.
 * @unregister_dump: unregister it. Process context; also called from
 *                   fadump_cleanup() on shutdown/kexec. Return 0 or -errno.
 * @invalidate_dump: capture kernel: drop the preserved dump so that a new
 *                   registration is possible. Process context, after the
 *                   preserved memory was released. Return 0 or -errno.
 * @read_dump: capture kernel: parse and validate the firmware's dump
 *             structure (ibm,kernel-dump) into @info; pr_err() exactly
 *             what is wrong and return -EINVAL if it is unusable.
 *             Called once, from early_init_dt_scan_fw_dump() right after
 *             @probe reported dump_active: real mode, flat device tree,
 *             no allocations; only memory below the RMA may be touched
 *             (so keep what @probe found, or read the flat tree again).
 *             The core keeps the result and may call this op again later.
 * @for_each_cpu_regs: walk the register save area described by @info and
 *                     call @fn for each CPU found with its hardware id
 *                     (the CPUSTRT value, as hard_smp_processor_id()) and
 *                     registers; stop and return @fn's value if non-zero.
 *                     Called from an initcall with the MMU on; the save
 *                     area is reachable with __va(). Return 0 or -errno.
 * @trigger: crash path: ask the firmware to take the dump (ibm,os-term).
 *           Interrupts hard-disabled, other CPUs still running; must not
 *           allocate or sleep. Returns only on failure, and then within
 *           %FADUMP_TRIGGER_MAX_MS: the other CPUs wait for it no longer
 *           than %FADUMP_CRASH_WAIT_MS.
 */
struct fadump_ops {
	const char *name;
	int (*probe)(unsigned long dt_node, struct fadump_fw_info *fw);
	int (*prepare)(const struct fadump_layout *l);
	int (*register_dump)(void);
	int (*unregister_dump)(void);
	int (*invalidate_dump)(void);
	int (*read_dump)(struct fadump_dump_info *info);
	int (*for_each_cpu_regs)(const struct fadump_dump_info *info,
				 int (*fn)(u32 cpu_id, const struct pt_regs *regs,
					   void *arg),
				 void *arg);
	void (*trigger)(const char *msg);
};

/* Longest a failing &fadump_ops.trigger may take to return */
#define FADUMP_TRIGGER_MAX_MS	5000
/* Longest a crashing CPU waits for another one's request to the firmware */
#define FADUMP_CRASH_WAIT_MS	(2 * FADUMP_TRIGGER_MAX_MS)

/* pseries (PowerVM RTAS) backend */
extern const struct fadump_ops rtas_fadump_ops;
/* PowerNV (OPAL MPIPL) backend */
extern const struct fadump_ops opal_fadump_ops;

/*
 * Crash-info header area: a fixed-size region directly before the CPU
 * state section, independent of PAGE_SIZE.
 */
#define FADUMP_CRASH_INFO_AREA	SZ_64K

/*
 * Everything below is private to the core (arch/powerpc/kernel/fadump*.c)
 * and its KUnit test (fadump_kunit.c); backends do not need it. The
 * pure helpers are in fadump-layout.c and fadump-elf.c.
 */

/* "FADCRSH1" in ASCII */
#define FADUMP_CRASH_INFO_MAGIC		0x4641444352534831ULL
#define FADUMP_CRASH_INFO_VERSION	1
/* Reads back differently on a kernel of the other endianness */
#define FADUMP_CRASH_INFO_ENDIAN	0x0102030405060708ULL
/* Most CPUs a crash-info header describes: the size of its cpumask */
#define FADUMP_MAX_CPUS			NR_CPUS
/* crashing_cpu before any CPU crashed */
#define FADUMP_CPU_NONE			U32_MAX

/**
 * struct fadump_crash_info - what the crashed kernel tells the capture
 *                            kernel; lives at &fadump_layout.crash_info_pa
 * @magic: %FADUMP_CRASH_INFO_MAGIC, written last, once the rest is valid
 * @version: %FADUMP_CRASH_INFO_VERSION
 * @size: sizeof(struct fadump_crash_info)
 * @endian: %FADUMP_CRASH_INFO_ENDIAN in the crashed kernel's byte order
 * @pt_regs_size: sizeof(struct pt_regs)
 * @cpumask_size: sizeof(struct cpumask), the size of @online_mask
 * @nr_cpu_ids: nr_cpu_ids of the crashed kernel
 * @crashing_cpu: logical id of the CPU that crashed (the owner of the
 *                crash gate), %FADUMP_CPU_NONE until one did
 * @vmcoreinfo_pa: physical address of the VMCOREINFO note
 * @vmcoreinfo_size: its size, VMCOREINFO_NOTE_SIZE
 * @layout: the dump area layout the crashed kernel registered
 * @regs: registers of the crashing CPU at the time of the crash
 * @online_mask: CPUs online at the time of the crash
 * @hw_id: hardware (interrupt server) id of each CPU in @online_mask
 */
struct fadump_crash_info {
	u64 magic;
	u32 version;
	u32 size;
	u64 endian;
	u32 pt_regs_size;
	u32 cpumask_size;
	u32 nr_cpu_ids;
	u32 crashing_cpu;
	u64 vmcoreinfo_pa;
	u64 vmcoreinfo_size;
	struct fadump_layout layout;
	struct pt_regs regs;
	struct cpumask online_mask;
	u32 hw_id[FADUMP_MAX_CPUS];
};

/**
 * struct fadump_crash_gate - which CPU hands a crash to the firmware
 * @owner: logical id of the CPU that claimed the crash, %FADUMP_CPU_NONE
 *         until one did; claimed with cmpxchg()
 * @failed: no dump is coming: the owner's request returned, or a CPU
 *          waited for it in vain
 */
struct fadump_crash_gate {
	u32 owner;
	bool failed;
};

/**
 * enum fadump_crash_turn - what fadump_crash_claim() tells a crashing CPU
 * @FADUMP_CRASH_DUMP: it is the owner: record the crash, ask the firmware
 * @FADUMP_CRASH_WAIT: a request is under way (another CPU's, or this
 *                     one's, interrupted by an NMI): wait for it
 * @FADUMP_CRASH_FAILED: no dump is coming: go on crashing without one
 */
enum fadump_crash_turn {
	FADUMP_CRASH_DUMP,
	FADUMP_CRASH_WAIT,
	FADUMP_CRASH_FAILED,
};

/**
 * struct fadump_crash_cpu - one CPU's entry into the crash path
 * @cpu: its logical id
 * @regs: registers at the time of the crash, NULL for the current ones
 * @msg: reason, for the firmware
 * @record: owner only: write the crash-info header
 * @trigger: owner only: ask the firmware for the dump; returns on failure
 */
struct fadump_crash_cpu {
	u32 cpu;
	struct pt_regs *regs;
	const char *msg;
	void (*record)(const struct fadump_crash_cpu *c);
	void (*trigger)(const char *msg);
};

/**
 * struct fadump_cpu_id - an online CPU of the crashed kernel
 * @hw_id: its hardware (interrupt server) id
 * @cpu: its logical id
 */
struct fadump_cpu_id {
	u32 hw_id;
	u32 cpu;
};

/* fadump= on the kernel command line */
enum fadump_mode {
	FADUMP_MODE_OFF,
	FADUMP_MODE_ON,
	FADUMP_MODE_NOCMA,
};

/**
 * struct fadump_copy - where a boot range of the crashed kernel went
 * @src: start of the boot range in the crashed kernel
 * @size: size of the boot range
 * @dst: where the firmware copied it
 * @dumped: bytes actually copied; [@src + @dumped, @src + @size) is lost
 */
struct fadump_copy {
	u64 src, size, dst, dumped;
};

/**
 * struct fadump_load - one PT_LOAD segment of the ELF core file
 * @paddr: physical address in the crashed kernel
 * @size: size in bytes
 * @offset: physical address where the contents are now
 */
struct fadump_load {
	u64 paddr, size, offset;
};

/**
 * struct fadump_elf - state of an ELF core header under construction
 * @buf: the buffer
 * @size: its size
 * @buf_pa: physical address of @buf (the notes are found through it)
 * @notes: offset of the first CPU note in @buf
 * @pos: offset of the next free byte in @buf
 * @nr_cpus: CPU notes added so far
 * @max_cpus: CPU notes there is room for
 */
struct fadump_elf {
	void *buf;
	size_t size;
	u64 buf_pa;
	size_t notes;
	size_t pos;
	u32 nr_cpus;
	u32 max_cpus;
};

/* Default boot memory when crashkernel= is absent: a fixed size. */
#define FADUMP_DEFAULT_BOOT_MEM		(SZ_512M + SZ_256M)

/**
 * fadump_printable() - may these bytes go on a kernel command line?
 * @s: the bytes
 * @len: how many
 *
 * Return: true if all @len bytes are printable ASCII.
 */
static inline bool fadump_printable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isascii(s[i]) || !isprint(s[i]))
			return false;
	return true;
}

/* fadump.c: the crash gate */
enum fadump_crash_turn fadump_crash_claim(struct fadump_crash_gate *g,
					  u32 cpu);
int fadump_crash_wait(struct fadump_crash_gate *g, unsigned int ms);
int fadump_crash_hand_over(struct fadump_crash_gate *g,
			   const struct fadump_crash_cpu *c,
			   unsigned int wait_ms);

/* fadump-layout.c */
int fadump_parse_mode(const char *arg, enum fadump_mode *mode);
int fadump_parse_bool(const char *buf, size_t count, bool *val);
bool fadump_bootargs_ok(const char *area, size_t size);
u64 fadump_fw_align(const struct fadump_fw_info *fw);
u64 fadump_boot_mem_size(u64 requested, const struct fadump_fw_info *fw,
			 u64 memmap);
int fadump_split_boot_mem(const struct fadump_range *mem, u32 nr_mem,
			  u64 size, const struct fadump_fw_info *fw,
			  struct fadump_range *out, u32 *nr_out);
int fadump_compute_layout(struct fadump_layout *l,
			  const struct fadump_fw_info *fw,
			  const struct fadump_range *boot, u32 nr_boot,
			  u64 area_start, u64 copy_align, u64 elfhdr_size);
int fadump_check_layout(const struct fadump_layout *l);
int fadump_check_crash_info(const struct fadump_crash_info *ci, u64 ci_pa,
			    const struct fadump_dump_info *info,
			    const struct fadump_range *ram, u32 nr_ram);
bool fadump_ci_has_vmcoreinfo(const struct fadump_crash_info *ci,
			      const struct fadump_range *ram, u32 nr_ram);
u32 fadump_sort_cpu_ids(const struct fadump_crash_info *ci,
			struct fadump_cpu_id *out);
u32 fadump_find_cpu(const struct fadump_cpu_id *ids, u32 n, u32 hw_id);
int fadump_compute_loads(const struct fadump_range *ram, u32 nr_ram,
			 const struct fadump_copy *copies, u32 nr_copies,
			 u64 excl_start, u64 excl_size,
			 struct fadump_load *out, u32 max_out);
u64 fadump_translate(u64 paddr, u64 size, const struct fadump_copy *copies,
		     u32 nr_copies);
int fadump_split_removable(const struct fadump_range *mem, u32 nr_mem,
			   const struct fadump_range *cut, u32 nr_cut,
			   u64 block, struct fadump_range *out, u32 max_out);
int fadump_cmp_range(const void *a, const void *b);
int fadump_parse_range(const char *buf, size_t count, u64 *start, u64 *size);
u32 fadump_merge_ranges(struct fadump_range *r, u32 n);
int fadump_subtract_ranges(const struct fadump_range *a, u32 na,
			   const struct fadump_range *b, u32 nb,
			   struct fadump_range *out, u32 max);
int fadump_check_release(const struct fadump_range *runs, u32 nr_runs,
			 const struct fadump_range *released, u32 nr_released,
			 const struct fadump_range *excl, u32 nr_excl,
			 u64 start, u64 size, u64 block);
u64 fadump_hotadd_chunk(u64 left, u64 block, u64 free, u64 memmap_per_block);

/* fadump-reserve.c */
u32 fadump_fdt_reserved(const void *fdt, struct fadump_range *x, u32 max);
bool fadump_fdt_memory_end(const void *fdt, int ac, int sc, u64 addr,
			   u64 *end);

/* fadump-debugfs.c */
struct seq_file;
int fadump_region_show(struct seq_file *m, void *unused);

/* fadump-elf.c */
size_t fadump_elfhdr_size(u32 nr_cpus, u32 nr_phdrs);
int fadump_elf_begin(struct fadump_elf *e, void *buf, size_t size,
		     u64 buf_pa, const struct fadump_load *loads, u32 nr_loads,
		     u64 vmcoreinfo_pa, u64 vmcoreinfo_size, u32 max_cpus);
int fadump_elf_add_cpu(struct fadump_elf *e, u32 cpu,
		       const struct pt_regs *regs);
size_t fadump_elf_end(struct fadump_elf *e);

#endif /* _ASM_POWERPC_FADUMP_INTERNAL_H */
