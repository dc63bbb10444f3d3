// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit tests for the PowerNV firmware-assisted dump backend: building
 * the record the kernel tag points at from a layout, checking the record
 * a crashed kernel left, checking OPAL's CPU metadata, walking the
 * architected register data, checking OPAL's metadata of its own memory,
 * building the OPAL core's headers and reading fw-load-area
 * (opal-fadump-parse.c), all on fake OPAL data. None of them calls OPAL.
 */

#include <kunit/test.h>
#include <linux/elf.h>
#include <linux/elfcore.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <asm/opal-api.h>
#include <asm/reg.h>

#include "opal-fadump-mpipl.h"

/* ------------------------------------------------------------------ */
/* Building the record                                                 */

#define T_CI_PA		(SZ_1G + SZ_512M)
#define T_BOOT_DST	SZ_1G

/* Two boot ranges around a hole, copied to 1 GiB; crash info after it */
static void t_layout(struct fadump_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->nr_boot_ranges = 2;
	l->boot[0].base = 0;
	l->boot[0].size = SZ_256M;
	l->boot[1].base = SZ_512M;
	l->boot[1].size = SZ_256M;
	l->boot_mem_size = SZ_512M;
	l->boot_dst_pa = T_BOOT_DST;
	l->area_start = T_BOOT_DST;
	l->crash_info_pa = T_CI_PA;
	l->cpu_state_pa = T_CI_PA + FADUMP_CRASH_INFO_AREA;
	l->cpu_state_size = PAGE_SIZE;
	l->elfhdr_pa = l->cpu_state_pa + PAGE_SIZE;
	l->elfhdr_size = SZ_64K;
	l->area_size = l->elfhdr_pa + l->elfhdr_size - l->area_start;
}

/* The record opal_fadump_build() makes of t_layout() */
static struct opal_fadump_record *t_built(struct kunit *test)
{
	struct opal_fadump_record *r;
	struct fadump_layout l;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	t_layout(&l);
	KUNIT_ASSERT_EQ(test, opal_fadump_build(r, &l), 0);
	return r;
}

static void build_good(struct kunit *test)
{
	struct opal_fadump_record *r = t_built(test);

	KUNIT_EXPECT_EQ(test, r->magic, OPAL_FADUMP_RECORD_MAGIC);
	KUNIT_EXPECT_EQ(test, r->version, OPAL_FADUMP_RECORD_VERSION);
	KUNIT_EXPECT_EQ(test, r->size, sizeof(*r));
	KUNIT_EXPECT_EQ(test, r->crash_info_pa, T_CI_PA);
	KUNIT_EXPECT_EQ(test, r->boot_mem_size, SZ_512M);
	KUNIT_EXPECT_EQ(test, r->nr_ranges, 2);
	KUNIT_EXPECT_EQ(test, r->range[0].src, 0);
	KUNIT_EXPECT_EQ(test, r->range[0].dst, T_BOOT_DST);
	KUNIT_EXPECT_EQ(test, r->range[0].size, SZ_256M);
	KUNIT_EXPECT_EQ(test, r->range[1].src, SZ_512M);
	KUNIT_EXPECT_EQ(test, r->range[1].dst, T_BOOT_DST + SZ_256M);
	KUNIT_EXPECT_EQ(test, r->range[1].size, SZ_256M);
}

static void build_max_ranges(struct kunit *test)
{
	struct opal_fadump_record *r;
	struct fadump_layout l;
	u32 i;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	t_layout(&l);
	l.nr_boot_ranges = OPAL_FADUMP_MAX_RANGES;
	for (i = 0; i < OPAL_FADUMP_MAX_RANGES; i++) {
		l.boot[i].base = (u64)i * SZ_16M;
		l.boot[i].size = SZ_8M;
	}
	l.boot_mem_size = (u64)OPAL_FADUMP_MAX_RANGES * SZ_8M;
	KUNIT_ASSERT_EQ(test, opal_fadump_build(r, &l), 0);
	KUNIT_EXPECT_EQ(test, r->nr_ranges, OPAL_FADUMP_MAX_RANGES);
	KUNIT_EXPECT_EQ(test, r->range[OPAL_FADUMP_MAX_RANGES - 1].dst,
			T_BOOT_DST + (u64)(OPAL_FADUMP_MAX_RANGES - 1) * SZ_8M);

	l.nr_boot_ranges++;
	KUNIT_EXPECT_EQ(test, opal_fadump_build(r, &l), -EINVAL);
	KUNIT_EXPECT_EQ(test, r->magic, 0);
}

struct t_build_case {
	const char *desc;
	void (*bend)(struct fadump_layout *l);
};

static void bb_no_ranges(struct fadump_layout *l)
{
	l->nr_boot_ranges = 0;
}

static void bb_slot_small(struct fadump_layout *l)
{
	l->cpu_state_size = sizeof(struct opal_fadump_record) - 1;
}

static void bb_slot_apart(struct fadump_layout *l)
{
	l->cpu_state_pa += PAGE_SIZE;
}

static void bb_hpte(struct fadump_layout *l)
{
	l->hpte_size = PAGE_SIZE;
}

static void bb_param(struct fadump_layout *l)
{
	l->param_size = PAGE_SIZE;
}

