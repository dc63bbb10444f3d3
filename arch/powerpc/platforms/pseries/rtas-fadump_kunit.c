// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit tests for the pseries firmware-assisted dump backend: building
 * the ibm,configure-kernel-dump structure from a layout, validating the
 * structure the firmware hands back in ibm,kernel-dump, parsing the
 * register save area, reading the /rtas properties and mapping RTAS
 * statuses (rtas-fadump-build.c, rtas-fadump-parse.c and the pure
 * helpers of rtas-fadump.c). None of them calls the firmware.
 */

#include <kunit/test.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <asm/rtas.h>

#include "rtas-fadump.h"

/* ------------------------------------------------------------------ */
/* Building the registration structure                                 */

#define T_CPU_PA	(SZ_1G + SZ_64K)
#define T_BOOT_DST	(SZ_1G + SZ_1M)
#define T_PARAM_PA	SZ_64M

static void t_layout(struct fadump_layout *l, struct rtas_kdump_caps *caps)
{
	memset(l, 0, sizeof(*l));
	l->area_start = SZ_1G;
	l->crash_info_pa = SZ_1G;
	l->cpu_state_pa = T_CPU_PA;
	l->cpu_state_size = SZ_64K;
	l->boot_dst_pa = T_BOOT_DST;
	l->nr_boot_ranges = 2;
	l->boot[0].base = 0;
	l->boot[0].size = SZ_256M;
	l->boot[1].base = SZ_512M;
	l->boot[1].size = SZ_64M;
	l->boot_mem_size = SZ_256M + SZ_64M;
	l->param_pa = T_PARAM_PA;
	l->param_size = SZ_4K;

	caps->version = RTAS_KDUMP_FORMAT_V1;
	caps->cpu_state_size = 0x510;
	caps->hpte_size = 0;
	caps->param_area = true;
}

static void t_expect_sec(struct kunit *test, const struct rtas_kdump_section *s,
			 u16 type, u64 src, u64 len, u64 dst)
{
	KUNIT_EXPECT_EQ(test, be32_to_cpu(s->request), RTAS_KDUMP_REQUEST_COPY);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(s->type), type);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(s->error), 0);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(s->src), src);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(s->len), len);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(s->dumped), 0);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(s->dst), dst);
}

static void build_good(struct kunit *test)
{
	struct rtas_kdump_mem *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct fadump_layout *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	struct rtas_kdump_caps caps;
	const u8 *raw = (const u8 *)m;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, l);
	t_layout(l, &caps);

	KUNIT_ASSERT_EQ(test, rtas_kdump_build(m, l, &caps), 0);
	/* Header, big-endian on the wire whatever the CPU's endianness */
	KUNIT_EXPECT_EQ(test, raw[0] | raw[1] | raw[2], 0);
	KUNIT_EXPECT_EQ(test, raw[3], 1);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(m->hdr.nr_sections), 4);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(m->hdr.status), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(m->hdr.first_section), 40);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(m->hdr.disk_block_size), 0);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(m->hdr.auto_reboot_ms), 0);

	t_expect_sec(test, &m->sec[0], RTAS_KDUMP_CPU_STATE, 0, SZ_64K,
		     T_CPU_PA);
	t_expect_sec(test, &m->sec[1], RTAS_KDUMP_PARAM_AREA, T_PARAM_PA,
		     SZ_4K, T_PARAM_PA);
	t_expect_sec(test, &m->sec[2], RTAS_KDUMP_REAL_MODE, 0, SZ_256M,
		     T_BOOT_DST);
	t_expect_sec(test, &m->sec[3], RTAS_KDUMP_REAL_MODE, SZ_512M, SZ_64M,
		     T_BOOT_DST + SZ_256M);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(m->sec[4].type), 0);
}

static void build_hpte_no_param(struct kunit *test)
{
	struct rtas_kdump_mem *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct fadump_layout *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	struct rtas_kdump_caps caps;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, l);
	t_layout(l, &caps);
	caps.hpte_size = SZ_1M;
	caps.param_area = false;
	l->hpte_pa = SZ_1G + SZ_512M;
	l->hpte_size = SZ_1M;

	KUNIT_ASSERT_EQ(test, rtas_kdump_build(m, l, &caps), 0);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(m->hdr.nr_sections), 4);
	t_expect_sec(test, &m->sec[1], RTAS_KDUMP_HPTE, 0, SZ_1M,
		     SZ_1G + SZ_512M);
	t_expect_sec(test, &m->sec[2], RTAS_KDUMP_REAL_MODE, 0, SZ_256M,
		     T_BOOT_DST);
}

/* n ranges of 16 MiB every 32 MiB from 0 */
static void t_ranges(struct fadump_layout *l, u32 n)
{
	u32 i;

	l->nr_boot_ranges = n;
	l->boot_mem_size = 0;
	for (i = 0; i < n; i++) {
		l->boot[i].base = (u64)i * SZ_32M;
		l->boot[i].size = SZ_16M;
		l->boot_mem_size += SZ_16M;
	}
}

static void build_max_ranges(struct kunit *test)
{
	struct rtas_kdump_mem *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct fadump_layout *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	struct rtas_kdump_caps caps;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, l);
	t_layout(l, &caps);
	l->param_pa = 0;
	l->param_size = 0;
	/* No HPTE, no parameter area: nine boot sections fit */
	t_ranges(l, RTAS_KDUMP_MAX_SECTIONS - 1);
	KUNIT_ASSERT_EQ(test, rtas_kdump_build(m, l, &caps), 0);
	KUNIT_EXPECT_EQ(test, be16_to_cpu(m->hdr.nr_sections),
			RTAS_KDUMP_MAX_SECTIONS);
	t_expect_sec(test, &m->sec[9], RTAS_KDUMP_REAL_MODE, 8 * SZ_32M,
		     SZ_16M, T_BOOT_DST + 8 * SZ_16M);
}

