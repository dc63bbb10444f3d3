// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump, PowerNV backend: the pure part.
 *
 * opal_fadump_build() turns the core's layout into the record the kernel
 * tag points at (and which lists what opal-fadump-mpipl.c registers with
 * OPAL_MPIPL_UPDATE); opal_fadump_check_record() checks, in the capture
 * kernel, the record the crashed kernel left and translates it into the
 * core's struct fadump_dump_info; opal_fadump_check_cpu_meta() and
 * opal_fadump_walk_regs() check and walk OPAL's CPU metadata and the
 * architected register data it points at; opal_fadump_check_opal_meta()
 * and opal_fadump_core_build() check OPAL's own preserved memory and
 * build the OPAL core's headers. Nothing here calls OPAL or
 * keeps state: opal-fadump-mpipl.c calls these with what OPAL handed over,
 * opal-fadump_kunit.c with fake data.
 */

#define pr_fmt(fmt) "fadump: opal: " fmt

#include <linux/elf.h>
#include <linux/elfcore.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include <asm/opal-api.h>
#include <asm/ptrace.h>
#include <asm/reg.h>

#include "opal-fadump-mpipl.h"

/**
 * opal_fadump_build() - the record for a layout
 * @r: the record, filled (magic last)
 * @l: the core's layout
 *
 * Every boot range becomes one MPIPL range: source the boot range,
 * destination its place in the boot-memory copy. The layout must have no
 * HPTE section and no parameter area (OPAL offers neither) and its CPU
 * state slot, where @r goes, must hold a record.
 *
 * Context: any; pure.
 * Return: 0, or -EINVAL after a pr_err() of what OPAL cannot take.
 */
int opal_fadump_build(struct opal_fadump_record *r,
		      const struct fadump_layout *l)
{
	u64 off = 0;
	u32 i;

	memset(r, 0, sizeof(*r));
	if (!l->nr_boot_ranges || l->nr_boot_ranges > OPAL_FADUMP_MAX_RANGES) {
		pr_err("build: %u boot ranges, OPAL takes 1 to %u\n",
		       l->nr_boot_ranges, OPAL_FADUMP_MAX_RANGES);
		return -EINVAL;
	}
	if (l->cpu_state_size < sizeof(*r) ||
	    l->crash_info_pa + FADUMP_CRASH_INFO_AREA != l->cpu_state_pa) {
		pr_err("build: CPU state slot [%#llx, %#llx bytes] after crash info at %#llx cannot hold the %zu-byte record\n",
		       l->cpu_state_pa, l->cpu_state_size, l->crash_info_pa,
		       sizeof(*r));
		return -EINVAL;
	}
	if (l->hpte_size || l->param_size) {
		pr_err("build: OPAL preserves no HPTE section (%#llx bytes) nor parameter area (%#llx bytes)\n",
		       l->hpte_size, l->param_size);
		return -EINVAL;
	}
	for (i = 0; i < l->nr_boot_ranges; i++) {
		const struct fadump_range *b = &l->boot[i];
		u64 dst = l->boot_dst_pa + off;

		if (!b->size || b->size > OPAL_FADUMP_MAX_RANGE_SIZE ||
		    b->base + b->size < b->base || dst + b->size < dst) {
			pr_err("build: boot range %u [%#llx, %#llx bytes] cannot be an MPIPL range\n",
			       i, b->base, b->size);
			return -EINVAL;
		}
		if (fadump_overlaps(dst, b->size, l->crash_info_pa,
				    FADUMP_CRASH_INFO_AREA + l->cpu_state_size)) {
			pr_err("build: the copy of boot range %u at %#llx overlaps the crash info and record\n",
			       i, dst);
			return -EINVAL;
		}
		r->range[i].src = b->base;
		r->range[i].dst = dst;
		r->range[i].size = b->size;
		off += b->size;
	}
	if (off != l->boot_mem_size) {
		pr_err("build: boot ranges sum to %#llx, the layout says %#llx\n",
		       off, l->boot_mem_size);
		return -EINVAL;
	}
	r->version = OPAL_FADUMP_RECORD_VERSION;
	r->size = sizeof(*r);
	r->crash_info_pa = l->crash_info_pa;
	r->boot_mem_size = off;
	r->nr_ranges = l->nr_boot_ranges;
	r->magic = OPAL_FADUMP_RECORD_MAGIC;
	return 0;
}