static void bb_empty(struct fadump_layout *l)
{
	l->boot[1].size = 0;
}

static void bb_huge(struct fadump_layout *l)
{
	l->boot[0].size = SZ_4G;
	l->boot_mem_size = SZ_4G + SZ_256M;
}

static void bb_sum(struct fadump_layout *l)
{
	l->boot_mem_size += PAGE_SIZE;
}

static void bb_copy_on_ci(struct fadump_layout *l)
{
	l->boot_dst_pa = T_CI_PA - SZ_256M;
}

static void bb_wrap(struct fadump_layout *l)
{
	l->boot[1].base = U64_MAX - SZ_64K;
}

static const struct t_build_case build_cases[] = {
	{ "no boot ranges", bb_no_ranges },
	{ "CPU state slot smaller than the record", bb_slot_small },
	{ "CPU state not right after the crash info", bb_slot_apart },
	{ "an HPTE section", bb_hpte },
	{ "a parameter area", bb_param },
	{ "an empty boot range", bb_empty },
	{ "a range of 4 GiB (skiboot keeps 32 bits)", bb_huge },
	{ "sizes not summing to boot_mem_size", bb_sum },
	{ "the copy overlapping the crash info", bb_copy_on_ci },
	{ "a range wrapping around", bb_wrap },
};