struct build_case {
	const char *desc;
	void (*mutate)(struct fadump_layout *l, struct rtas_kdump_caps *caps);
};

static void bm_no_ranges(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	l->nr_boot_ranges = 0;
	l->boot_mem_size = 0;
}

static void bm_too_many(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	/* CPU state + parameter area + 9 boot ranges = 11 sections */
	t_ranges(l, RTAS_KDUMP_MAX_SECTIONS - 1);
}

static void bm_cpu_small(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	l->cpu_state_size = 0x100;
}

static void bm_hpte_unoffered(struct fadump_layout *l,
			      struct rtas_kdump_caps *c)
{
	l->hpte_pa = SZ_1G + SZ_512M;
	l->hpte_size = SZ_1M;
}

static void bm_hpte_small(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	c->hpte_size = SZ_2M;
	bm_hpte_unoffered(l, c);
}

static void bm_empty_range(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	l->boot_mem_size -= l->boot[1].size;
	l->boot[1].size = 0;
}

static void bm_sum(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	l->boot_mem_size += SZ_64K;
}

static void bm_dst_in_boot(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	l->cpu_state_pa = SZ_128M;
}

static void bm_copy_in_boot(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	l->boot_dst_pa = SZ_256M;	/* copy of range 0 runs into range 1 */
}

static void bm_wrap(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	l->boot[1].base = U64_MAX - SZ_1M;
}

static void bm_version(struct fadump_layout *l, struct rtas_kdump_caps *c)
{
	c->version = 2;
}

static const struct build_case build_cases[] = {
	{ "no boot ranges", bm_no_ranges },
	{ "more sections than the firmware takes", bm_too_many },
	{ "CPU state area smaller than the firmware asks", bm_cpu_small },
	{ "HPTE area the firmware does not offer", bm_hpte_unoffered },
	{ "HPTE area too small", bm_hpte_small },
	{ "empty boot range", bm_empty_range },
	{ "boot ranges do not add up", bm_sum },
	{ "CPU state destination inside boot memory", bm_dst_in_boot },
	{ "boot copy over boot memory", bm_copy_in_boot },
	{ "boot range wraps", bm_wrap },
	{ "unsupported version", bm_version },
};

KUNIT_ARRAY_PARAM_DESC(build_bad, build_cases, desc);

static void build_rejects(struct kunit *test)
{
	const struct build_case *p = test->param_value;
	struct rtas_kdump_mem *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct fadump_layout *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	struct rtas_kdump_caps caps;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, l);
	t_layout(l, &caps);
	p->mutate(l, &caps);
	KUNIT_EXPECT_EQ(test, rtas_kdump_build(m, l, &caps), -EINVAL);
}

static struct kunit_case build_test_cases[] = {
	KUNIT_CASE(build_good),
	KUNIT_CASE(build_hpte_no_param),
	KUNIT_CASE(build_max_ranges),
	KUNIT_CASE_PARAM(build_rejects, build_bad_gen_params),
	{}
};

static struct kunit_suite build_suite = {
	.name = "fadump_rtas_build",
	.test_cases = build_test_cases,
};

/* ------------------------------------------------------------------ */
/* Validating ibm,kernel-dump                                          */

#define T_RAM_END	SZ_2G

static bool t_in_ram(u64 base, u64 size)
{
	u64 end;

	return size && !check_add_overflow(base, size, &end) &&
	       end <= T_RAM_END;
}

struct t_kdump {
	u8 b[RTAS_KDUMP_MAX_STRUCT_SIZE] __aligned(8);
	size_t len;
};

static struct rtas_kdump_header *t_hdr(struct t_kdump *k)
{
	return (struct rtas_kdump_header *)k->b;
}

static struct rtas_kdump_section *t_sec(struct t_kdump *k, int i)
{
	return (struct rtas_kdump_section *)(k->b +
		be32_to_cpu(t_hdr(k)->first_section) +
		i * sizeof(struct rtas_kdump_section));
}

static void t_set(struct rtas_kdump_section *s, u16 type, u64 src, u64 len,
		  u64 dumped, u64 dst)
{
	s->request = cpu_to_be32(RTAS_KDUMP_REQUEST_COPY);
	s->type = cpu_to_be16(type);
	s->error = 0;
	s->src = cpu_to_be64(src);
	s->len = cpu_to_be64(len);
	s->dumped = cpu_to_be64(dumped);
	s->dst = cpu_to_be64(dst);
}

/* What QEMU reports after a crash with the layout of t_layout() */
static void t_kdump_good(struct t_kdump *k)
{
	struct rtas_kdump_header *h = t_hdr(k);

	memset(k, 0, sizeof(*k));
	h->version = cpu_to_be32(RTAS_KDUMP_FORMAT_V1);
	h->nr_sections = cpu_to_be16(4);
	h->status = cpu_to_be16(RTAS_KDUMP_STATUS_PERFORMED |
				RTAS_KDUMP_STATUS_TRIGGERED);
	h->first_section = cpu_to_be32(sizeof(*h));
	t_set(t_sec(k, 0), RTAS_KDUMP_CPU_STATE, 0, SZ_64K, 0x510, T_CPU_PA);
	t_set(t_sec(k, 1), RTAS_KDUMP_PARAM_AREA, T_PARAM_PA, SZ_4K, SZ_4K,
	      T_PARAM_PA);
	t_set(t_sec(k, 2), RTAS_KDUMP_REAL_MODE, 0, SZ_256M, SZ_256M,
	      T_BOOT_DST);
	t_set(t_sec(k, 3), RTAS_KDUMP_REAL_MODE, SZ_512M, SZ_64M, SZ_64M,
	      T_BOOT_DST + SZ_256M);
	k->len = sizeof(*h) + 4 * sizeof(struct rtas_kdump_section);
}