/* The record's header: magic, version, size, counts */
static int ofd_check_header(const struct opal_fadump_record *r, u64 pa)
{
	if (r->magic != OPAL_FADUMP_RECORD_MAGIC) {
		pr_err("record at %#llx: magic %#llx, want %#llx\n", pa,
		       r->magic, OPAL_FADUMP_RECORD_MAGIC);
		return -EINVAL;
	}
	if (r->version != OPAL_FADUMP_RECORD_VERSION || r->size != sizeof(*r)) {
		pr_err("record at %#llx: version %u, %u bytes; want version %u, %zu bytes\n",
		       pa, r->version, r->size, OPAL_FADUMP_RECORD_VERSION,
		       sizeof(*r));
		return -EINVAL;
	}
	if (!r->nr_ranges || r->nr_ranges > OPAL_FADUMP_MAX_RANGES ||
	    r->reserved) {
		pr_err("record at %#llx: %u ranges (1 to %u), reserved %#x\n",
		       pa, r->nr_ranges, OPAL_FADUMP_MAX_RANGES, r->reserved);
		return -EINVAL;
	}
	if (pa < FADUMP_CRASH_INFO_AREA ||
	    r->crash_info_pa != pa - FADUMP_CRASH_INFO_AREA) {
		pr_err("record at %#llx: crash info at %#llx, want it %#x bytes before\n",
		       pa, r->crash_info_pa, FADUMP_CRASH_INFO_AREA);
		return -EINVAL;
	}
	return 0;
}

/* One range: non-empty, not wrapping, in RAM, apart from the metadata */
static int ofd_check_range(const struct opal_fadump_record *r, u64 pa, u32 i,
			   opal_fadump_ram_fn in_ram)
{
	u64 src = r->range[i].src, dst = r->range[i].dst;
	u64 size = r->range[i].size, end;

	if (!size || size > OPAL_FADUMP_MAX_RANGE_SIZE ||
	    check_add_overflow(src, size, &end) ||
	    check_add_overflow(dst, size, &end)) {
		pr_err("record: range %u %#llx -> %#llx, %#llx bytes, is not a valid MPIPL range\n",
		       i, src, dst, size);
		return -EINVAL;
	}
	if (!in_ram(src, size) || !in_ram(dst, size)) {
		pr_err("record: range %u %#llx -> %#llx (%#llx bytes) is not in RAM\n",
		       i, src, dst, size);
		return -EINVAL;
	}
	if (fadump_overlaps(src, size, dst, size) ||
	    fadump_overlaps(dst, size, r->crash_info_pa,
			    FADUMP_CRASH_INFO_AREA + sizeof(*r)) ||
	    fadump_overlaps(src, size, r->crash_info_pa,
			    FADUMP_CRASH_INFO_AREA + sizeof(*r))) {
		pr_err("record: range %u %#llx -> %#llx (%#llx bytes) overlaps itself or the metadata at %#llx\n",
		       i, src, dst, size, r->crash_info_pa);
		return -EINVAL;
	}
	return 0;
}