static void t_build_desc(const struct t_build_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(build_bad, build_cases, t_build_desc);

static void build_rejects(struct kunit *test)
{
	const struct t_build_case *c = test->param_value;
	struct opal_fadump_record *r;
	struct fadump_layout l;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	t_layout(&l);
	c->bend(&l);
	KUNIT_EXPECT_EQ(test, opal_fadump_build(r, &l), -EINVAL);
	KUNIT_EXPECT_NE(test, r->magic, OPAL_FADUMP_RECORD_MAGIC);
}

static struct kunit_case build_test_cases[] = {
	KUNIT_CASE(build_good),
	KUNIT_CASE(build_max_ranges),
	KUNIT_CASE_PARAM(build_rejects, build_bad_gen_params),
	{}
};

static struct kunit_suite build_suite = {
	.name = "fadump_opal_build",
	.test_cases = build_test_cases,
};

/* ------------------------------------------------------------------ */
/* Checking the crashed kernel's record                                */

/* RAM of the fake machine: 0 to 4 GiB */
static bool t_in_ram(u64 base, u64 size)
{
	return size && base < SZ_4G && size <= SZ_4G - base;
}

#define T_REC_PA	(T_CI_PA + FADUMP_CRASH_INFO_AREA)

static struct opal_fadump_record *t_record(struct kunit *test)
{
	struct opal_fadump_record *r;
	struct fadump_layout l;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	t_layout(&l);
	KUNIT_ASSERT_EQ(test, opal_fadump_build(r, &l), 0);
	return r;
}

static void check_round_trip(struct kunit *test)
{
	struct opal_fadump_record *r = t_record(test);
	struct fadump_dump_info *info;

	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	KUNIT_ASSERT_EQ(test, opal_fadump_check_record(r, T_REC_PA, t_in_ram,
						       info), 0);
	KUNIT_EXPECT_EQ(test, info->nr_boot_ranges, 2);
	KUNIT_EXPECT_EQ(test, info->boot[0].src, 0);
	KUNIT_EXPECT_EQ(test, info->boot[0].dst, T_BOOT_DST);
	KUNIT_EXPECT_EQ(test, info->boot[0].dumped, SZ_256M);
	KUNIT_EXPECT_EQ(test, info->boot[1].src, SZ_512M);
	KUNIT_EXPECT_EQ(test, info->boot[1].dst, T_BOOT_DST + SZ_256M);
	KUNIT_EXPECT_EQ(test, info->boot[1].size, SZ_256M);
	KUNIT_EXPECT_EQ(test, info->cpu_state_pa, T_REC_PA);
	KUNIT_EXPECT_EQ(test, info->cpu_state_len, sizeof(*r));
	KUNIT_EXPECT_EQ(test, info->hpte_len, 0);
	KUNIT_EXPECT_EQ(test, info->param_len, 0);
}

struct t_check_case {
	const char *desc;
	void (*bend)(struct opal_fadump_record *r);
	u64 pa;		/* where the tag points; 0: T_REC_PA */
};

static void cb_magic(struct opal_fadump_record *r)
{
	r->magic = swab64(r->magic);
}

static void cb_version(struct opal_fadump_record *r)
{
	r->version = 2;
}

static void cb_size(struct opal_fadump_record *r)
{
	r->size -= 8;
}

static void cb_no_ranges(struct opal_fadump_record *r)
{
	r->nr_ranges = 0;
}

static void cb_many_ranges(struct opal_fadump_record *r)
{
	r->nr_ranges = OPAL_FADUMP_MAX_RANGES + 1;
}

static void cb_reserved(struct opal_fadump_record *r)
{
	r->reserved = 1;
}

static void cb_ci(struct opal_fadump_record *r)
{
	r->crash_info_pa -= PAGE_SIZE;
}

static void cb_empty(struct opal_fadump_record *r)
{
	r->range[1].size = 0;
}

static void cb_not_ram(struct opal_fadump_record *r)
{
	r->range[1].dst = SZ_4G;
}

static void cb_wrap(struct opal_fadump_record *r)
{
	r->range[0].src = U64_MAX - SZ_64K;
}

static void cb_self(struct opal_fadump_record *r)
{
	r->range[0].dst = r->range[0].src + SZ_64K;
}

static void cb_on_meta(struct opal_fadump_record *r)
{
	r->range[1].dst = T_CI_PA;
}

static void cb_overlap(struct opal_fadump_record *r)
{
	r->range[1].dst = r->range[0].dst + SZ_64K;
}

static void cb_src_dst(struct opal_fadump_record *r)
{
	r->range[1].dst = r->range[0].src;
}

static void cb_sum(struct opal_fadump_record *r)
{
	r->boot_mem_size -= SZ_64K;
}

static void cb_none(struct opal_fadump_record *r)
{
}

static const struct t_check_case check_cases[] = {
	{ "wrong magic (other byte order)", cb_magic },
	{ "unknown version", cb_version },
	{ "wrong size", cb_size },
	{ "no ranges", cb_no_ranges },
	{ "too many ranges", cb_many_ranges },
	{ "reserved field set", cb_reserved },
	{ "crash info not right before the record", cb_ci },
	{ "an empty range", cb_empty },
	{ "a destination outside RAM", cb_not_ram },
	{ "a wrapping range", cb_wrap },
	{ "a range overlapping its own copy", cb_self },
	{ "a copy over the metadata", cb_on_meta },
	{ "two copies overlapping", cb_overlap },
	{ "a copy over another range's source", cb_src_dst },
	{ "sizes not summing to boot_mem_size", cb_sum },
	{ "the tag pointing elsewhere", cb_none, T_REC_PA + PAGE_SIZE },
	{ "the tag below the crash-info area", cb_none, SZ_4K },
};

static void t_check_desc(const struct t_check_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(check_bad, check_cases, t_check_desc);

static void check_rejects(struct kunit *test)
{
	const struct t_check_case *c = test->param_value;
	struct opal_fadump_record *r = t_record(test);
	struct fadump_dump_info *info;

	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	c->bend(r);
	KUNIT_EXPECT_EQ(test, opal_fadump_check_record(r, c->pa ?: T_REC_PA,
						       t_in_ram, info),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, info->nr_boot_ranges, 0);
}

static struct kunit_case check_test_cases[] = {
	KUNIT_CASE(check_round_trip),
	KUNIT_CASE_PARAM(check_rejects, check_bad_gen_params),
	{}
};

static struct kunit_suite check_suite = {
	.name = "fadump_opal_check",
	.test_cases = check_test_cases,
};

/* ------------------------------------------------------------------ */
/* OPAL's CPU metadata and the architected register data               */

#define T_REGS_PA	(SZ_1G - SZ_16M)
#define T_NREGS		36	/* 32 GPRs, NIP, MSR, LR, CTR */
#define T_TSIZE		(sizeof(struct opal_fadump_thread) + \
			 T_NREGS * sizeof(struct opal_fadump_reg))

struct t_meta {
	struct opal_mpipl_fadump m;
	struct opal_mpipl_region r;
} __packed;

/* What skiboot builds for @n threads of QEMU's stride */
static void t_meta(struct t_meta *t, u32 n)
{
	memset(t, 0, sizeof(*t));
	t->m.version = OPAL_MPIPL_VERSION;
	t->m.crashing_pir = cpu_to_be32(0);
	t->m.cpu_data_version = cpu_to_be32(OPAL_FADUMP_CPU_DATA_P9);
	t->m.cpu_data_size = cpu_to_be32(T_TSIZE);
	t->m.region_cnt = cpu_to_be32(1);
	t->r.src = cpu_to_be64(T_REGS_PA);
	t->r.dest = cpu_to_be64(T_REGS_PA);
	t->r.size = cpu_to_be64((u64)n * T_TSIZE);
}

static void meta_good(struct kunit *test)
{
	struct opal_fadump_cpu_data cd;
	struct t_meta t;

	t_meta(&t, 4);
	KUNIT_ASSERT_EQ(test, opal_fadump_check_cpu_meta(&t, sizeof(t),
							 t_in_ram, &cd), 0);
	KUNIT_EXPECT_EQ(test, cd.pa, T_REGS_PA);
	KUNIT_EXPECT_EQ(test, cd.size, 4 * T_TSIZE);
	KUNIT_EXPECT_EQ(test, cd.thread_size, T_TSIZE);
}

struct t_meta_case {
	const char *desc;
	void (*bend)(struct t_meta *t);
	size_t len;	/* 0: whole */
};

static void mb_version(struct t_meta *t)
{
	t->m.version = 2;
}

static void mb_format(struct t_meta *t)
{
	t->m.cpu_data_version = cpu_to_be32(2);
}

static void mb_regions(struct t_meta *t)
{
	t->m.region_cnt = cpu_to_be32(2);
}

static void mb_tsize_small(struct t_meta *t)
{
	t->m.cpu_data_size = cpu_to_be32(sizeof(struct opal_fadump_thread));
}

static void mb_tsize_big(struct t_meta *t)
{
	t->m.cpu_data_size = cpu_to_be32(OPAL_FADUMP_MAX_THREAD_SIZE + 8);
	t->r.size = cpu_to_be64(OPAL_FADUMP_MAX_THREAD_SIZE + 8);
}

static void mb_src_dst(struct t_meta *t)
{
	t->r.src = cpu_to_be64(T_REGS_PA + SZ_64K);
}

static void mb_partial(struct t_meta *t)
{
	t->r.size = cpu_to_be64(2 * T_TSIZE + 8);
}

static void mb_empty(struct t_meta *t)
{
	t->r.size = 0;
}

static void mb_not_ram(struct t_meta *t)
{
	t->r.src = cpu_to_be64(SZ_4G);
	t->r.dest = cpu_to_be64(SZ_4G);
}

static void mb_threads(struct t_meta *t)
{
	t->r.size = cpu_to_be64((u64)(OPAL_FADUMP_MAX_THREADS + 1) * T_TSIZE);
}

static void mb_none(struct t_meta *t)
{
}

static const struct t_meta_case meta_cases[] = {
	{ "unknown metadata version", mb_version },
	{ "register data not in the P9 format", mb_format },
	{ "two regions", mb_regions },
	{ "thread size without room for an entry", mb_tsize_small },
	{ "thread size above 64 KiB", mb_tsize_big },
	{ "region source and destination apart", mb_src_dst },
	{ "a partial thread", mb_partial },
	{ "no register data", mb_empty },
	{ "register data outside RAM", mb_not_ram },
	{ "more threads than NR_CPUS", mb_threads },
	{ "metadata cut short", mb_none, sizeof(struct opal_mpipl_fadump) },
};

static void t_meta_desc(const struct t_meta_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(meta_bad, meta_cases, t_meta_desc);

static void meta_rejects(struct kunit *test)
{
	const struct t_meta_case *c = test->param_value;
	struct opal_fadump_cpu_data cd;
	struct t_meta t;

	t_meta(&t, 2);
	c->bend(&t);
	KUNIT_EXPECT_EQ(test, opal_fadump_check_cpu_meta(&t, c->len ?: sizeof(t),
							 t_in_ram, &cd),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cd.size, 0);
}

/* Register data of @n threads, PIRs 0x10, 0x11, ... */
static u8 *t_regs(struct kunit *test, u32 n)
{
	u8 *buf = kunit_kzalloc(test, n * T_TSIZE, GFP_KERNEL);
	u32 i, k;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < n; i++) {
		struct opal_fadump_thread *t = (void *)(buf + i * T_TSIZE);
		struct opal_fadump_reg *e = (void *)(t + 1);

		t->pir = cpu_to_be32(0x10 + i);
		t->core_state = 0xff;
		t->offset = 0;
		t->ecnt = cpu_to_be32(T_NREGS);
		t->esize = cpu_to_be32(sizeof(*e));
		t->eactsz = cpu_to_be32(sizeof(*e));
		for (k = 0; k < 32; k++) {
			e[k].type = cpu_to_be32(OPAL_FADUMP_REG_GPR);
			e[k].num = cpu_to_be32(k);
			e[k].val = cpu_to_be64(0x1000ULL * (i + 1) + k);
		}
		e[32].type = cpu_to_be32(OPAL_FADUMP_REG_SPR);
		e[32].num = cpu_to_be32(OPAL_FADUMP_SPR_NIP);
		e[32].val = cpu_to_be64(0xc000000000000200ULL + i);
		e[33].type = cpu_to_be32(OPAL_FADUMP_REG_SPR);
		e[33].num = cpu_to_be32(OPAL_FADUMP_SPR_MSR);
		e[33].val = cpu_to_be64(0x9000000000001033ULL);
		e[34].type = cpu_to_be32(OPAL_FADUMP_REG_SPR);
		e[34].num = cpu_to_be32(SPRN_LR);
		e[34].val = cpu_to_be64(0xc000000000000100ULL + i);
		/* an unknown register type: ignored */
		e[35].type = cpu_to_be32(3);
		e[35].num = cpu_to_be32(SPRN_CTR);
		e[35].val = cpu_to_be64(0xbad);
	}
	return buf;
}

struct t_seen {
	unsigned int calls;
	unsigned int stop_at;
	u32 ids[2];
	struct pt_regs regs[2];
};

static int t_collect(u32 cpu_id, const struct pt_regs *regs, void *arg)
{
	struct t_seen *s = arg;

	if (s->calls < ARRAY_SIZE(s->ids)) {
		s->ids[s->calls] = cpu_id;
		s->regs[s->calls] = *regs;
	}
	s->calls++;
	return s->calls == s->stop_at ? -ENOSPC : 0;
}

static void walk_good(struct kunit *test)
{
	u8 *buf = t_regs(test, 2);
	struct t_seen s = {};
	u32 i, k;

	KUNIT_ASSERT_EQ(test, opal_fadump_walk_regs(buf, 2 * T_TSIZE, T_TSIZE,
						    t_collect, &s), 0);
	KUNIT_ASSERT_EQ(test, s.calls, 2);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, s.ids[i], 0x10 + i);
		for (k = 0; k < 32; k++)
			KUNIT_EXPECT_EQ(test, s.regs[i].gpr[k],
					0x1000ULL * (i + 1) + k);
		KUNIT_EXPECT_EQ(test, s.regs[i].nip, 0xc000000000000200ULL + i);
		KUNIT_EXPECT_EQ(test, s.regs[i].msr, 0x9000000000001033ULL);
		KUNIT_EXPECT_EQ(test, s.regs[i].link, 0xc000000000000100ULL + i);
		KUNIT_EXPECT_EQ(test, s.regs[i].ctr, 0);
	}
}