static void check_good(struct kunit *test)
{
	struct t_kdump *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	struct fadump_dump_info *info = kunit_kzalloc(test, sizeof(*info),
						      GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, info);
	t_kdump_good(k);

	KUNIT_ASSERT_EQ(test, rtas_kdump_check(k->b, k->len, t_in_ram, info),
			0);
	KUNIT_EXPECT_EQ(test, info->status, RTAS_KDUMP_STATUS_PERFORMED |
					    RTAS_KDUMP_STATUS_TRIGGERED);
	KUNIT_EXPECT_EQ(test, info->cpu_state_pa, T_CPU_PA);
	KUNIT_EXPECT_EQ(test, info->cpu_state_len, 0x510);
	KUNIT_EXPECT_EQ(test, info->hpte_pa, 0);
	KUNIT_EXPECT_EQ(test, info->hpte_len, 0);
	KUNIT_EXPECT_EQ(test, info->param_pa, T_PARAM_PA);
	KUNIT_EXPECT_EQ(test, info->param_len, SZ_4K);
	KUNIT_ASSERT_EQ(test, info->nr_boot_ranges, 2);
	KUNIT_EXPECT_EQ(test, info->boot[0].src, 0);
	KUNIT_EXPECT_EQ(test, info->boot[0].dst, T_BOOT_DST);
	KUNIT_EXPECT_EQ(test, info->boot[0].size, SZ_256M);
	KUNIT_EXPECT_EQ(test, info->boot[0].dumped, SZ_256M);
	KUNIT_EXPECT_EQ(test, info->boot[1].src, SZ_512M);
	KUNIT_EXPECT_EQ(test, info->boot[1].dst, T_BOOT_DST + SZ_256M);
	KUNIT_EXPECT_EQ(test, info->boot[1].size, SZ_64M);
}

/* The structure we build is one the checker accepts once "dumped". */
static void check_round_trip(struct kunit *test)
{
	struct rtas_kdump_mem *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct fadump_layout *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	struct fadump_dump_info *info = kunit_kzalloc(test, sizeof(*info),
						      GFP_KERNEL);
	struct rtas_kdump_caps caps;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_ASSERT_NOT_NULL(test, info);
	t_layout(l, &caps);
	KUNIT_ASSERT_EQ(test, rtas_kdump_build(m, l, &caps), 0);
	m->hdr.status = cpu_to_be16(RTAS_KDUMP_STATUS_PERFORMED);
	for (i = 0; i < be16_to_cpu(m->hdr.nr_sections); i++)
		m->sec[i].dumped = m->sec[i].len;

	KUNIT_ASSERT_EQ(test, rtas_kdump_check(m, sizeof(*m), t_in_ram, info),
			0);
	KUNIT_EXPECT_EQ(test, info->nr_boot_ranges, l->nr_boot_ranges);
	KUNIT_EXPECT_EQ(test, info->cpu_state_pa, l->cpu_state_pa);
	KUNIT_EXPECT_EQ(test, info->boot[1].dst, l->boot_dst_pa + SZ_256M);
}

struct check_case {
	const char *desc;
	void (*mutate)(struct t_kdump *k);
	int ret;
};

static void cm_none(struct t_kdump *k)
{
}

static void cm_hpte_not_dumped(struct t_kdump *k)
{
	be16_add_cpu(&t_hdr(k)->nr_sections, 1);
	t_set(t_sec(k, 4), RTAS_KDUMP_HPTE, 0, SZ_1M, 0, SZ_1G + SZ_512M);
	k->len += sizeof(struct rtas_kdump_section);
}

static void cm_cpu_short(struct t_kdump *k)
{
	t_sec(k, 0)->dumped = cpu_to_be64(0x20);
}

static void cm_gap(struct t_kdump *k)
{
	/* a disk path string could sit between the header and section 0 */
	memmove(k->b + 48, k->b + 40, k->len - 40);
	memset(k->b + 40, 0, 8);
	t_hdr(k)->first_section = cpu_to_be32(48);
	k->len += 8;
}

static void cm_bad_type(struct t_kdump *k)
{
	t_sec(k, 1)->type = cpu_to_be16(0x0042);
}

static void cm_os_string_type(struct t_kdump *k)
{
	t_sec(k, 1)->type = cpu_to_be16(0x0012);
}

static void cm_src_not_ram(struct t_kdump *k)
{
	t_sec(k, 3)->src = cpu_to_be64(3ULL * SZ_1G);
}

static void cm_dst_not_ram(struct t_kdump *k)
{
	t_sec(k, 0)->dst = cpu_to_be64(T_RAM_END - SZ_4K);
}

static void cm_dst_in_boot(struct t_kdump *k)
{
	t_sec(k, 0)->dst = cpu_to_be64(SZ_16M);
}

static void cm_copy_gap(struct t_kdump *k)
{
	t_sec(k, 3)->dst = cpu_to_be64(T_BOOT_DST + SZ_256M + SZ_64K);
}

static void cm_boot_short(struct t_kdump *k)
{
	t_sec(k, 2)->dumped = cpu_to_be64(SZ_128M);
}

static void cm_cpu_zero(struct t_kdump *k)
{
	t_sec(k, 0)->dumped = 0;
}

static void cm_cpu_over(struct t_kdump *k)
{
	t_sec(k, 0)->dumped = cpu_to_be64(SZ_64K + 1);
}