/* No two ranges share a source or a destination byte */
static int ofd_check_disjoint(const struct opal_fadump_record *r)
{
	u32 i, j;

	for (i = 0; i < r->nr_ranges; i++) {
		for (j = 0; j < r->nr_ranges; j++) {
			if (i == j)
				continue;
			if (fadump_overlaps(r->range[i].src, r->range[i].size,
					    r->range[j].src, r->range[j].size) ||
			    fadump_overlaps(r->range[i].dst, r->range[i].size,
					    r->range[j].dst, r->range[j].size) ||
			    fadump_overlaps(r->range[i].src, r->range[i].size,
					    r->range[j].dst, r->range[j].size)) {
				pr_err("record: ranges %u and %u overlap\n", i, j);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/**
 * opal_fadump_check_record() - check the record the crashed kernel left
 * @r: the record (read where the kernel tag points)
 * @pa: its physical address, the tag's value
 * @in_ram: tells whether a range is RAM
 * @info: filled from @r on success
 *
 * MPIPL reports nothing per range: a range the firmware accepted at
 * registration is copied whole, so every boot range counts as dumped.
 * The CPU state the core looks for is the record itself (the crash-info
 * header lies right before it).
 *
 * Context: any, early boot included; pure but for @in_ram.
 * Return: 0, or -EINVAL after a pr_err() of what is wrong.
 */
int opal_fadump_check_record(const struct opal_fadump_record *r, u64 pa,
			     opal_fadump_ram_fn in_ram,
			     struct fadump_dump_info *info)
{
	u64 sum = 0;
	u32 i;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = ofd_check_header(r, pa);
	if (rc)
		return rc;
	for (i = 0; i < r->nr_ranges; i++) {
		rc = ofd_check_range(r, pa, i, in_ram);
		if (rc)
			return rc;
		sum += r->range[i].size;
	}
	if (sum != r->boot_mem_size) {
		pr_err("record: ranges sum to %#llx bytes, it says %#llx\n",
		       sum, r->boot_mem_size);
		return -EINVAL;
	}
	rc = ofd_check_disjoint(r);
	if (rc)
		return rc;

	info->nr_boot_ranges = r->nr_ranges;
	for (i = 0; i < r->nr_ranges; i++) {
		info->boot[i].src = r->range[i].src;
		info->boot[i].dst = r->range[i].dst;
		info->boot[i].size = r->range[i].size;
		info->boot[i].dumped = r->range[i].size;
	}
	info->cpu_state_pa = pa;
	info->cpu_state_len = sizeof(*r);
	return 0;
}

/**
 * opal_fadump_check_cpu_meta() - check OPAL's CPU metadata
 * @meta: struct opal_mpipl_fadump, where OPAL_MPIPL_TAG_CPU points
 * @len: bytes readable at @meta
 * @in_ram: tells whether a range is RAM
 * @cd: where the register data is, on success
 *
 * OPAL describes the register data as one region (source and destination
 * the same) of whole thread entries in the P9 format.
 *
 * Context: any, early boot included; pure but for @in_ram.
 * Return: 0, or -EINVAL after a pr_err() of what is wrong.
 */
int opal_fadump_check_cpu_meta(const void *meta, size_t len,
			       opal_fadump_ram_fn in_ram,
			       struct opal_fadump_cpu_data *cd)
{
	const struct opal_mpipl_fadump *m = meta;
	u64 src, dst, size;
	u32 ver, tsize, cnt;

	memset(cd, 0, sizeof(*cd));
	if (len < sizeof(*m) + sizeof(m->region[0])) {
		pr_err("CPU metadata: %zu bytes, too short\n", len);
		return -EINVAL;
	}
	ver = be32_to_cpu(m->cpu_data_version);
	tsize = be32_to_cpu(m->cpu_data_size);
	cnt = be32_to_cpu(m->region_cnt);
	if (m->version != OPAL_MPIPL_VERSION || ver != OPAL_FADUMP_CPU_DATA_P9) {
		pr_err("CPU metadata: version %u, register data version %u; want %u and %u\n",
		       m->version, ver, OPAL_MPIPL_VERSION,
		       OPAL_FADUMP_CPU_DATA_P9);
		return -EINVAL;
	}
	if (cnt != 1) {
		pr_err("CPU metadata: %u regions, want 1\n", cnt);
		return -EINVAL;
	}
	if (tsize < sizeof(struct opal_fadump_thread) +
		    sizeof(struct opal_fadump_reg) ||
	    tsize > OPAL_FADUMP_MAX_THREAD_SIZE) {
		pr_err("CPU metadata: thread size %u out of range [%zu, %u]\n",
		       tsize, sizeof(struct opal_fadump_thread) +
		       sizeof(struct opal_fadump_reg),
		       OPAL_FADUMP_MAX_THREAD_SIZE);
		return -EINVAL;
	}
	src = be64_to_cpu(m->region[0].src);
	dst = be64_to_cpu(m->region[0].dest);
	size = be64_to_cpu(m->region[0].size);
	if (src != dst || !size || size % tsize ||
	    size / tsize > OPAL_FADUMP_MAX_THREADS || !in_ram(dst, size)) {
		pr_err("CPU metadata: register data %#llx -> %#llx, %#llx bytes, is not whole %u-byte threads (at most %u) in RAM\n",
		       src, dst, size, tsize, OPAL_FADUMP_MAX_THREADS);
		return -EINVAL;
	}
	cd->pa = dst;
	cd->size = size;
	cd->thread_size = tsize;
	return 0;
}

/* Store one register entry into @regs; unknown ones are ignored */
static void ofd_set_reg(struct pt_regs *regs, u32 type, u32 num, u64 val)
{
	if (type == OPAL_FADUMP_REG_GPR) {
		if (num < ARRAY_SIZE(regs->gpr))
			regs->gpr[num] = val;
		return;
	}
	if (type != OPAL_FADUMP_REG_SPR)
		return;
	switch (num) {
	case OPAL_FADUMP_SPR_NIP:
		regs->nip = val;
		break;
	case OPAL_FADUMP_SPR_MSR:
		regs->msr = val;
		break;
	case OPAL_FADUMP_SPR_CR:
		regs->ccr = val;
		break;
	case SPRN_XER:
		regs->xer = val;
		break;
	case SPRN_LR:
		regs->link = val;
		break;
	case SPRN_CTR:
		regs->ctr = val;
		break;
	case SPRN_DAR:
		regs->dar = val;
		break;
	case SPRN_DSISR:
		regs->dsisr = val;
		break;
	case SPRN_PPR:
		regs->ppr = val;
		break;
	}
}

/* Check one thread's header at @t; *@first: its first register entry */
static int ofd_check_thread(const struct opal_fadump_thread *t, u32 nth,
			    u32 thread_size, const u8 **first)
{
	u32 off = be32_to_cpu(t->offset), ecnt = be32_to_cpu(t->ecnt);
	u32 esize = be32_to_cpu(t->esize), eact = be32_to_cpu(t->eactsz);
	u64 need;

	if (!ecnt || esize < sizeof(struct opal_fadump_reg) ||
	    eact < sizeof(struct opal_fadump_reg) || eact > esize) {
		pr_err("registers of thread %u (PIR %#x): %u entries of %u bytes (%u used): unusable\n",
		       nth, be32_to_cpu(t->pir), ecnt, esize, eact);
		return -EINVAL;
	}
	need = sizeof(*t) + (u64)off + (u64)ecnt * esize;
	if (need > thread_size) {
		pr_err("registers of thread %u (PIR %#x): %llu bytes, beyond the %u-byte thread entry\n",
		       nth, be32_to_cpu(t->pir), need, thread_size);
		return -EINVAL;
	}
	*first = (const u8 *)(t + 1) + off;
	return 0;
}

/**
 * opal_fadump_walk_regs() - walk the architected register data
 * @buf: the register data
 * @len: its size, a multiple of @thread_size
 * @thread_size: stride between thread headers
 * @fn: called per thread with its PIR and registers
 * @arg: passed to @fn
 *
 * Every header is checked before @fn is called for any thread, and no
 * PIR may appear twice.
 *
 * Context: process context; pure but for @fn.
 * Return: 0, @fn's first non-zero return, or -EINVAL after a pr_err().
 */
int opal_fadump_walk_regs(const void *buf, size_t len, u32 thread_size,
			  opal_fadump_cpu_fn fn, void *arg)
{
	const struct opal_fadump_thread *t, *u;
	const struct opal_fadump_reg *e;
	struct pt_regs regs;
	const u8 *first;
	u32 n, i, k;
	int rc;

	if (thread_size < sizeof(*t) || !len || len % thread_size ||
	    len / thread_size > OPAL_FADUMP_MAX_THREADS) {
		pr_err("register data: %zu bytes of %u-byte threads: unusable\n",
		       len, thread_size);
		return -EINVAL;
	}
	n = len / thread_size;
	for (i = 0; i < n; i++) {
		t = buf + (size_t)i * thread_size;
		rc = ofd_check_thread(t, i, thread_size, &first);
		if (rc)
			return rc;
		for (k = 0; k < i; k++) {
			u = buf + (size_t)k * thread_size;
			if (u->pir == t->pir) {
				pr_err("register data: PIR %#x appears twice (threads %u and %u)\n",
				       be32_to_cpu(t->pir), k, i);
				return -EINVAL;
			}
		}
	}
	for (i = 0; i < n; i++) {
		t = buf + (size_t)i * thread_size;
		ofd_check_thread(t, i, thread_size, &first);
		memset(&regs, 0, sizeof(regs));
		for (k = 0; k < be32_to_cpu(t->ecnt); k++) {
			e = (const void *)(first + (size_t)k * be32_to_cpu(t->esize));
			ofd_set_reg(&regs, be32_to_cpu(e->type),
				    be32_to_cpu(e->num), be64_to_cpu(e->val));
		}
		rc = fn(be32_to_cpu(t->pir), &regs, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/**
 * opal_fadump_load_area_end() - where OPAL's boot-time load area ends
 * @prop: the "fw-load-area" property of /ibm,opal/dump: (base, size)
 *        pairs of 64-bit big-endian cells
 * @len: its length in bytes
 * @end: the highest end of any pair
 *
 * OPAL loads the kernel and initrd there on every boot, an MPIPL boot
 * too; what the crashed kernel had there survives only as part of boot
 * memory, so boot memory must reach at least @end.
 *
 * Context: any; pure.
 * Return: 0, or -EINVAL after a pr_err() if the property is malformed.
 */
int opal_fadump_load_area_end(const void *prop, int len, u64 *end)
{
	const __be64 *p = prop;
	u64 base, size, top = 0;
	int i;

	*end = 0;
	if (!prop || len <= 0 || len % (2 * sizeof(*p))) {
		pr_err("fw-load-area: %d bytes, not (base, size) pairs\n", len);
		return -EINVAL;
	}
	for (i = 0; i < len / (int)sizeof(*p); i += 2) {
		base = be64_to_cpu(p[i]);
		size = be64_to_cpu(p[i + 1]);
		if (!size || base + size < base) {
			pr_err("fw-load-area: range %d [%#llx, %#llx bytes] is unusable\n",
			       i / 2, base, size);
			return -EINVAL;
		}
		top = max(top, base + size);
	}
	*end = top;
	return 0;
}

/**
 * opal_fadump_check_opal_meta() - check OPAL's metadata of its own memory
 * @meta: struct opal_mpipl_fadump, where OPAL_MPIPL_TAG_OPAL points
 * @len: bytes readable at @meta
 * @in_ram: tells whether a range is RAM
 * @om: the checked regions, on success
 *
 * Context: any, early boot included; pure but for @in_ram.
 * Return: 0, or -EINVAL after a pr_err() of what is wrong.
 */
int opal_fadump_check_opal_meta(const void *meta, size_t len,
				opal_fadump_ram_fn in_ram,
				struct opal_fadump_opal_mem *om)
{
	const struct opal_mpipl_fadump *m = meta;
	u64 src, dst, size, end;
	u32 cnt, i, j;

	memset(om, 0, sizeof(*om));
	if (len < sizeof(*m)) {
		pr_err("OPAL metadata: %zu bytes, too short\n", len);
		return -EINVAL;
	}
	cnt = be32_to_cpu(m->region_cnt);
	if (m->version != OPAL_MPIPL_VERSION || !cnt ||
	    cnt > OPAL_FADUMP_MAX_OPAL_REGIONS ||
	    len < sizeof(*m) + cnt * sizeof(m->region[0])) {
		pr_err("OPAL metadata: version %u, %u regions (1 to %u) in %zu bytes: unusable\n",
		       m->version, cnt, OPAL_FADUMP_MAX_OPAL_REGIONS, len);
		return -EINVAL;
	}
	for (i = 0; i < cnt; i++) {
		src = be64_to_cpu(m->region[i].src);
		dst = be64_to_cpu(m->region[i].dest);
		size = be64_to_cpu(m->region[i].size);
		if (!size || size > U32_MAX || check_add_overflow(src, size, &end) ||
		    check_add_overflow(dst, size, &end) ||
		    fadump_overlaps(src, size, dst, size) || !in_ram(dst, size)) {
			pr_err("OPAL metadata: region %u %#llx -> %#llx, %#llx bytes, is not a copy in RAM\n",
			       i, src, dst, size);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (fadump_overlaps(dst, size, om->r[j].dst, om->r[j].size) ||
			    fadump_overlaps(src, size, om->r[j].src, om->r[j].size)) {
				pr_err("OPAL metadata: regions %u and %u overlap\n",
				       j, i);
				return -EINVAL;
			}
		}
		om->r[i].src = src;
		om->r[i].dst = dst;
		om->r[i].size = size;
	}
	om->nr = cnt;
	om->crashing_pir = be32_to_cpu(m->crashing_pir);
	return 0;
}

/* The ELF note of one thread: header, "CORE", struct elf_prstatus */
#define OFD_NOTE_NAME		"CORE"
#define OFD_NOTE_SIZE	(sizeof(struct elf64_note) + \
			 ALIGN(sizeof(OFD_NOTE_NAME), 4) + \
			 ALIGN(sizeof(struct elf_prstatus), 4))

/**
 * opal_fadump_core_hdr_size() - bytes before the OPAL core's first segment
 * @nr_regions: PT_LOAD segments
 * @nr_threads: NT_PRSTATUS notes
 *
 * Context: any; pure.
 * Return: the size of the ELF header, the program headers and the notes,
 * rounded up to a page.
 */
size_t opal_fadump_core_hdr_size(u32 nr_regions, u32 nr_threads)
{
	return PAGE_ALIGN(sizeof(struct elf64_hdr) +
			  (1 + (size_t)nr_regions) * sizeof(struct elf64_phdr) +
			  (size_t)nr_threads * OFD_NOTE_SIZE);
}

/* Big-endian stores into the header buffer, aligned or not */
static void ofd_be16(void *p, u16 v)
{
	put_unaligned_be16(v, p);
}

static void ofd_be32(void *p, u32 v)
{
	put_unaligned_be32(v, p);
}

static void ofd_be64(void *p, u64 v)
{
	put_unaligned_be64(v, p);
}

/* One NT_PRSTATUS note at @p, in OPAL's (big-endian) byte order */
static void ofd_put_note(u8 *p, const struct opal_fadump_core_thread *t)
{
	const unsigned long *w = (const unsigned long *)&t->regs;
	u8 *desc;
	size_t i, n;

	ofd_be32(p + offsetof(struct elf64_note, n_namesz),
		 sizeof(OFD_NOTE_NAME));
	ofd_be32(p + offsetof(struct elf64_note, n_descsz),
		 sizeof(struct elf_prstatus));
	ofd_be32(p + offsetof(struct elf64_note, n_type), NT_PRSTATUS);
	memcpy(p + sizeof(struct elf64_note), OFD_NOTE_NAME,
	       sizeof(OFD_NOTE_NAME));
	desc = p + sizeof(struct elf64_note) + ALIGN(sizeof(OFD_NOTE_NAME), 4);
	ofd_be32(desc + offsetof(struct elf_prstatus, common.pr_pid), t->pir);
	/* elf_gregset_t is struct pt_regs word by word (ELF_CORE_COPY_REGS) */
	n = min(sizeof(struct pt_regs), sizeof(elf_gregset_t)) / sizeof(*w);
	for (i = 0; i < n; i++)
		ofd_be64(desc + offsetof(struct elf_prstatus, pr_reg) + i * 8,
			 w[i]);
}

/**
 * opal_fadump_core_build() - the OPAL core's headers
 * @buf: zeroed buffer of opal_fadump_core_hdr_size() bytes
 * @size: its size
 * @om: OPAL's regions, the PT_LOAD segments in this order
 * @t: the threads, the crashing one (@om's crashing PIR) first if found
 * @nr_threads: entries in @t
 *
 * A big-endian ELF64 core for ppc64 (OPAL runs big-endian): one PT_NOTE
 * with an NT_PRSTATUS note per thread, then one PT_LOAD per region at
 * its address in OPAL, the segments following the headers in file order.
 *
 * Context: any; pure.
 * Return: 0, or -EINVAL if @size is not what the headers need.
 */
int opal_fadump_core_build(void *buf, size_t size,
			   const struct opal_fadump_opal_mem *om,
			   const struct opal_fadump_core_thread *t, u32 nr_threads)
{
	size_t phoff = sizeof(struct elf64_hdr), noff, off, hdr;
	u8 *b = buf, *ph;
	u32 i, k, first = 0;

	hdr = opal_fadump_core_hdr_size(om->nr, nr_threads);
	if (!om->nr || om->nr > OPAL_FADUMP_MAX_OPAL_REGIONS || size != hdr)
		return -EINVAL;
	noff = phoff + (1 + om->nr) * sizeof(struct elf64_phdr);

	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = ELFCLASS64;
	b[EI_DATA] = ELFDATA2MSB;
	b[EI_VERSION] = EV_CURRENT;
	b[EI_OSABI] = ELFOSABI_NONE;
	ofd_be16(b + offsetof(struct elf64_hdr, e_type), ET_CORE);
	ofd_be16(b + offsetof(struct elf64_hdr, e_machine), EM_PPC64);
	ofd_be32(b + offsetof(struct elf64_hdr, e_version), EV_CURRENT);
	ofd_be64(b + offsetof(struct elf64_hdr, e_phoff), phoff);
	ofd_be16(b + offsetof(struct elf64_hdr, e_ehsize),
		 sizeof(struct elf64_hdr));
	ofd_be16(b + offsetof(struct elf64_hdr, e_phentsize),
		 sizeof(struct elf64_phdr));
	ofd_be16(b + offsetof(struct elf64_hdr, e_phnum), 1 + om->nr);

	ph = b + phoff;
	ofd_be32(ph + offsetof(struct elf64_phdr, p_type), PT_NOTE);
	ofd_be64(ph + offsetof(struct elf64_phdr, p_offset), noff);
	ofd_be64(ph + offsetof(struct elf64_phdr, p_filesz),
		 (u64)nr_threads * OFD_NOTE_SIZE);
	ofd_be64(ph + offsetof(struct elf64_phdr, p_align), 4);

	off = hdr;
	for (i = 0; i < om->nr; i++) {
		ph = b + phoff + (1 + i) * sizeof(struct elf64_phdr);
		ofd_be32(ph + offsetof(struct elf64_phdr, p_type), PT_LOAD);
		ofd_be32(ph + offsetof(struct elf64_phdr, p_flags),
			 PF_R | PF_W | PF_X);
		ofd_be64(ph + offsetof(struct elf64_phdr, p_offset), off);
		ofd_be64(ph + offsetof(struct elf64_phdr, p_vaddr),
			 om->r[i].src);
		ofd_be64(ph + offsetof(struct elf64_phdr, p_paddr),
			 om->r[i].src);
		ofd_be64(ph + offsetof(struct elf64_phdr, p_filesz),
			 om->r[i].size);
		ofd_be64(ph + offsetof(struct elf64_phdr, p_memsz),
			 om->r[i].size);
		off += om->r[i].size;
	}

	for (i = 0; i < nr_threads; i++)
		if (t[i].pir == om->crashing_pir)
			first = i;
	for (i = 0, k = 0; i < nr_threads; i++) {
		u32 n = i == 0 ? first : (i <= first ? i - 1 : i);

		ofd_put_note(b + noff + (size_t)k++ * OFD_NOTE_SIZE, &t[n]);
	}
	return 0;
}