/* Entries at an offset past the header, with a larger allocated size */
static void walk_offset_stride(struct kunit *test)
{
	u32 esize = 24, tsize = sizeof(struct opal_fadump_thread) + 8 + 2 * esize;
	u8 *buf = kunit_kzalloc(test, tsize, GFP_KERNEL);
	struct opal_fadump_thread *t = (void *)buf;
	struct opal_fadump_reg *e;
	struct t_seen s = {};

	KUNIT_ASSERT_NOT_NULL(test, buf);
	t->pir = cpu_to_be32(7);
	t->offset = cpu_to_be32(8);
	t->ecnt = cpu_to_be32(2);
	t->esize = cpu_to_be32(esize);
	t->eactsz = cpu_to_be32(sizeof(*e));
	e = (void *)(buf + sizeof(*t) + 8);
	e->type = cpu_to_be32(OPAL_FADUMP_REG_GPR);
	e->num = cpu_to_be32(1);
	e->val = cpu_to_be64(0x1234);
	e = (void *)(buf + sizeof(*t) + 8 + esize);
	e->type = cpu_to_be32(OPAL_FADUMP_REG_SPR);
	e->num = cpu_to_be32(OPAL_FADUMP_SPR_CR);
	e->val = cpu_to_be64(0x22000044);
	KUNIT_ASSERT_EQ(test, opal_fadump_walk_regs(buf, tsize, tsize,
						    t_collect, &s), 0);
	KUNIT_ASSERT_EQ(test, s.calls, 1);
	KUNIT_EXPECT_EQ(test, s.ids[0], 7);
	KUNIT_EXPECT_EQ(test, s.regs[0].gpr[1], 0x1234);
	KUNIT_EXPECT_EQ(test, s.regs[0].ccr, 0x22000044);
}