static void cm_error_flags(struct t_kdump *k)
{
	t_sec(k, 2)->error = cpu_to_be16(RTAS_KDUMP_ERR_BAD_SOURCE);
}

static void cm_not_requested(struct t_kdump *k)
{
	t_sec(k, 2)->request = 0;
}

static void cm_too_many(struct t_kdump *k)
{
	int i;

	for (i = 4; i < RTAS_KDUMP_MAX_SECTIONS + 1; i++)
		memcpy(t_sec(k, i), t_sec(k, 1), sizeof(struct rtas_kdump_section));
	t_hdr(k)->nr_sections = cpu_to_be16(RTAS_KDUMP_MAX_SECTIONS + 1);
	k->len = sizeof(struct rtas_kdump_header) +
		 (RTAS_KDUMP_MAX_SECTIONS + 1) * sizeof(struct rtas_kdump_section);
}

static void cm_no_sections(struct t_kdump *k)
{
	t_hdr(k)->nr_sections = 0;
}

static void cm_version(struct t_kdump *k)
{
	t_hdr(k)->version = cpu_to_be32(2);
}

static void cm_status_error(struct t_kdump *k)
{
	be16_add_cpu(&t_hdr(k)->status, RTAS_KDUMP_STATUS_ERROR);
}

static void cm_offset(struct t_kdump *k)
{
	t_hdr(k)->first_section = cpu_to_be32(k->len);
}

static void cm_offset_small(struct t_kdump *k)
{
	t_hdr(k)->first_section = cpu_to_be32(8);
}

static void cm_truncated(struct t_kdump *k)
{
	k->len -= sizeof(struct rtas_kdump_section) / 2;
}

static void cm_short_header(struct t_kdump *k)
{
	k->len = sizeof(struct rtas_kdump_header) - 1;
}

static void cm_no_cpu(struct t_kdump *k)
{
	t_set(t_sec(k, 0), RTAS_KDUMP_HPTE, 0, SZ_64K, 0, T_CPU_PA);
}

static void cm_two_cpu(struct t_kdump *k)
{
	t_set(t_sec(k, 1), RTAS_KDUMP_CPU_STATE, 0, SZ_64K, 0x510,
	      T_CPU_PA + SZ_64K);
}

static void cm_no_boot(struct t_kdump *k)
{
	t_hdr(k)->nr_sections = cpu_to_be16(2);
}

static void cm_param_moved(struct t_kdump *k)
{
	t_sec(k, 1)->dst = cpu_to_be64(T_PARAM_PA + SZ_4K);
}

static void cm_zero_len(struct t_kdump *k)
{
	t_sec(k, 1)->len = 0;
	t_sec(k, 1)->dumped = 0;
}

static void cm_src_overlap(struct t_kdump *k)
{
	t_sec(k, 3)->src = cpu_to_be64(SZ_128M);
}

static void cm_cpu_over_copy(struct t_kdump *k)
{
	t_sec(k, 0)->dst = cpu_to_be64(T_BOOT_DST + SZ_1M);
}

static const struct check_case check_cases[] = {
	{ "as QEMU reports it", cm_none, 0 },
	{ "HPTE section not dumped", cm_hpte_not_dumped, 0 },
	{ "CPU state shorter than requested", cm_cpu_short, 0 },
	{ "gap before the first section", cm_gap, 0 },
	{ "unknown section type", cm_bad_type, -EINVAL },
	{ "OS string section type", cm_os_string_type, -EINVAL },
	{ "boot source outside RAM", cm_src_not_ram, -EINVAL },
	{ "destination outside RAM", cm_dst_not_ram, -EINVAL },
	{ "destination outside the reserved area", cm_dst_in_boot, -EINVAL },
	{ "CPU state inside the boot copy", cm_cpu_over_copy, -EINVAL },
	{ "boot copies not back to back", cm_copy_gap, -EINVAL },
	{ "boot bytes dumped != requested", cm_boot_short, -EINVAL },
	{ "no CPU state dumped", cm_cpu_zero, -EINVAL },
	{ "more CPU state dumped than requested", cm_cpu_over, -EINVAL },
	{ "section error flags set", cm_error_flags, -EINVAL },
	{ "copy not requested", cm_not_requested, -EINVAL },
	{ "too many sections", cm_too_many, -EINVAL },
	{ "no sections", cm_no_sections, -EINVAL },
	{ "format version 2", cm_version, -EINVAL },
	{ "dump error status", cm_status_error, -EINVAL },
	{ "first section past the end", cm_offset, -EINVAL },
	{ "first section inside the header", cm_offset_small, -EINVAL },
	{ "truncated property", cm_truncated, -EINVAL },
	{ "shorter than the header", cm_short_header, -EINVAL },
	{ "no CPU state section", cm_no_cpu, -EINVAL },
	{ "two CPU state sections", cm_two_cpu, -EINVAL },
	{ "no boot memory section", cm_no_boot, -EINVAL },
	{ "parameter area moved", cm_param_moved, -EINVAL },
	{ "zero-length section", cm_zero_len, -EINVAL },
	{ "overlapping boot sources", cm_src_overlap, -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(check, check_cases, desc);

static void check_cases_test(struct kunit *test)
{
	const struct check_case *p = test->param_value;
	struct t_kdump *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	struct fadump_dump_info *info = kunit_kzalloc(test, sizeof(*info),
						      GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, info);
	t_kdump_good(k);
	p->mutate(k);
	KUNIT_EXPECT_EQ(test, rtas_kdump_check(k->b, k->len, t_in_ram, info),
			p->ret);
}

static struct kunit_case check_test_cases[] = {
	KUNIT_CASE(check_good),
	KUNIT_CASE(check_round_trip),
	KUNIT_CASE_PARAM(check_cases_test, check_gen_params),
	{}
};

static struct kunit_suite check_suite = {
	.name = "fadump_rtas_check",
	.test_cases = check_test_cases,
};

/* ------------------------------------------------------------------ */
/* Register save area                                                  */

struct t_regsave {
	u8 *b;
	size_t len;
};

#define T_RS_SIZE	SZ_8K

static void t_rs_init(struct kunit *test, struct t_regsave *rs, u32 cnt_off,
		      u32 ncpus)
{
	rs->b = kunit_kzalloc(test, T_RS_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rs->b);
	memcpy(rs->b, RTAS_KDUMP_REGSAVE_MAGIC, strlen(RTAS_KDUMP_REGSAVE_MAGIC));
	put_unaligned_be32(0, rs->b + 8);
	put_unaligned_be32(cnt_off, rs->b + 12);
	put_unaligned_be32(ncpus, rs->b + cnt_off);
	rs->len = cnt_off + sizeof(__be32);
}

static void t_rs_put(struct t_regsave *rs, const char *name, u64 val)
{
	u8 *e = rs->b + rs->len;

	memset(e, 0, 8);
	memcpy(e, name, strnlen(name, 8));
	put_unaligned_be64(val, e + 8);
	rs->len += sizeof(struct rtas_kdump_reg);
}

static u64 t_gpr(u32 cpu, unsigned int n)
{
	return 0x1000ULL * (cpu + 1) + n;
}

/* One CPU as QEMU writes it (a subset of its registers), optionally unclosed */
static void t_rs_cpu(struct t_regsave *rs, u32 cpu, bool close)
{
	char name[8] = "GPR";
	unsigned int i;

	t_rs_put(rs, RTAS_KDUMP_REG_CPUSTRT, cpu);
	t_rs_put(rs, "CFAR", 0xdead);
	t_rs_put(rs, "CR", 0x22000000 + cpu);
	t_rs_put(rs, "CTR", 0xc7);
	t_rs_put(rs, "DAR", 0xda0 + cpu);
	t_rs_put(rs, "DSISR", 0x42000000);
	t_rs_put(rs, "FPSCR", 0xf);
	for (i = 0; i < 32; i++) {
		name[3] = '0' + i / 10;
		name[4] = '0' + i % 10;
		t_rs_put(rs, name, t_gpr(cpu, i));
	}
	t_rs_put(rs, "LR", 0xc000000000000100ULL + cpu);
	t_rs_put(rs, "MSR", 0x8000000000001033ULL);
	t_rs_put(rs, "NIA", 0xc000000000000200ULL + cpu);
	t_rs_put(rs, "XER", 0x20000000);
	if (close)
		t_rs_put(rs, RTAS_KDUMP_REG_CPUEND, cpu);
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

static void t_expect_cpu(struct kunit *test, const struct pt_regs *r, u32 cpu)
{
	unsigned int i;

	for (i = 0; i < 32; i++)
		KUNIT_EXPECT_EQ(test, r->gpr[i], t_gpr(cpu, i));
	KUNIT_EXPECT_EQ(test, r->nip, 0xc000000000000200ULL + cpu);
	KUNIT_EXPECT_EQ(test, r->msr, 0x8000000000001033ULL);
	KUNIT_EXPECT_EQ(test, r->link, 0xc000000000000100ULL + cpu);
	KUNIT_EXPECT_EQ(test, r->ctr, 0xc7);
	KUNIT_EXPECT_EQ(test, r->xer, 0x20000000);
	KUNIT_EXPECT_EQ(test, r->ccr, 0x22000000 + cpu);
	KUNIT_EXPECT_EQ(test, r->dar, 0xda0 + cpu);
	KUNIT_EXPECT_EQ(test, r->dsisr, 0x42000000);
	KUNIT_EXPECT_EQ(test, r->trap, 0);
}

/* QEMU: count right after the 16-byte header, 12 unused bytes at the end */
static void regs_qemu_layout(struct kunit *test)
{
	struct t_seen *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct t_regsave rs;

	KUNIT_ASSERT_NOT_NULL(test, s);
	t_rs_init(test, &rs, 16, 2);
	t_rs_cpu(&rs, 0, true);
	t_rs_cpu(&rs, 8, true);
	rs.len += 12;

	KUNIT_ASSERT_EQ(test, rtas_kdump_walk_regs(rs.b, rs.len, 32, t_collect,
						   s), 0);
	KUNIT_ASSERT_EQ(test, s->calls, 2);
	KUNIT_EXPECT_EQ(test, s->ids[0], 0);
	KUNIT_EXPECT_EQ(test, s->ids[1], 8);
	t_expect_cpu(test, &s->regs[0], 0);
	t_expect_cpu(test, &s->regs[1], 8);
}

/* Padded header as PAPR draws it: count at 0x1c, entries 8-byte aligned */
static void regs_padded_layout(struct kunit *test)
{
	struct t_seen *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct t_regsave rs;

	KUNIT_ASSERT_NOT_NULL(test, s);
	t_rs_init(test, &rs, 0x1c, 1);
	t_rs_cpu(&rs, 0x12345678, true);

	KUNIT_ASSERT_EQ(test, rtas_kdump_walk_regs(rs.b, rs.len, 32, t_collect,
						   s), 0);
	KUNIT_ASSERT_EQ(test, s->calls, 1);
	KUNIT_EXPECT_EQ(test, s->ids[0], 0x12345678);
	t_expect_cpu(test, &s->regs[0], 0x12345678);
}

static void regs_callback_stops(struct kunit *test)
{
	struct t_seen *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct t_regsave rs;

	KUNIT_ASSERT_NOT_NULL(test, s);
	t_rs_init(test, &rs, 16, 2);
	t_rs_cpu(&rs, 0, true);
	t_rs_cpu(&rs, 1, true);
	s->stop_at = 1;

	KUNIT_EXPECT_EQ(test, rtas_kdump_walk_regs(rs.b, rs.len, 32, t_collect,
						   s), -ENOSPC);
	KUNIT_EXPECT_EQ(test, s->calls, 1);
}

struct regs_case {
	const char *desc;
	void (*build)(struct kunit *test, struct t_regsave *rs);
	u32 max_cpus;
};

static void rb_truncated(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 2);
	t_rs_cpu(rs, 0, true);
	t_rs_cpu(rs, 1, true);
	rs->len -= 24;
}

static void rb_no_cpuend(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 2);
	t_rs_cpu(rs, 0, true);
	t_rs_cpu(rs, 1, false);
}

static void rb_cpustrt_inside(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 2);
	t_rs_cpu(rs, 0, false);
	t_rs_cpu(rs, 1, true);
	rs->len += 64;	/* room enough that only the nesting is wrong */
}