static void walk_stops(struct kunit *test)
{
	u8 *buf = t_regs(test, 2);
	struct t_seen s = { .stop_at = 1 };

	KUNIT_EXPECT_EQ(test, opal_fadump_walk_regs(buf, 2 * T_TSIZE, T_TSIZE,
						    t_collect, &s), -ENOSPC);
	KUNIT_EXPECT_EQ(test, s.calls, 1);
}

struct t_walk_case {
	const char *desc;
	void (*bend)(u8 *buf);
	size_t len;	/* 0: two threads */
};

static struct opal_fadump_thread *t_thread(u8 *buf, u32 i)
{
	return (void *)(buf + i * T_TSIZE);
}

static void wb_dup_pir(u8 *buf)
{
	t_thread(buf, 1)->pir = t_thread(buf, 0)->pir;
}

static void wb_no_entries(u8 *buf)
{
	t_thread(buf, 1)->ecnt = 0;
}

static void wb_esize_small(u8 *buf)
{
	t_thread(buf, 0)->esize = cpu_to_be32(8);
	t_thread(buf, 0)->eactsz = cpu_to_be32(8);
}

static void wb_eact_big(u8 *buf)
{
	t_thread(buf, 0)->eactsz = cpu_to_be32(sizeof(struct opal_fadump_reg) + 1);
}

static void wb_too_many(u8 *buf)
{
	t_thread(buf, 1)->ecnt = cpu_to_be32(T_NREGS + 1);
}

static void wb_offset(u8 *buf)
{
	t_thread(buf, 0)->offset = cpu_to_be32(16);
}

static void wb_huge(u8 *buf)
{
	t_thread(buf, 0)->ecnt = cpu_to_be32(U32_MAX);
	t_thread(buf, 0)->offset = cpu_to_be32(U32_MAX);
}

static void wb_none(u8 *buf)
{
}

static const struct t_walk_case walk_cases[] = {
	{ "a PIR twice", wb_dup_pir },
	{ "a thread without entries", wb_no_entries },
	{ "entries smaller than a register", wb_esize_small },
	{ "used size above the allocated size", wb_eact_big },
	{ "entries beyond the thread", wb_too_many },
	{ "an offset pushing entries beyond the thread", wb_offset },
	{ "counts that overflow 32 bits", wb_huge },
	{ "a partial thread", wb_none, T_TSIZE + 8 },
	{ "no data", wb_none, 1 },
};