static void rb_bad_magic(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 1);
	t_rs_cpu(rs, 0, true);
	rs->b[0] = 'X';
}

static void rb_count_too_big(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 1000);
	t_rs_cpu(rs, 0, true);
	t_rs_cpu(rs, 1, true);
}

static void rb_count_over_max(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 2);
	t_rs_cpu(rs, 0, true);
	t_rs_cpu(rs, 1, true);
}

static void rb_no_cpus(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 0);
	rs->len += 64;
}

static void rb_count_outside(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 1);
	t_rs_cpu(rs, 0, true);
	put_unaligned_be32(rs->len - 2, rs->b + 12);
}

static void rb_count_in_header(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 1);
	t_rs_cpu(rs, 0, true);
	put_unaligned_be32(8, rs->b + 12);
}

static void rb_duplicate(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 3);
	t_rs_cpu(rs, 3, true);
	t_rs_cpu(rs, 4, true);
	t_rs_cpu(rs, 3, true);
}

static void rb_short_header(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 1);
	rs->len = 12;
}

static void rb_no_cpustrt(struct kunit *test, struct t_regsave *rs)
{
	t_rs_init(test, rs, 16, 1);
	t_rs_put(rs, "GPR00", 1);
	t_rs_cpu(rs, 0, true);
}

static const struct regs_case regs_cases[] = {
	{ "truncated", rb_truncated, 32 },
	{ "missing CPUEND", rb_no_cpuend, 32 },
	{ "CPUSTRT before CPUEND", rb_cpustrt_inside, 32 },
	{ "bad magic", rb_bad_magic, 32 },
	{ "more CPUs than fit", rb_count_too_big, RTAS_KDUMP_MAX_CPUS },
	{ "more CPUs than allowed", rb_count_over_max, 1 },
	{ "no CPUs", rb_no_cpus, 32 },
	{ "CPU count beyond the end", rb_count_outside, 32 },
	{ "CPU count inside the header", rb_count_in_header, 32 },
	{ "duplicate CPU id", rb_duplicate, 32 },
	{ "shorter than the header", rb_short_header, 32 },
	{ "entries without CPUSTRT", rb_no_cpustrt, 32 },
};

KUNIT_ARRAY_PARAM_DESC(regs_bad, regs_cases, desc);

static void regs_rejects(struct kunit *test)
{
	const struct regs_case *p = test->param_value;
	struct t_seen *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct t_regsave rs;

	KUNIT_ASSERT_NOT_NULL(test, s);
	p->build(test, &rs);
	KUNIT_ASSERT_LE(test, rs.len, T_RS_SIZE);
	KUNIT_EXPECT_EQ(test, rtas_kdump_walk_regs(rs.b, rs.len, p->max_cpus,
						   t_collect, s), -EINVAL);
	/* The whole area is checked before any CPU is reported. */
	KUNIT_EXPECT_EQ(test, s->calls, 0);
}

static struct kunit_case regs_test_cases[] = {
	KUNIT_CASE(regs_qemu_layout),
	KUNIT_CASE(regs_padded_layout),
	KUNIT_CASE(regs_callback_stops),
	KUNIT_CASE_PARAM(regs_rejects, regs_bad_gen_params),
	{}
};

static struct kunit_suite regs_suite = {
	.name = "fadump_rtas_regs",
	.test_cases = regs_test_cases,
};

/* ------------------------------------------------------------------ */
/* /rtas properties                                                    */

struct version_case {
	const char *desc;
	u8 prop[8];
	int len;	/* -1: property absent */
	int ret;
};