static void t_walk_desc(const struct t_walk_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(walk_bad, walk_cases, t_walk_desc);

static void walk_rejects(struct kunit *test)
{
	const struct t_walk_case *c = test->param_value;
	u8 *buf = t_regs(test, 2);
	struct t_seen s = {};
	size_t len = c->len ?: 2 * T_TSIZE;

	c->bend(buf);
	KUNIT_EXPECT_EQ(test, opal_fadump_walk_regs(buf, len == 1 ? 0 : len,
						    T_TSIZE, t_collect, &s),
			-EINVAL);
	/* nothing is handed over before every thread was checked */
	KUNIT_EXPECT_EQ(test, s.calls, 0);
}

static struct kunit_case regs_test_cases[] = {
	KUNIT_CASE(meta_good),
	KUNIT_CASE_PARAM(meta_rejects, meta_bad_gen_params),
	KUNIT_CASE(walk_good),
	KUNIT_CASE(walk_offset_stride),
	KUNIT_CASE(walk_stops),
	KUNIT_CASE_PARAM(walk_rejects, walk_bad_gen_params),
	{}
};

static struct kunit_suite regs_suite = {
	.name = "fadump_opal_regs",
	.test_cases = regs_test_cases,
};

/* ------------------------------------------------------------------ */
/* OPAL's own memory and the OPAL core's headers                        */

#define T_OPAL_SRC	0x30000000ULL
#define T_OPAL_DST	0x31c00000ULL
#define T_OPAL_SIZE	0x1c00000ULL

struct t_opal_meta {
	struct opal_mpipl_fadump m;
	struct opal_mpipl_region r[2];
} __packed;

/* What skiboot builds for its memory: one region, or two */
static void t_opal_meta(struct t_opal_meta *t, u32 n)
{
	memset(t, 0, sizeof(*t));
	t->m.version = OPAL_MPIPL_VERSION;
	t->m.crashing_pir = cpu_to_be32(0x11);
	t->m.region_cnt = cpu_to_be32(n);
	t->r[0].src = cpu_to_be64(T_OPAL_SRC);
	t->r[0].dest = cpu_to_be64(T_OPAL_DST);
	t->r[0].size = cpu_to_be64(T_OPAL_SIZE);
	t->r[1].src = cpu_to_be64(T_OPAL_SRC + 2 * T_OPAL_SIZE);
	t->r[1].dest = cpu_to_be64(T_OPAL_DST + 2 * T_OPAL_SIZE);
	t->r[1].size = cpu_to_be64(SZ_64K);
}

static void opal_meta_good(struct kunit *test)
{
	struct opal_fadump_opal_mem om;
	struct t_opal_meta t;

	t_opal_meta(&t, 2);
	KUNIT_ASSERT_EQ(test, opal_fadump_check_opal_meta(&t, sizeof(t),
							  t_in_ram, &om), 0);
	KUNIT_EXPECT_EQ(test, om.nr, 2);
	KUNIT_EXPECT_EQ(test, om.crashing_pir, 0x11);
	KUNIT_EXPECT_EQ(test, om.r[0].src, T_OPAL_SRC);
	KUNIT_EXPECT_EQ(test, om.r[0].dst, T_OPAL_DST);
	KUNIT_EXPECT_EQ(test, om.r[0].size, T_OPAL_SIZE);
	KUNIT_EXPECT_EQ(test, om.r[1].size, SZ_64K);
}

struct t_opal_case {
	const char *desc;
	void (*bend)(struct t_opal_meta *t);
	size_t len;	/* 0: whole */
};

static void ob_version(struct t_opal_meta *t)
{
	t->m.version = 0;
}

static void ob_none(struct t_opal_meta *t)
{
	t->m.region_cnt = 0;
}

static void ob_many(struct t_opal_meta *t)
{
	t->m.region_cnt = cpu_to_be32(OPAL_FADUMP_MAX_OPAL_REGIONS + 1);
}

static void ob_empty(struct t_opal_meta *t)
{
	t->r[1].size = 0;
}

static void ob_huge(struct t_opal_meta *t)
{
	t->r[0].size = cpu_to_be64(SZ_4G);
}

static void ob_not_ram(struct t_opal_meta *t)
{
	t->r[1].dest = cpu_to_be64(SZ_4G - SZ_32K);
}

static void ob_self(struct t_opal_meta *t)
{
	t->r[0].dest = cpu_to_be64(T_OPAL_SRC + SZ_64K);
}

static void ob_overlap(struct t_opal_meta *t)
{
	t->r[1].dest = t->r[0].dest;
}

static void ob_wrap(struct t_opal_meta *t)
{
	t->r[1].src = cpu_to_be64(U64_MAX - SZ_4K);
}

static void ob_keep(struct t_opal_meta *t)
{
}

static const struct t_opal_case opal_cases[] = {
	{ "unknown version", ob_version },
	{ "no regions", ob_none },
	{ "more regions than kept", ob_many },
	{ "an empty region", ob_empty },
	{ "a region of 4 GiB", ob_huge },
	{ "a copy outside RAM", ob_not_ram },
	{ "a copy over its own source", ob_self },
	{ "two copies overlapping", ob_overlap },
	{ "a wrapping region", ob_wrap },
	{ "regions cut short", ob_keep, sizeof(struct opal_mpipl_fadump) + 8 },
	{ "header cut short", ob_keep, 8 },
};

static void t_opal_desc(const struct t_opal_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(opal_bad, opal_cases, t_opal_desc);

static void opal_meta_rejects(struct kunit *test)
{
	const struct t_opal_case *c = test->param_value;
	struct opal_fadump_opal_mem om;
	struct t_opal_meta t;

	t_opal_meta(&t, 2);
	c->bend(&t);
	KUNIT_EXPECT_EQ(test, opal_fadump_check_opal_meta(&t, c->len ?: sizeof(t),
							  t_in_ram, &om),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, om.nr, 0);
}

static u64 t_be64(const u8 *p)
{
	return be64_to_cpup((const __be64 *)p);
}

static void core_headers(struct kunit *test)
{
	struct opal_fadump_core_thread *t;
	const struct elf64_phdr *ph;
	const struct elf64_hdr *eh;
	struct opal_fadump_opal_mem om = {
		.crashing_pir = 0x11, .nr = 2,
		.r = { { T_OPAL_SRC, T_OPAL_DST, T_OPAL_SIZE },
		       { T_OPAL_SRC + 2 * T_OPAL_SIZE, T_OPAL_DST + 2 * T_OPAL_SIZE,
			 SZ_64K } },
	};
	const struct elf64_note *n;
	size_t size = opal_fadump_core_hdr_size(2, 2), noff;
	u8 *buf, *desc;

	KUNIT_ASSERT_TRUE(test, PAGE_ALIGNED(size));
	buf = kunit_kzalloc(test, size, GFP_KERNEL);
	t = kunit_kcalloc(test, 2, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t[0].pir = 0x10;
	t[0].regs.nip = 0x30001000;
	t[1].pir = 0x11;
	t[1].regs.nip = 0x30002000;
	t[1].regs.gpr[1] = 0x31000000;
	KUNIT_EXPECT_EQ(test, opal_fadump_core_build(buf, size - 1, &om, t, 2),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, opal_fadump_core_build(buf, size, &om, t, 2), 0);

	eh = (const void *)buf;
	KUNIT_EXPECT_EQ(test, memcmp(eh->e_ident, ELFMAG, SELFMAG), 0);
	KUNIT_EXPECT_EQ(test, eh->e_ident[EI_CLASS], ELFCLASS64);
	KUNIT_EXPECT_EQ(test, eh->e_ident[EI_DATA], ELFDATA2MSB);
	KUNIT_EXPECT_EQ(test, be16_to_cpu((__force __be16)eh->e_type), ET_CORE);
	KUNIT_EXPECT_EQ(test, be16_to_cpu((__force __be16)eh->e_machine),
			EM_PPC64);
	KUNIT_EXPECT_EQ(test, be16_to_cpu((__force __be16)eh->e_phnum), 3);

	ph = (const void *)(buf + sizeof(*eh));
	KUNIT_EXPECT_EQ(test, be32_to_cpu((__force __be32)ph[0].p_type), PT_NOTE);
	KUNIT_EXPECT_EQ(test, be32_to_cpu((__force __be32)ph[1].p_type), PT_LOAD);
	KUNIT_EXPECT_EQ(test, be64_to_cpu((__force __be64)ph[1].p_offset), size);
	KUNIT_EXPECT_EQ(test, be64_to_cpu((__force __be64)ph[1].p_paddr),
			T_OPAL_SRC);
	KUNIT_EXPECT_EQ(test, be64_to_cpu((__force __be64)ph[1].p_filesz),
			T_OPAL_SIZE);
	KUNIT_EXPECT_EQ(test, be64_to_cpu((__force __be64)ph[2].p_offset),
			size + T_OPAL_SIZE);
	KUNIT_EXPECT_EQ(test, be64_to_cpu((__force __be64)ph[2].p_memsz), SZ_64K);

	/* the crashing thread (PIR 0x11) comes first */
	noff = be64_to_cpu((__force __be64)ph[0].p_offset);
	n = (const void *)(buf + noff);
	KUNIT_EXPECT_EQ(test, be32_to_cpu((__force __be32)n->n_type), NT_PRSTATUS);
	KUNIT_EXPECT_EQ(test, be32_to_cpu((__force __be32)n->n_descsz),
			sizeof(struct elf_prstatus));
	desc = (u8 *)n + sizeof(*n) + 8;
	KUNIT_EXPECT_EQ(test, be32_to_cpup((const __be32 *)(desc +
			offsetof(struct elf_prstatus, common.pr_pid))), 0x11);
	KUNIT_EXPECT_EQ(test, t_be64(desc + offsetof(struct elf_prstatus, pr_reg) +
				     8), 0x31000000);
	KUNIT_EXPECT_EQ(test, t_be64(desc + offsetof(struct elf_prstatus, pr_reg) +
				     32 * 8), 0x30002000);
	KUNIT_EXPECT_EQ(test, be64_to_cpu((__force __be64)ph[0].p_filesz),
			2 * (sizeof(*n) + 8 + ALIGN(sizeof(struct elf_prstatus), 4)));
}

static struct kunit_case core_test_cases[] = {
	KUNIT_CASE(opal_meta_good),
	KUNIT_CASE_PARAM(opal_meta_rejects, opal_bad_gen_params),
	KUNIT_CASE(core_headers),
	{}
};

static struct kunit_suite core_suite = {
	.name = "fadump_opal_core",
	.test_cases = core_test_cases,
};

/* ------------------------------------------------------------------ */
/* fw-load-area                                                         */

static void load_area_good(struct kunit *test)
{
	/* what skiboot advertises: kernel and initrd load windows */
	const __be64 prop[] = {
		cpu_to_be64(0x20000000), cpu_to_be64(0x8000000),
		cpu_to_be64(0x28000000), cpu_to_be64(0x8000000),
	};
	u64 end;

	KUNIT_ASSERT_EQ(test, opal_fadump_load_area_end(prop, sizeof(prop),
							&end), 0);
	KUNIT_EXPECT_EQ(test, end, 0x30000000);
}

static void load_area_bad(struct kunit *test)
{
	const __be64 empty[] = { cpu_to_be64(0x20000000), 0 };
	const __be64 wrap[] = { cpu_to_be64(U64_MAX - 1), cpu_to_be64(4) };
	const __be64 odd[] = { cpu_to_be64(0x20000000), cpu_to_be64(1),
			       cpu_to_be64(0) };
	u64 end = 1;

	KUNIT_EXPECT_EQ(test, opal_fadump_load_area_end(empty, sizeof(empty),
							&end), -EINVAL);
	KUNIT_EXPECT_EQ(test, end, 0);
	KUNIT_EXPECT_EQ(test, opal_fadump_load_area_end(wrap, sizeof(wrap),
							&end), -EINVAL);
	KUNIT_EXPECT_EQ(test, opal_fadump_load_area_end(odd, sizeof(odd), &end),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, opal_fadump_load_area_end(odd, 0, &end), -EINVAL);
	KUNIT_EXPECT_EQ(test, opal_fadump_load_area_end(NULL, 16, &end),
			-EINVAL);
}

static struct kunit_case dt_test_cases[] = {
	KUNIT_CASE(load_area_good),
	KUNIT_CASE(load_area_bad),
	{}
};

static struct kunit_suite dt_suite = {
	.name = "fadump_opal_dt",
	.test_cases = dt_test_cases,
};

/* ------------------------------------------------------------------ */
/* The boot memory tag, and a bootloader kernel keeping the dump       */

/* A layout with a hole: the tag is the end of boot memory, not its size */
static void boot_top_hole(struct kunit *test)
{
	struct opal_fadump_record *r = t_built(test);

	KUNIT_EXPECT_EQ(test, r->boot_mem_size, SZ_512M);
	KUNIT_EXPECT_EQ(test, opal_fadump_boot_top(r), SZ_512M + SZ_256M);
	r->nr_ranges = 0;
	KUNIT_EXPECT_EQ(test, opal_fadump_boot_top(r), 0);
}

struct t_keep_case {
	const char *desc;
	u64 top, kernel_end, ram_end, align;
	int rc;
	u64 base;
};

static const struct t_keep_case keep_cases[] = {
	{ "1 GiB of boot memory in 4 GiB", SZ_1G, SZ_32M, SZ_4G, SZ_64K,
	  0, SZ_1G },
	{ "a 4K-aligned end under 64K pages keeps the page it is in",
	  SZ_1G + SZ_4K, SZ_32M, SZ_4G, SZ_64K, 0, SZ_1G },
	{ "exactly the room above the kernel", SZ_32M + OPAL_FADUMP_PRESERVE_ROOM,
	  SZ_32M, SZ_4G, SZ_64K, 0, SZ_32M + OPAL_FADUMP_PRESERVE_ROOM },
	{ "no tag", 0, SZ_32M, SZ_4G, SZ_64K, -ENOENT, 0 },
	{ "less room than needed", SZ_32M + OPAL_FADUMP_PRESERVE_ROOM - SZ_64K,
	  SZ_32M, SZ_4G, SZ_64K, -ENOSPC, 0 },
	{ "below the end of the kernel", SZ_16M, SZ_32M, SZ_4G, SZ_64K,
	  -ENOSPC, 0 },
	{ "at the end of RAM", SZ_4G, SZ_32M, SZ_4G, SZ_64K, -ERANGE, 0 },
	{ "beyond the end of RAM", U64_MAX, SZ_32M, SZ_4G, SZ_64K, -ERANGE, 0 },
};

static void t_keep_desc(const struct t_keep_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(keep, keep_cases, t_keep_desc);

static void preserve_base(struct kunit *test)
{
	const struct t_keep_case *c = test->param_value;
	u64 base = 1;

	KUNIT_EXPECT_EQ(test, opal_fadump_preserve_base(c->top, c->kernel_end,
							c->ram_end, c->align,
							&base), c->rc);
	KUNIT_EXPECT_EQ(test, base, c->rc ? 1 : c->base);
}

static struct kunit_case preserve_test_cases[] = {
	KUNIT_CASE(boot_top_hole),
	KUNIT_CASE_PARAM(preserve_base, keep_gen_params),
	{}
};

static struct kunit_suite preserve_suite = {
	.name = "fadump_opal_preserve",
	.test_cases = preserve_test_cases,
};

kunit_test_suites(&build_suite, &check_suite, &regs_suite, &core_suite,
		  &dt_suite, &preserve_suite);

MODULE_DESCRIPTION("KUnit tests for the PowerNV firmware-assisted dump backend");
MODULE_LICENSE("GPL");