static const struct version_case version_cases[] = {
	{ "absent", {}, -1, -ENOENT },
	{ "QEMU on a little-endian host", { 0x01, 0x00, 0x01, 0x00 }, 4, 0 },
	{ "version 1 only", { 0x00, 0x01, 0x00, 0x01 }, 4, 0 },
	{ "versions 1 to 3", { 0x00, 0x01, 0x00, 0x03 }, 4, 0 },
	{ "versions 0 to 1", { 0x00, 0x00, 0x00, 0x01 }, 4, 0 },
	{ "only newer versions", { 0x00, 0x02, 0x00, 0x03 }, 4, -ENODEV },
	{ "only newer, byte-swapped", { 0x02, 0x00, 0x03, 0x00 }, 4, -ENODEV },
	{ "only version 0", { 0x00, 0x00, 0x00, 0x00 }, 4, -ENODEV },
	{ "lowest above highest", { 0x00, 0x03, 0x00, 0x01 }, 4, -EINVAL },
	{ "too short", { 0x00, 0x01 }, 2, -EINVAL },
	{ "too long", { 0, 1, 0, 1, 0, 1, 0, 1 }, 8, -EINVAL },
	{ "empty", {}, 0, -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(version, version_cases, desc);

static void dt_version(struct kunit *test)
{
	const struct version_case *p = test->param_value;
	u32 v = 0;
	int ret;

	ret = rtas_kdump_pick_version(p->len < 0 ? NULL : p->prop, p->len, &v);
	KUNIT_EXPECT_EQ(test, ret, p->ret);
	if (!p->ret)
		KUNIT_EXPECT_EQ(test, v, RTAS_KDUMP_FORMAT_V1);
}

struct sizes_case {
	const char *desc;
	struct {
		u32 type;
		u64 size;
	} e[RTAS_KDUMP_SIZES_MAX_ENTRIES + 1];
	int len;	/* bytes; -1: property absent */
	int ret;
	u64 cpu;
	u64 hpte;
};

static const struct sizes_case sizes_cases[] = {
	{ "QEMU: CPU state, no HPTE", { { 1, 0x510 }, { 2, 0 } }, 24, 0,
	  0x510, 0 },
	{ "CPU state and HPTE", { { 2, SZ_16M }, { 1, 0x4000 } }, 24, 0,
	  0x4000, SZ_16M },
	{ "64-bit HPTE size", { { 1, 0x4000 }, { 2, SZ_4G } }, 24, 0,
	  0x4000, SZ_4G },
	{ "HPTE size not listed", { { 1, 0x4000 } }, 12, 0, 0x4000, 0 },
	{ "unknown type ignored", { { 0x99, 5 }, { 1, 0x4000 } }, 24, 0,
	  0x4000, 0 },
	{ "absent", {}, -1, -ENOENT },
	{ "no CPU state", { { 2, SZ_1M } }, 12, -EINVAL },
	{ "zero CPU state", { { 1, 0 }, { 2, SZ_1M } }, 24, -EINVAL },
	{ "implausible CPU state", { { 1, SZ_4G } }, 12, -EINVAL },
	{ "largest HPTE", { { 1, 0x510 }, { 2, 1ULL << 46 } }, 24, 0,
	  0x510, 1ULL << 46 },
	{ "HPTE larger than any hash table",
	  { { 1, 0x510 }, { 2, (1ULL << 46) + 1 } }, 24, -EINVAL },
	{ "HPTE size near 2^64", { { 1, 0x510 }, { 2, ~0ULL - 0xffff } }, 24,
	  -EINVAL },
	{ "CPU state twice", { { 1, 0x510 }, { 1, 0x510 } }, 24, -EINVAL },
	{ "HPTE twice", { { 1, 0x510 }, { 2, 0 }, { 2, 0 } }, 36, -EINVAL },
	{ "partial entry", { { 1, 0x510 }, { 2, 0 } }, 20, -EINVAL },
	{ "empty", {}, 0, -EINVAL },
	{ "too many entries", { { 1, 0x510 } },
	  12 * (RTAS_KDUMP_SIZES_MAX_ENTRIES + 1), -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(sizes, sizes_cases, desc);

static void dt_sizes(struct kunit *test)
{
	const struct sizes_case *p = test->param_value;
	u8 prop[12 * ARRAY_SIZE(p->e)];
	u64 cpu = 1, hpte = 1;
	unsigned int i;
	int ret;

	/* type in one cell, size in two, big-endian */
	for (i = 0; i < ARRAY_SIZE(p->e); i++) {
		put_unaligned_be32(p->e[i].type, prop + 12 * i);
		put_unaligned_be64(p->e[i].size, prop + 12 * i + 4);
	}
	ret = rtas_kdump_parse_sizes(p->len < 0 ? NULL : prop, p->len,
				     &cpu, &hpte);
	KUNIT_EXPECT_EQ(test, ret, p->ret);
	if (!p->ret) {
		KUNIT_EXPECT_EQ(test, cpu, p->cpu);
		KUNIT_EXPECT_EQ(test, hpte, p->hpte);
	}
}

/*
 * ibm,kernel-dump kept for the invalidation: the firmware's own bytes,
 * even when the length is unusable for parsing, never a zeroed buffer.
 */
struct keep_case {
	const char *desc;
	int len;
	size_t ret;
};

static const struct keep_case keep_cases[] = {
	{ "header only", sizeof(struct rtas_kdump_header),
	  sizeof(struct rtas_kdump_header) },
	{ "a usual structure", 200, 200 },
	{ "largest", RTAS_KDUMP_MAX_STRUCT_SIZE, RTAS_KDUMP_MAX_STRUCT_SIZE },
	{ "too long: first bytes", RTAS_KDUMP_MAX_STRUCT_SIZE + 88,
	  RTAS_KDUMP_MAX_STRUCT_SIZE },
	{ "shorter than a header: padded", 10,
	  sizeof(struct rtas_kdump_header) },
	{ "empty", 0, sizeof(struct rtas_kdump_header) },
	{ "negative length", -1, sizeof(struct rtas_kdump_header) },
};

KUNIT_ARRAY_PARAM_DESC(keep, keep_cases, desc);

static void dt_keep_active(struct kunit *test)
{
	const struct keep_case *p = test->param_value;
	u8 prop[RTAS_KDUMP_MAX_STRUCT_SIZE + 88];
	u8 *dst = kunit_kzalloc(test, RTAS_KDUMP_MAX_STRUCT_SIZE, GFP_KERNEL);
	size_t i, copied = clamp(p->len, 0, RTAS_KDUMP_MAX_STRUCT_SIZE);
	unsigned int nonzero = 0;

	KUNIT_ASSERT_NOT_NULL(test, dst);
	for (i = 0; i < sizeof(prop); i++)
		prop[i] = 0x5a ^ i;
	memset(dst, 0xee, RTAS_KDUMP_MAX_STRUCT_SIZE);
	KUNIT_EXPECT_EQ(test, rtas_kdump_keep_active(dst, prop, p->len), p->ret);
	KUNIT_EXPECT_MEMEQ(test, dst, prop, copied);
	for (i = copied; i < RTAS_KDUMP_MAX_STRUCT_SIZE; i++)
		nonzero += dst[i] != 0;
	KUNIT_EXPECT_EQ(test, nonzero, 0);
}

static struct kunit_case dt_test_cases[] = {
	KUNIT_CASE_PARAM(dt_version, version_gen_params),
	KUNIT_CASE_PARAM(dt_sizes, sizes_gen_params),
	KUNIT_CASE_PARAM(dt_keep_active, keep_gen_params),
	{}
};

static struct kunit_suite dt_suite = {
	.name = "fadump_rtas_dt",
	.test_cases = dt_test_cases,
};

/* ------------------------------------------------------------------ */
/* RTAS statuses                                                       */

struct status_case {
	const char *desc;
	int status;
	int err;
};

static const struct status_case status_cases[] = {
	{ "success", 0, 0 },
	{ "hardware error", RTAS_HARDWARE_ERROR, -EIO },
	{ "busy", RTAS_BUSY, -EAGAIN },
	{ "parameter error", RTAS_INVALID_PARAMETER, -EINVAL },
	{ "already registered", RTAS_KDUMP_ALREADY_REGISTERED, -EEXIST },
	{ "dump active", RTAS_KDUMP_DUMP_ACTIVE, -EBUSY },
	{ "extended delay 9900", 9900, -EAGAIN },
	{ "extended delay 9905", 9905, -EAGAIN },
	{ "unknown -8", -8, -EIO },
	{ "unknown positive", 42, -EIO },
	{ "vendor error", -9999, -EIO },
};

KUNIT_ARRAY_PARAM_DESC(status, status_cases, desc);

static void status_errno(struct kunit *test)
{
	const struct status_case *p = test->param_value;

	KUNIT_EXPECT_EQ(test, rtas_kdump_status_errno(p->status), p->err);
	KUNIT_EXPECT_NOT_NULL(test, rtas_kdump_status_str(p->status));
}

static void status_strings(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test,
			   rtas_kdump_status_str(RTAS_KDUMP_ALREADY_REGISTERED),
			   "a dump is already registered");
	KUNIT_EXPECT_STREQ(test, rtas_kdump_status_str(-1), "hardware error");
	KUNIT_EXPECT_STREQ(test, rtas_kdump_status_str(12345),
			   "unexpected status");
}

struct t_fake_rtas {
	const int *script;	/* statuses to return, the last one repeats */
	unsigned int n;
	unsigned int calls;
};

static int t_fake_call(void *ctx)
{
	struct t_fake_rtas *f = ctx;
	unsigned int i = min(f->calls, f->n - 1);

	f->calls++;
	return f->script[i];
}

static void retry_until_done(struct kunit *test)
{
	static const int script[] = { RTAS_BUSY, 9900, RTAS_BUSY, 0 };
	struct t_fake_rtas f = { script, ARRAY_SIZE(script) };
	int status = 1;

	KUNIT_EXPECT_EQ(test, rtas_kdump_retry(t_fake_call, &f, 1000, &status),
			0);
	KUNIT_EXPECT_EQ(test, status, 0);
	KUNIT_EXPECT_EQ(test, f.calls, 4);
}

static void retry_final_error(struct kunit *test)
{
	static const int script[] = { 9901, RTAS_KDUMP_DUMP_ACTIVE };
	struct t_fake_rtas f = { script, ARRAY_SIZE(script) };
	int status = 0;

	KUNIT_EXPECT_EQ(test, rtas_kdump_retry(t_fake_call, &f, 1000, &status),
			0);
	KUNIT_EXPECT_EQ(test, status, RTAS_KDUMP_DUMP_ACTIVE);
	KUNIT_EXPECT_EQ(test, f.calls, 2);
}

static void retry_times_out(struct kunit *test)
{
	static const int script[] = { 9900 };
	struct t_fake_rtas f = { script, ARRAY_SIZE(script) };
	int status = 0;

	KUNIT_EXPECT_EQ(test, rtas_kdump_retry(t_fake_call, &f, 20, &status),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, status, 9900);
	KUNIT_EXPECT_GE(test, f.calls, 2);
}

static void retry_long_hint(struct kunit *test)
{
	/* A 100 s hint over a 50 ms budget: give up without sleeping. */
	static const int script[] = { 9905 };
	struct t_fake_rtas f = { script, ARRAY_SIZE(script) };
	int status = 0;

	KUNIT_EXPECT_EQ(test, rtas_kdump_retry(t_fake_call, &f, 50, &status),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, f.calls, 1);
}

static struct kunit_case status_test_cases[] = {
	KUNIT_CASE_PARAM(status_errno, status_gen_params),
	KUNIT_CASE(status_strings),
	KUNIT_CASE(retry_until_done),
	KUNIT_CASE(retry_final_error),
	KUNIT_CASE(retry_times_out),
	KUNIT_CASE(retry_long_hint),
	{}
};

static struct kunit_suite status_suite = {
	.name = "fadump_rtas_status",
	.test_cases = status_test_cases,
};

kunit_test_suites(&build_suite, &check_suite, &regs_suite, &dt_suite,
		  &status_suite);

MODULE_DESCRIPTION("KUnit tests for the pseries firmware-assisted dump backend");
MODULE_LICENSE("GPL");
