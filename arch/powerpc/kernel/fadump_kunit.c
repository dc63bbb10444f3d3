// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit tests for the firmware-independent logic of firmware-assisted
 * dump (fadump-layout.c and fadump-elf.c): command line and control file
 * parsing, boot-memory sizing and splitting, the dump-area layout, the
 * crash-info header checks and the ELF core header; and the crash gate of
 * fadump.c with a fake record step and a fake, failing firmware request.
 */

#include <kunit/test.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/elf.h>
#include <linux/elfcore.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/memory_hotplug.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/vmcore_info.h>

#include <asm/fadump.h>
#include <asm/fadump-internal.h>

#include "fadump-core.h"

/* ---- fadump= ---- */

struct fadump_mode_case {
	const char *arg;
	int rc;
	enum fadump_mode mode;
};

static const struct fadump_mode_case fadump_mode_cases[] = {
	{ "on", 0, FADUMP_MODE_ON },
	{ "off", 0, FADUMP_MODE_OFF },
	{ "nocma", 0, FADUMP_MODE_NOCMA },
	{ NULL, -EINVAL },
	{ "", -EINVAL },
	{ "o", -EINVAL },
	{ "onx", -EINVAL },
	{ "On", -EINVAL },
	{ "ON", -EINVAL },
	{ "no", -EINVAL },
	{ "nocma ", -EINVAL },
	{ " on", -EINVAL },
	{ "1", -EINVAL },
	{ "yes", -EINVAL },
};

static void fadump_mode_desc(const struct fadump_mode_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "fadump=%s", c->arg ?: "(null)");
}

KUNIT_ARRAY_PARAM(fadump_mode, fadump_mode_cases, fadump_mode_desc);

static void fadump_test_parse_mode(struct kunit *test)
{
	const struct fadump_mode_case *c = test->param_value;
	enum fadump_mode mode = (enum fadump_mode)42;

	KUNIT_EXPECT_EQ(test, fadump_parse_mode(c->arg, &mode), c->rc);
	if (!c->rc)
		KUNIT_EXPECT_EQ(test, mode, c->mode);
	else
		KUNIT_EXPECT_EQ(test, mode, (enum fadump_mode)42);
}

/* ---- 0/1 control files ---- */

struct fadump_bool_case {
	const char *buf;
	size_t count;
	int rc;
	bool val;
};

static const struct fadump_bool_case fadump_bool_cases[] = {
	{ "0", 1, 0, false },
	{ "1", 1, 0, true },
	{ "0\n", 2, 0, false },
	{ "1\n", 2, 0, true },
	{ "", 0, -EINVAL },
	{ "\n", 1, -EINVAL },
	{ "2", 1, -EINVAL },
	{ "10", 2, -EINVAL },
	{ "01", 2, -EINVAL },
	{ "1\n\n", 3, -EINVAL },
	{ " 1", 2, -EINVAL },
	{ "1 ", 2, -EINVAL },
	{ "1\r", 2, -EINVAL },
	{ "y", 1, -EINVAL },
	{ "true", 4, -EINVAL },
	{ "-1", 2, -EINVAL },
	{ "0x1", 3, -EINVAL },
};

static void fadump_bool_desc(const struct fadump_bool_case *c, char *desc)
{
	char *p = desc;
	size_t i;

	p += snprintf(p, KUNIT_PARAM_DESC_SIZE, "write \"");
	for (i = 0; i < c->count && p < desc + KUNIT_PARAM_DESC_SIZE - 8; i++)
		p += snprintf(p, 5, isprint(c->buf[i]) ? "%c" : "\\x%02x",
			      c->buf[i]);
	snprintf(p, 2, "\"");
}

KUNIT_ARRAY_PARAM(fadump_bool, fadump_bool_cases, fadump_bool_desc);

static void fadump_test_parse_bool(struct kunit *test)
{
	const struct fadump_bool_case *c = test->param_value;
	bool val = !c->val;

	KUNIT_EXPECT_EQ(test, fadump_parse_bool(c->buf, c->count, &val), c->rc);
	if (!c->rc)
		KUNIT_EXPECT_EQ(test, val, c->val);
}

/* ---- bootargs area content ---- */

struct fadump_bootargs_case {
	const char *name;
	char area[8];
	size_t size;
	bool ok;
};

static const struct fadump_bootargs_case fadump_bootargs_cases[] = {
	{ "empty string", "", 8, true },
	{ "arguments", "a=1 b", 8, true },
	{ "fills the area but the NUL", "abcdefg", 8, true },
	{ "no NUL in the area", "abcdefgh", 8, false },
	{ "NUL only past the size", "abcd", 4, false },
	{ "newline", "a\nb", 8, false },
	{ "control character", "a\x1b[m", 8, false },
	{ "high byte", "a\xff", 8, false },
	{ "zero-sized area", "", 0, false },
};

KUNIT_ARRAY_PARAM_DESC(fadump_bootargs, fadump_bootargs_cases, name);

static void fadump_test_bootargs_ok(struct kunit *test)
{
	const struct fadump_bootargs_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, fadump_bootargs_ok(c->area, c->size), c->ok);
}

/* ---- ranged release: parsing and checking a release_region write ---- */

struct fadump_range_parse_case {
	const char *name;
	const char *buf;
	size_t len;	/* 0: strlen(buf) */
	int rc;
	u64 start, size;
};

static const struct fadump_range_parse_case fadump_range_parse_cases[] = {
	{ "hex pair, newline", "0x40000000 0x10000000\n", 0, 0, SZ_1G, SZ_256M },
	{ "decimal pair", "1073741824 268435456", 0, 0, SZ_1G, SZ_256M },
	{ "one number", "0x40000000", 0, -EBADMSG },
	{ "empty", "", 0, -EBADMSG },
	{ "newline only", "\n", 0, -EBADMSG },
	{ "two spaces", "0x1  0x2", 0, -EBADMSG },
	{ "three numbers", "0x1 0x2 0x3", 0, -EBADMSG },
	{ "negative", "-1 2", 0, -EBADMSG },
	{ "two newlines", "0x1 0x2\n\n", 0, -EBADMSG },
	{ "trailing garbage", "0x1 0x2x", 0, -EBADMSG },
	{ "beyond 64 bits", "0x10000000000000000 1", 0, -EBADMSG },
	{ "embedded NUL", "0x1 0x2\0", 8, -EBADMSG },
	{ "tab", "0x1\t0x2", 0, -EBADMSG },
};

KUNIT_ARRAY_PARAM_DESC(fadump_range_parse, fadump_range_parse_cases, name);

static void fadump_test_parse_range(struct kunit *test)
{
	const struct fadump_range_parse_case *c = test->param_value;
	u64 start = 7, size = 7;

	KUNIT_EXPECT_EQ(test, fadump_parse_range(c->buf, c->len ?: strlen(c->buf),
						 &start, &size), c->rc);
	KUNIT_EXPECT_EQ(test, start, c->rc ? 7 : c->start);
	KUNIT_EXPECT_EQ(test, size, c->rc ? 7 : c->size);
}

/*
 * A 4 GiB capture kernel as the lab sees it, with 1 GiB memory blocks:
 * boot memory below 512 MiB, a held run above it, the dump area, the
 * big held run, a firmware-reserved last 64 KiB; [2G, 3G) given back.
 */
static const struct fadump_range fadump_rr_runs[] = {
	{ 0x20000000, 0x10000000 }, { 0x50030000, 0xaffc0000 },
};

static const struct fadump_range fadump_rr_excl[] = {
	{ 0, 0x20000000 }, { 0x30000000, 0x20030000 },
	{ 0xffff0000, 0x10000 },
};

static const struct fadump_range fadump_rr_released[] = {
	{ 0x80000000, SZ_1G },
};

struct fadump_check_release_case {
	const char *name;
	u64 start, size, block;
	int rc;
};

static const struct fadump_check_release_case fadump_check_release_cases[] = {
	{ "a whole run", 0x20000000, 0x10000000, SZ_1G, 0 },
	{ "from a run's start to a block", 0x50030000, 0x2ffd0000, SZ_1G, 0 },
	{ "from a block to a run's end", 0xc0000000, 0x3fff0000, SZ_1G, 0 },
	{ "size 0", 0x20000000, 0, SZ_1G, -ENODATA },
	{ "wraps", 0xfffffffffff00000ULL, 0x200000, SZ_1G, -EOVERFLOW },
	{ "boot memory", 0, SZ_1G, SZ_1G, -EBUSY },
	{ "the dump area", 0x30000000, 0x10000, SZ_1G, -EBUSY },
	{ "across the dump area", 0x20000000, SZ_1G, SZ_1G, -EBUSY },
	{ "reserved last page", 0xc0000000, SZ_1G, SZ_1G, -EBUSY },
	{ "above RAM", 0x200000000ULL, SZ_1G, SZ_1G, -ERANGE },
	{ "given back already", 0x80000000, SZ_1G, SZ_1G, -EALREADY },
	{ "partly given back", 0x7fff0000, 0x20000, SZ_1G, -EALREADY },
	{ "start not on a block", 0x50040000, 0x2ffc0000, SZ_1G, -EINVAL },
	{ "end not on a block", 0xc0000000, 0x10000, SZ_1G, -EINVAL },
	{ "no block size", 0x20000000, 0x10000000, 0, -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(fadump_check_release, fadump_check_release_cases, name);

static void fadump_test_check_release(struct kunit *test)
{
	const struct fadump_check_release_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test,
			fadump_check_release(fadump_rr_runs,
					     ARRAY_SIZE(fadump_rr_runs),
					     fadump_rr_released,
					     ARRAY_SIZE(fadump_rr_released),
					     fadump_rr_excl,
					     ARRAY_SIZE(fadump_rr_excl),
					     c->start, c->size, c->block),
			c->rc);
}

/*
 * What release frees between the ranges that stay: whole pages only. RAM
 * here is at most 64 pages; ranges are in page units plus a byte offset,
 * so the cases mean the same with 4K and 64K pages.
 */
#define FP(pages, off) ((u64)(pages) * PAGE_SIZE + (off))
#define FADUMP_GAP_PAGES 64

struct fadump_gap_case {
	const char *name;
	u64 start, end;
	struct fadump_range excl[4];
	u32 n;
	u32 free_pages;
};

static const struct fadump_gap_case fadump_gap_cases[] = {
	{ "nothing stays", FP(0, 0), FP(64, 0), {}, 0, 64 },
	{ "all stays", FP(0, 0), FP(64, 0), { { 0, FP(64, 0) } }, 1, 0 },
	/* skiboot's region ending at 0x34c21fff, the incumbent's case */
	{ "a range ends inside a page", FP(0, 0), FP(64, 0),
	  { { 0, FP(8, 0) }, { FP(20, 0), FP(2, PAGE_SIZE / 8) } }, 2, 53 },
	{ "a range starts inside a page", FP(0, 0), FP(64, 0),
	  { { FP(30, 16), FP(1, 0) } }, 1, 62 },
	{ "one byte keeps its page", FP(0, 0), FP(64, 0),
	  { { FP(63, PAGE_SIZE - 1), 1 } }, 1, 63 },
	{ "two ranges in one page", FP(0, 0), FP(64, 0),
	  { { FP(10, 16), 16 }, { FP(10, 256), 16 } }, 2, 63 },
	{ "overlapping ranges", FP(0, 0), FP(64, 0),
	  { { FP(4, 0), FP(8, 0) }, { FP(6, 0), FP(2, 0) },
	    { FP(10, 0), FP(4, 1) } }, 3, 53 },
	{ "RAM starts inside a page", FP(0, PAGE_SIZE / 2), FP(64, 0),
	  { { FP(32, 0), FP(1, 0) } }, 1, 62 },
	{ "RAM ends inside a page", FP(0, 0), FP(40, 128),
	  { { FP(0, 0), FP(1, 0) } }, 1, 39 },
	{ "a range before RAM", FP(16, 0), FP(64, 0),
	  { { FP(0, 0), FP(16, 1) } }, 1, 47 },
	{ "size 0 keeps nothing", FP(0, 0), FP(64, 0),
	  { { FP(5, 16), 0 } }, 1, 64 },
};

KUNIT_ARRAY_PARAM_DESC(fadump_gap, fadump_gap_cases, name);

/* The oracle: a page is freed iff it lies in RAM and no range touches it. */
static bool fadump_gap_page_free(const struct fadump_gap_case *c, u64 pa)
{
	u32 k;

	if (pa < c->start || pa + PAGE_SIZE > c->end)
		return false;
	for (k = 0; k < c->n; k++)
		if (c->excl[k].size && c->excl[k].base < pa + PAGE_SIZE &&
		    c->excl[k].base + c->excl[k].size > pa)
			return false;
	return true;
}

static void fadump_test_free_gap(struct kunit *test)
{
	const struct fadump_gap_case *c = test->param_value;
	bool freed[FADUMP_GAP_PAGES] = {};
	struct fadump_range gap;
	u64 cur = c->start, pa;
	u32 pages = 0, p, calls = 0;

	while (fadump_free_gap(c->excl, c->n, &cur, c->end, &gap)) {
		KUNIT_ASSERT_LT(test, ++calls, FADUMP_GAP_PAGES);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(gap.base | gap.size, PAGE_SIZE));
		KUNIT_EXPECT_GT(test, gap.size, 0);
		for (pa = gap.base; pa < gap.base + gap.size; pa += PAGE_SIZE) {
			p = pa / PAGE_SIZE;
			KUNIT_ASSERT_LT(test, p, FADUMP_GAP_PAGES);
			KUNIT_EXPECT_FALSE(test, freed[p]);
			freed[p] = true;
			pages++;
		}
	}
	for (p = 0; p < FADUMP_GAP_PAGES; p++)
		KUNIT_EXPECT_EQ_MSG(test, freed[p],
				    fadump_gap_page_free(c, FP(p, 0)),
				    "page %u", p);
	KUNIT_EXPECT_EQ(test, pages, c->free_pages);
}

/* Runs less what was given back, and merging what touches */
static void fadump_test_subtract_merge(struct kunit *test)
{
	struct fadump_range out[4], m[] = {
		{ 0x3000, 0x1000 }, { 0x1000, 0x1000 }, { 0x2000, 0x800 },
		{ 0x9000, 0 }, { 0x8000, 0x1000 },
	};
	int n;

	n = fadump_subtract_ranges(fadump_rr_runs, 2, fadump_rr_released, 1,
				   out, ARRAY_SIZE(out));
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, out[0].base, 0x20000000ULL);
	KUNIT_EXPECT_EQ(test, out[1].base, 0x50030000ULL);
	KUNIT_EXPECT_EQ(test, out[1].size, 0x2ffd0000ULL);
	KUNIT_EXPECT_EQ(test, out[2].base, 0xc0000000ULL);
	KUNIT_EXPECT_EQ(test, out[2].size, 0x3fff0000ULL);
	/* Too little room is an error, not a short list */
	KUNIT_EXPECT_EQ(test, fadump_subtract_ranges(fadump_rr_runs, 2,
						     fadump_rr_released, 1,
						     out, 2), -ENOSPC);

	KUNIT_ASSERT_EQ(test, fadump_merge_ranges(m, ARRAY_SIZE(m)), 3);
	KUNIT_EXPECT_EQ(test, m[0].base, 0x1000ULL);
	KUNIT_EXPECT_EQ(test, m[0].size, 0x1800ULL);
	KUNIT_EXPECT_EQ(test, m[1].base, 0x3000ULL);
	KUNIT_EXPECT_EQ(test, m[2].base, 0x8000ULL);
}

/* ---- hot-add chunks on release ---- */

struct fadump_chunk_case {
	const char *name;
	u64 left, block, free, memmap, chunk;
};

static const struct fadump_chunk_case fadump_chunk_cases[] = {
	{ "no block size", SZ_1G, 0, SZ_256M, SZ_1M, 0 },
	{ "less than a block", SZ_512M, SZ_1G, SZ_256M, SZ_1M, 0 },
	{ "no memmap cost: all at once", 64ULL * SZ_1G, SZ_1G, 0, 0,
	  64ULL * SZ_1G },
	{ "64 GiB fits at once", 64ULL * SZ_1G, SZ_1G, 400ULL * SZ_1M, SZ_1M,
	  64ULL * SZ_1G },
	{ "1 TiB: a quarter of what is free", SZ_1T, SZ_1G, 400ULL * SZ_1M,
	  SZ_1M, 100ULL * SZ_1G },
	{ "nothing free: still one block", SZ_1T, SZ_1G, 0, SZ_1M, SZ_1G },
	{ "whole blocks only", SZ_2G + SZ_512M, SZ_1G, SZ_1G, SZ_1M, SZ_2G },
	{ "256 MiB blocks", 64 * SZ_1T, SZ_256M, 400ULL * SZ_1M, SZ_256K,
	  100ULL * SZ_1G },
};

KUNIT_ARRAY_PARAM_DESC(fadump_chunk, fadump_chunk_cases, name);

static void fadump_test_hotadd_chunk(struct kunit *test)
{
	const struct fadump_chunk_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, fadump_hotadd_chunk(c->left, c->block, c->free,
						  c->memmap), c->chunk);
}

/*
 * Giving all memory back takes a handful of calls whatever the RAM: the
 * release starts with 300 MiB free (64K pages, 64-byte page structures).
 */
static void fadump_test_hotadd_calls(struct kunit *test)
{
	static const u64 ram[] = { 64ULL * SZ_1G, SZ_1T, 4 * SZ_1T, 64 * SZ_1T };
	u32 i;

	for (i = 0; i < ARRAY_SIZE(ram); i++) {
		u64 block = ram[i] > SZ_1T ? SZ_256M : SZ_1G;
		u64 memmap = block / SZ_64K * 64, free = 300ULL * SZ_1M;
		u64 left = ram[i], chunk;
		u32 calls = 0;

		while ((chunk = fadump_hotadd_chunk(left, block, free, memmap))) {
			left -= chunk;
			free += chunk - chunk / block * memmap;
			calls++;
		}
		KUNIT_EXPECT_EQ(test, left, 0ULL);
		KUNIT_EXPECT_LE(test, calls, 4U);
		kunit_info(test, "%llu GiB back in %u hot-add calls\n",
			   ram[i] / SZ_1G, calls);
	}
}

/* ---- boot memory size ---- */

static void fadump_test_boot_mem_size(struct kunit *test)
{
	struct fadump_fw_info fw = {
		.min_boot_mem = SZ_256M,
		.boot_align = SZ_16M,
	};

	/* Default: fixed, whatever the RAM */
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(0, &fw, 0),
			(u64)FADUMP_DEFAULT_BOOT_MEM);
	/* Without memory hotplug: grows by the page structures of all RAM */
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(0, &fw, SZ_1G),
			(u64)FADUMP_DEFAULT_BOOT_MEM + SZ_1G);
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(0, &fw, SZ_1M),
			(u64)FADUMP_DEFAULT_BOOT_MEM + SZ_16M);
	/* Asked for: taken as it is */
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(SZ_1G, &fw, 0), (u64)SZ_1G);
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(SZ_1G, &fw, SZ_1G),
			(u64)SZ_1G);
	/* Clamped up to the firmware's minimum */
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(SZ_64M, &fw, 0), (u64)SZ_256M);
	/* Rounded up to the firmware's alignment */
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(SZ_1G + 1, &fw, 0),
			(u64)SZ_1G + SZ_16M);
	/* A minimum above the default wins */
	fw.min_boot_mem = SZ_1G;
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(0, &fw, 0), (u64)SZ_1G);
	/* Alignment is at least a page */
	fw.boot_align = 0;
	fw.min_boot_mem = 0;
	KUNIT_EXPECT_EQ(test, fadump_boot_mem_size(PAGE_SIZE + 1, &fw, 0),
			(u64)2 * PAGE_SIZE);
}

/* ---- splitting boot memory over RAM with holes ---- */

#define R(b, s) { .base = (b), .size = (s) }

struct fadump_split_case {
	const char *name;
	struct fadump_range mem[6];
	u32 nr_mem;
	u64 size;
	u64 align;
	u32 max_ranges;
	u64 max_size;
	int rc;
	struct fadump_range want[6];
	u32 nr_want;
};

static const struct fadump_split_case fadump_split_cases[] = {
	{
		.name = "one range",
		.mem = { R(0, SZ_4G) }, .nr_mem = 1,
		.size = SZ_1G, .align = SZ_64K, .max_ranges = 7,
		.want = { R(0, SZ_1G) }, .nr_want = 1,
	}, {
		.name = "whole RAM",
		.mem = { R(0, SZ_1G) }, .nr_mem = 1,
		.size = SZ_1G, .align = SZ_64K, .max_ranges = 7,
		.want = { R(0, SZ_1G) }, .nr_want = 1,
	}, {
		.name = "one hole",
		.mem = { R(0, SZ_256M), R(SZ_512M, SZ_4G) }, .nr_mem = 2,
		.size = SZ_512M, .align = SZ_64K, .max_ranges = 7,
		.want = { R(0, SZ_256M), R(SZ_512M, SZ_256M) }, .nr_want = 2,
	}, {
		.name = "three holes",
		.mem = { R(0, SZ_64M), R(SZ_128M, SZ_64M), R(SZ_256M, SZ_64M),
			 R(SZ_512M, SZ_1G) }, .nr_mem = 4,
		.size = SZ_256M, .align = SZ_64K, .max_ranges = 7,
		.want = { R(0, SZ_64M), R(SZ_128M, SZ_64M),
			  R(SZ_256M, SZ_64M), R(SZ_512M, SZ_64M) },
		.nr_want = 4,
	}, {
		.name = "adjacent regions merge",
		.mem = { R(0, SZ_64M), R(SZ_64M, SZ_64M), R(SZ_128M, SZ_1G) },
		.nr_mem = 3,
		.size = SZ_256M, .align = SZ_64K, .max_ranges = 1,
		.want = { R(0, SZ_256M) }, .nr_want = 1,
	}, {
		.name = "unaligned edges trimmed",
		.mem = { R(0x1000, SZ_16M), R(SZ_32M + 0x1000, SZ_1G) },
		.nr_mem = 2,
		.size = SZ_32M, .align = SZ_16M, .max_ranges = 7,
		/* first region has no aligned 16M inside */
		.want = { R(SZ_32M + SZ_16M, SZ_32M) }, .nr_want = 1,
	}, {
		.name = "empty regions skipped",
		.mem = { R(0, 0), R(0, SZ_1G) }, .nr_mem = 2,
		.size = SZ_512M, .align = SZ_64K, .max_ranges = 7,
		.want = { R(0, SZ_512M) }, .nr_want = 1,
	}, {
		.name = "too many ranges",
		.mem = { R(0, SZ_64M), R(SZ_128M, SZ_64M), R(SZ_256M, SZ_64M),
			 R(SZ_512M, SZ_1G) }, .nr_mem = 4,
		.size = SZ_256M, .align = SZ_64K, .max_ranges = 3,
		.rc = -E2BIG,
	}, {
		.name = "exactly max ranges",
		.mem = { R(0, SZ_64M), R(SZ_128M, SZ_64M), R(SZ_256M, SZ_64M),
			 R(SZ_512M, SZ_1G) }, .nr_mem = 4,
		.size = SZ_256M, .align = SZ_64K, .max_ranges = 4,
		.want = { R(0, SZ_64M), R(SZ_128M, SZ_64M),
			  R(SZ_256M, SZ_64M), R(SZ_512M, SZ_64M) },
		.nr_want = 4,
	}, {
		.name = "not enough RAM",
		.mem = { R(0, SZ_256M), R(SZ_512M, SZ_256M) }, .nr_mem = 2,
		.size = SZ_1G, .align = SZ_64K, .max_ranges = 7,
		.rc = -ENOMEM,
	}, {
		.name = "size not aligned",
		.mem = { R(0, SZ_1G) }, .nr_mem = 1,
		.size = SZ_1M + 1, .align = SZ_64K, .max_ranges = 7,
		.rc = -EINVAL,
	}, {
		.name = "zero size",
		.mem = { R(0, SZ_1G) }, .nr_mem = 1,
		.size = 0, .align = SZ_64K, .max_ranges = 7,
		.rc = -EINVAL,
	}, {
		.name = "a range larger than the firmware takes is split",
		.mem = { R(0, SZ_16G) }, .nr_mem = 1,
		.size = SZ_8G + SZ_1G, .align = SZ_64K, .max_ranges = 7,
		.max_size = SZ_4G - SZ_64K,
		.want = { R(0, SZ_4G - SZ_64K), R(SZ_4G - SZ_64K, SZ_4G - SZ_64K),
			  R(SZ_8G - SZ_128K, SZ_1G + SZ_128K) }, .nr_want = 3,
	}, {
		.name = "adjacent RAM merged up to the largest range",
		.mem = { R(0, SZ_1G), R(SZ_1G, SZ_1G), R(SZ_4G, SZ_1G) },
		.nr_mem = 3,
		.size = SZ_2G + SZ_512M, .align = SZ_64K, .max_ranges = 7,
		.max_size = SZ_1G + SZ_512M,
		.want = { R(0, SZ_1G + SZ_512M), R(SZ_1G + SZ_512M, SZ_512M),
			  R(SZ_4G, SZ_512M) }, .nr_want = 3,
	}, {
		.name = "split pieces count against the firmware's ranges",
		.mem = { R(0, SZ_16G) }, .nr_mem = 1,
		.size = SZ_8G + SZ_1G, .align = SZ_64K, .max_ranges = 2,
		.max_size = SZ_4G - SZ_64K,
		.rc = -E2BIG,
	}, {
		.name = "largest range not aligned",
		.mem = { R(0, SZ_16G) }, .nr_mem = 1,
		.size = SZ_1G, .align = SZ_64K, .max_ranges = 7,
		.max_size = SZ_4G - 1,
		.rc = -EINVAL,
	}, {
		.name = "regions out of order",
		.mem = { R(SZ_1G, SZ_1G), R(0, SZ_1G) }, .nr_mem = 2,
		.size = SZ_1G + SZ_512M, .align = SZ_64K, .max_ranges = 7,
		.rc = -EINVAL,
	}, {
		.name = "overlapping regions",
		.mem = { R(0, SZ_1G), R(SZ_512M, SZ_1G) }, .nr_mem = 2,
		.size = SZ_1G + SZ_512M, .align = SZ_64K, .max_ranges = 7,
		.rc = -EINVAL,
	},
};

KUNIT_ARRAY_PARAM_DESC(fadump_split, fadump_split_cases, name);

static void fadump_test_split(struct kunit *test)
{
	const struct fadump_split_case *c = test->param_value;
	struct fadump_range out[FADUMP_MAX_BOOT_RANGES];
	struct fadump_fw_info fw = {
		.boot_align = c->align,
		.max_boot_ranges = c->max_ranges,
		.max_range_size = c->max_size,
	};
	u32 nr = 0xdead, i;
	int rc;

	rc = fadump_split_boot_mem(c->mem, c->nr_mem, c->size, &fw, out, &nr);
	KUNIT_ASSERT_EQ(test, rc, c->rc);
	if (rc) {
		KUNIT_EXPECT_EQ(test, nr, 0xdead);
		return;
	}
	KUNIT_ASSERT_EQ(test, nr, c->nr_want);
	for (i = 0; i < nr; i++) {
		KUNIT_EXPECT_EQ_MSG(test, out[i].base, c->want[i].base,
				    "range %u", i);
		KUNIT_EXPECT_EQ_MSG(test, out[i].size, c->want[i].size,
				    "range %u", i);
	}
}

/* A range list of more than FADUMP_MAX_BOOT_RANGES pieces is capped. */
static void fadump_test_split_cap(struct kunit *test)
{
	struct fadump_range *mem, out[FADUMP_MAX_BOOT_RANGES];
	struct fadump_fw_info fw = {
		.boot_align = SZ_64K, .max_boot_ranges = U32_MAX,
	};
	u32 n = FADUMP_MAX_BOOT_RANGES + 1, i, nr;

	mem = kunit_kcalloc(test, n, sizeof(*mem), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	for (i = 0; i < n; i++) {
		mem[i].base = (u64)i * SZ_32M;
		mem[i].size = SZ_16M;
	}
	KUNIT_EXPECT_EQ(test, fadump_split_boot_mem(mem, n, (u64)n * SZ_16M,
						    &fw, out, &nr),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, fadump_split_boot_mem(mem, n, (u64)(n - 1) * SZ_16M,
						    &fw, out, &nr),
			0);
	KUNIT_EXPECT_EQ(test, nr, FADUMP_MAX_BOOT_RANGES);
}

/* ---- dump-area layout ---- */

static const struct fadump_fw_info fadump_test_fw = {
	.version = 1,
	.max_boot_ranges = 7,
	.cpu_state_size = 0x14000,
	.hpte_size = 0x30000,
	.boot_align = SZ_64K,
	.min_boot_mem = SZ_256M,
	.max_meta_addr = SZ_1G,
};

static void fadump_test_layout(struct kunit *test)
{
	const struct fadump_range boot[] = { R(0, SZ_256M), R(SZ_512M, SZ_256M) };
	struct fadump_layout *l;
	u64 start = 0x40000000;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_ASSERT_EQ(test, fadump_compute_layout(l, &fadump_test_fw, boot, 2,
						    start, SZ_16M, 0x5000), 0);

	KUNIT_EXPECT_EQ(test, l->nr_boot_ranges, 2);
	KUNIT_EXPECT_EQ(test, l->boot_mem_size, (u64)SZ_512M);
	KUNIT_EXPECT_EQ(test, l->area_start, start);
	KUNIT_EXPECT_EQ(test, l->boot_dst_pa, start);
	/* crash info right after the copy, CPU state right after it */
	KUNIT_EXPECT_EQ(test, l->crash_info_pa, start + SZ_512M);
	KUNIT_EXPECT_EQ(test, l->cpu_state_pa,
			l->crash_info_pa + FADUMP_CRASH_INFO_AREA);
	KUNIT_EXPECT_EQ(test, l->cpu_state_size, fadump_test_fw.cpu_state_size);
	KUNIT_EXPECT_EQ(test, l->hpte_pa,
			ALIGN(l->cpu_state_pa + l->cpu_state_size, SZ_64K));
	KUNIT_EXPECT_EQ(test, l->hpte_size, fadump_test_fw.hpte_size);
	KUNIT_EXPECT_EQ(test, l->elfhdr_pa, l->hpte_pa + l->hpte_size);
	KUNIT_EXPECT_EQ(test, l->elfhdr_size, (u64)SZ_64K);
	KUNIT_EXPECT_EQ(test, l->area_start + l->area_size,
			l->elfhdr_pa + l->elfhdr_size);
	KUNIT_EXPECT_EQ(test, l->param_pa, 0);
	KUNIT_EXPECT_EQ(test, fadump_check_layout(l), 0);
}

static void fadump_test_layout_copy_align(struct kunit *test)
{
	const struct fadump_range boot[] = { R(0, SZ_256M + SZ_64K) };
	struct fadump_fw_info fw = fadump_test_fw;
	struct fadump_layout *l;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);

	/* The copy is rounded up to the CMA alignment before the metadata */
	KUNIT_ASSERT_EQ(test, fadump_compute_layout(l, &fw, boot, 1, SZ_1G,
						    SZ_16M, 0x5000), 0);
	KUNIT_EXPECT_EQ(test, l->crash_info_pa, (u64)SZ_1G + SZ_256M + SZ_16M);
	KUNIT_EXPECT_EQ(test, fadump_check_layout(l), 0);

	/* No HPTE offered: no HPTE section */
	fw.hpte_size = 0;
	KUNIT_ASSERT_EQ(test, fadump_compute_layout(l, &fw, boot, 1, SZ_1G,
						    SZ_16M, 0x5000), 0);
	KUNIT_EXPECT_EQ(test, l->hpte_size, 0);
	KUNIT_EXPECT_EQ(test, l->elfhdr_pa,
			ALIGN(l->cpu_state_pa + l->cpu_state_size, SZ_64K));
	KUNIT_EXPECT_EQ(test, fadump_check_layout(l), 0);

	/* Firmware alignment above 64K: CPU state aligned, crash info before */
	fw.boot_align = SZ_1M;
	KUNIT_ASSERT_EQ(test, fadump_compute_layout(l, &fw, boot, 1, SZ_1G,
						    SZ_16M, 0x5000), 0);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(l->cpu_state_pa, SZ_1M));
	KUNIT_EXPECT_EQ(test, l->crash_info_pa + FADUMP_CRASH_INFO_AREA,
			l->cpu_state_pa);
	KUNIT_EXPECT_EQ(test, fadump_check_layout(l), 0);

	/* Bad arguments */
	KUNIT_EXPECT_EQ(test, fadump_compute_layout(l, &fw, boot, 1,
						    SZ_1G + SZ_1M, SZ_16M, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fadump_compute_layout(l, &fw, boot, 0, SZ_1G,
						    SZ_16M, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, fadump_compute_layout(l, &fw, boot, 1, SZ_1G,
						    SZ_64K, 0), -EINVAL);
}

/* ---- layout and crash-info checks ---- */

static void fadump_good_layout(struct fadump_layout *l)
{
	const struct fadump_range boot[] = { R(0, SZ_256M), R(SZ_512M, SZ_256M) };

	WARN_ON(fadump_compute_layout(l, &fadump_test_fw, boot, 2, SZ_1G,
				      SZ_16M, 0x5000));
}

struct fadump_layout_case {
	const char *name;
	void (*mutate)(struct fadump_layout *l);
};

static void lm_no_ranges(struct fadump_layout *l)
{
	l->nr_boot_ranges = 0;
}

static void lm_many_ranges(struct fadump_layout *l)
{
	l->nr_boot_ranges = FADUMP_MAX_BOOT_RANGES + 1;
}

static void lm_empty_range(struct fadump_layout *l)
{
	l->boot[1].size = 0;
}

static void lm_order(struct fadump_layout *l)
{
	l->boot[1].base = SZ_128M;
}

static void lm_sum(struct fadump_layout *l)
{
	l->boot_mem_size += SZ_64K;
}

static void lm_area_low(struct fadump_layout *l)
{
	l->area_start = SZ_512M;
}

static void lm_wrap(struct fadump_layout *l)
{
	l->area_size = U64_MAX;
}

static void lm_cpu_out(struct fadump_layout *l)
{
	l->cpu_state_size = SZ_1G;
}

static void lm_cpu_zero(struct fadump_layout *l)
{
	l->cpu_state_size = 0;
}

static void lm_ci_gap(struct fadump_layout *l)
{
	l->crash_info_pa -= SZ_64K;
}

static void lm_hpte_out(struct fadump_layout *l)
{
	l->hpte_pa = 0;
}

static void lm_elf_out(struct fadump_layout *l)
{
	l->elfhdr_size += SZ_64K;
}

static void lm_overlap(struct fadump_layout *l)
{
	l->hpte_pa = l->cpu_state_pa;
}

static void lm_copy_over(struct fadump_layout *l)
{
	l->elfhdr_pa = l->boot_dst_pa;
}

static const struct fadump_layout_case fadump_layout_cases[] = {
	{ "no boot ranges", lm_no_ranges },
	{ "too many boot ranges", lm_many_ranges },
	{ "empty boot range", lm_empty_range },
	{ "boot ranges out of order", lm_order },
	{ "boot size mismatch", lm_sum },
	{ "area below boot memory", lm_area_low },
	{ "area wraps", lm_wrap },
	{ "CPU state outside area", lm_cpu_out },
	{ "no CPU state", lm_cpu_zero },
	{ "crash info not before CPU state", lm_ci_gap },
	{ "HPTE outside area", lm_hpte_out },
	{ "ELF room outside area", lm_elf_out },
	{ "HPTE overlaps CPU state", lm_overlap },
	{ "ELF room overlaps the copy", lm_copy_over },
};

KUNIT_ARRAY_PARAM_DESC(fadump_bad_layout, fadump_layout_cases, name);

static void fadump_test_bad_layout(struct kunit *test)
{
	const struct fadump_layout_case *c = test->param_value;
	struct fadump_layout *l;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);
	fadump_good_layout(l);
	KUNIT_ASSERT_EQ(test, fadump_check_layout(l), 0);
	c->mutate(l);
	KUNIT_EXPECT_EQ(test, fadump_check_layout(l), -EINVAL);
}

static const struct fadump_range fadump_test_ram[] = {
	R(0, SZ_2G), R(SZ_4G, SZ_2G),
};

/* A crash-info header and firmware report that agree with each other. */
static void fadump_good_crash(struct fadump_crash_info *ci,
			      struct fadump_dump_info *info)
{
	struct fadump_layout *l = &ci->layout;
	u64 off = 0;
	u32 i;

	memset(ci, 0, sizeof(*ci));
	memset(info, 0, sizeof(*info));
	fadump_good_layout(l);

	ci->magic = FADUMP_CRASH_INFO_MAGIC;
	ci->version = FADUMP_CRASH_INFO_VERSION;
	ci->size = sizeof(*ci);
	ci->endian = FADUMP_CRASH_INFO_ENDIAN;
	ci->pt_regs_size = sizeof(struct pt_regs);
	ci->cpumask_size = sizeof(struct cpumask);
	ci->nr_cpu_ids = min(4, FADUMP_MAX_CPUS);
	ci->crashing_cpu = ci->nr_cpu_ids - 1;
	for (i = 0; i < ci->nr_cpu_ids; i++) {
		__set_bit(i, cpumask_bits(&ci->online_mask));
		ci->hw_id[i] = i * 8;
	}
	ci->vmcoreinfo_pa = SZ_16M;
	ci->vmcoreinfo_size = VMCOREINFO_NOTE_SIZE;

	info->nr_boot_ranges = l->nr_boot_ranges;
	for (i = 0; i < l->nr_boot_ranges; i++) {
		info->boot[i].src = l->boot[i].base;
		info->boot[i].size = l->boot[i].size;
		info->boot[i].dst = l->boot_dst_pa + off;
		info->boot[i].dumped = l->boot[i].size;
		off += l->boot[i].size;
	}
	info->cpu_state_pa = l->cpu_state_pa;
	info->cpu_state_len = l->cpu_state_size - 0x100;
	info->hpte_pa = l->hpte_pa;
	info->hpte_len = 0;
}

struct fadump_ci_case {
	const char *name;
	void (*mutate)(struct fadump_crash_info *ci,
		       struct fadump_dump_info *info);
};

static void cm_magic(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	ci->magic = 0;
}

static void cm_endian(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	ci->endian = swab64(FADUMP_CRASH_INFO_ENDIAN);
}

static void cm_endian_junk(struct fadump_crash_info *ci,
			   struct fadump_dump_info *i)
{
	ci->endian = 0x1234;
}

static void cm_version(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	ci->version++;
}

static void cm_size(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	ci->size--;
}

static void cm_regs(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	ci->pt_regs_size += 8;
}

static void cm_mask(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	ci->cpumask_size = 0;
}

static void cm_nr_cpu_ids0(struct fadump_crash_info *ci,
			   struct fadump_dump_info *i)
{
	ci->nr_cpu_ids = 0;
}

static void cm_nr_cpu_ids_big(struct fadump_crash_info *ci,
			      struct fadump_dump_info *i)
{
	ci->nr_cpu_ids = FADUMP_MAX_CPUS + 1;
}

static void cm_crashing(struct fadump_crash_info *ci,
			struct fadump_dump_info *i)
{
	ci->crashing_cpu = ci->nr_cpu_ids;
}

static void cm_crashing_none(struct fadump_crash_info *ci,
			     struct fadump_dump_info *i)
{
	ci->crashing_cpu = FADUMP_CPU_NONE;
}

static void cm_crashing_offline(struct fadump_crash_info *ci,
				struct fadump_dump_info *i)
{
	__clear_bit(ci->crashing_cpu, cpumask_bits(&ci->online_mask));
}

static void cm_mask_high(struct fadump_crash_info *ci,
			 struct fadump_dump_info *i)
{
	ci->nr_cpu_ids = 1;
	ci->crashing_cpu = 0;
}

static void cm_vmci_size(struct fadump_crash_info *ci,
			 struct fadump_dump_info *i)
{
	ci->vmcoreinfo_size = 16;
}

static void cm_vmci_hole(struct fadump_crash_info *ci,
			 struct fadump_dump_info *i)
{
	ci->vmcoreinfo_pa = SZ_2G + SZ_1M;
}

static void cm_vmci_edge(struct fadump_crash_info *ci,
			 struct fadump_dump_info *i)
{
	ci->vmcoreinfo_pa = SZ_2G - 16;
}

static void cm_layout(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	ci->layout.boot_mem_size = 0;
}

static void cm_cpu_pa(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	i->cpu_state_pa += SZ_64K;
}

static void cm_cpu_len0(struct fadump_crash_info *ci,
			struct fadump_dump_info *i)
{
	i->cpu_state_len = 0;
}

static void cm_cpu_len(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	i->cpu_state_len = ci->layout.cpu_state_size + 1;
}

static void cm_hpte(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	i->hpte_len = ci->layout.hpte_size + 1;
}

static void cm_hpte_pa(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	i->hpte_len = 0x100;
	i->hpte_pa = ci->layout.elfhdr_pa;
}

static void cm_nr_boot(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	i->nr_boot_ranges--;
}

static void cm_boot_src(struct fadump_crash_info *ci,
			struct fadump_dump_info *i)
{
	i->boot[1].src += SZ_64K;
}

static void cm_boot_size(struct fadump_crash_info *ci,
			 struct fadump_dump_info *i)
{
	i->boot[0].size -= SZ_64K;
}

static void cm_boot_dst(struct fadump_crash_info *ci,
			struct fadump_dump_info *i)
{
	i->boot[1].dst = i->boot[0].dst;
}

static void cm_dumped(struct fadump_crash_info *ci, struct fadump_dump_info *i)
{
	i->boot[0].dumped = i->boot[0].size + 1;
}

static void cm_area_ram(struct fadump_crash_info *ci,
			struct fadump_dump_info *i)
{
	struct fadump_layout *l = &ci->layout;
	u64 shift = SZ_4G + SZ_2G - SZ_64M - l->area_start;
	u32 k;

	/* Move the whole dump area so that it runs past the end of RAM. */
	l->area_start += shift;
	l->boot_dst_pa += shift;
	l->crash_info_pa += shift;
	l->cpu_state_pa += shift;
	l->hpte_pa += shift;
	l->elfhdr_pa += shift;
	i->cpu_state_pa += shift;
	i->hpte_pa += shift;
	for (k = 0; k < i->nr_boot_ranges; k++)
		i->boot[k].dst += shift;
}

static const struct fadump_ci_case fadump_ci_cases[] = {
	{ "bad magic", cm_magic },
	{ "other endianness", cm_endian },
	{ "bad endian marker", cm_endian_junk },
	{ "version", cm_version },
	{ "size", cm_size },
	{ "pt_regs size", cm_regs },
	{ "cpumask size", cm_mask },
	{ "nr_cpu_ids 0", cm_nr_cpu_ids0 },
	{ "nr_cpu_ids > NR_CPUS", cm_nr_cpu_ids_big },
	{ "crashing CPU >= nr_cpu_ids", cm_crashing },
	{ "no crashing CPU", cm_crashing_none },
	{ "crashing CPU offline", cm_crashing_offline },
	{ "online CPUs >= nr_cpu_ids", cm_mask_high },
	{ "inconsistent layout", cm_layout },
	{ "CPU state elsewhere", cm_cpu_pa },
	{ "no CPU state dumped", cm_cpu_len0 },
	{ "CPU state overflows", cm_cpu_len },
	{ "HPTE overflows", cm_hpte },
	{ "HPTE elsewhere", cm_hpte_pa },
	{ "boot range count", cm_nr_boot },
	{ "boot range source", cm_boot_src },
	{ "boot range size", cm_boot_size },
	{ "boot range destination", cm_boot_dst },
	{ "dumped more than size", cm_dumped },
	{ "dump area past RAM", cm_area_ram },
};

KUNIT_ARRAY_PARAM_DESC(fadump_bad_ci, fadump_ci_cases, name);

static void cm_vmci_none(struct fadump_crash_info *ci,
			 struct fadump_dump_info *i)
{
	/* What a crash before crash_save_vmcoreinfo_init() records */
	ci->vmcoreinfo_pa = 0;
	ci->vmcoreinfo_size = 0;
}

/* Headers that are usable, but without VMCOREINFO */
static const struct fadump_ci_case fadump_no_vmci_cases[] = {
	{ "VMCOREINFO not recorded", cm_vmci_none },
	{ "VMCOREINFO size", cm_vmci_size },
	{ "VMCOREINFO in a hole", cm_vmci_hole },
	{ "VMCOREINFO past RAM end", cm_vmci_edge },
};

KUNIT_ARRAY_PARAM_DESC(fadump_no_vmci, fadump_no_vmci_cases, name);

static void fadump_test_good_ci(struct kunit *test)
{
	struct fadump_crash_info *ci;
	struct fadump_dump_info *info;

	ci = kunit_kzalloc(test, sizeof(*ci), GFP_KERNEL);
	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ci);
	KUNIT_ASSERT_NOT_NULL(test, info);
	fadump_good_crash(ci, info);
	KUNIT_EXPECT_EQ(test,
			fadump_check_crash_info(ci, ci->layout.crash_info_pa,
						info, fadump_test_ram,
						ARRAY_SIZE(fadump_test_ram)),
			0);
	KUNIT_EXPECT_TRUE(test,
			  fadump_ci_has_vmcoreinfo(ci, fadump_test_ram,
						   ARRAY_SIZE(fadump_test_ram)));
	/* A partial dump is reported, not refused */
	info->boot[1].dumped = SZ_64K;
	KUNIT_EXPECT_EQ(test,
			fadump_check_crash_info(ci, ci->layout.crash_info_pa,
						info, fadump_test_ram,
						ARRAY_SIZE(fadump_test_ram)),
			0);
	/* Found somewhere else than where the layout says */
	KUNIT_EXPECT_EQ(test,
			fadump_check_crash_info(ci, ci->layout.crash_info_pa +
						SZ_64K, info, fadump_test_ram,
						ARRAY_SIZE(fadump_test_ram)),
			-EINVAL);
}

/* A good header changed by @c: the check's result, and is VMCOREINFO usable? */
static int fadump_check_mutated(struct kunit *test,
				const struct fadump_ci_case *c, bool *vmci)
{
	struct fadump_crash_info *ci;
	struct fadump_dump_info *info;

	ci = kunit_kzalloc(test, sizeof(*ci), GFP_KERNEL);
	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ci);
	KUNIT_ASSERT_NOT_NULL(test, info);
	fadump_good_crash(ci, info);
	c->mutate(ci, info);
	*vmci = fadump_ci_has_vmcoreinfo(ci, fadump_test_ram,
					 ARRAY_SIZE(fadump_test_ram));
	return fadump_check_crash_info(ci, ci->layout.crash_info_pa, info,
				       fadump_test_ram,
				       ARRAY_SIZE(fadump_test_ram));
}

static void fadump_test_bad_ci(struct kunit *test)
{
	bool vmci;

	KUNIT_EXPECT_EQ(test, fadump_check_mutated(test, test->param_value,
						   &vmci), -EINVAL);
}

/* A header without a usable VMCOREINFO: a dump without the note */
static void fadump_test_no_vmci(struct kunit *test)
{
	bool vmci;

	KUNIT_EXPECT_EQ(test, fadump_check_mutated(test, test->param_value,
						   &vmci), 0);
	KUNIT_EXPECT_FALSE(test, vmci);
}

/* ---- PT_LOAD segments ---- */

#define L(p, s, o) { .paddr = (p), .size = (s), .offset = (o) }

static void fadump_expect_loads(struct kunit *test,
				const struct fadump_load *got, int nr,
				const struct fadump_load *want, int nr_want)
{
	int i;

	KUNIT_ASSERT_EQ(test, nr, nr_want);
	for (i = 0; i < nr; i++) {
		KUNIT_EXPECT_EQ_MSG(test, got[i].paddr, want[i].paddr,
				    "segment %d", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].size, want[i].size,
				    "segment %d", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].offset, want[i].offset,
				    "segment %d", i);
	}
}

static void fadump_test_loads(struct kunit *test)
{
	/* RAM: 0-2G and 4G-6G; boot 0-256M and 512M-768M; area at 1G */
	const struct fadump_copy copies[] = {
		{ .src = 0, .size = SZ_256M, .dst = SZ_1G, .dumped = SZ_256M },
		{ .src = SZ_512M, .size = SZ_256M, .dst = SZ_1G + SZ_256M,
		  .dumped = SZ_256M },
	};
	const struct fadump_load want[] = {
		L(0, SZ_256M, SZ_1G),
		L(SZ_256M, SZ_256M, SZ_256M),
		L(SZ_512M, SZ_256M, SZ_1G + SZ_256M),
		L(SZ_512M + SZ_256M, SZ_256M, SZ_512M + SZ_256M),
		/* the dump area [1G, 1G + 600M) is left out */
		L(SZ_1G + 600 * SZ_1M, SZ_1G - 600 * SZ_1M,
		  SZ_1G + 600 * SZ_1M),
		L(SZ_4G, SZ_2G, SZ_4G),
	};
	struct fadump_load out[8];
	int nr;

	nr = fadump_compute_loads(fadump_test_ram, ARRAY_SIZE(fadump_test_ram),
				  copies, ARRAY_SIZE(copies), SZ_1G,
				  600 * SZ_1M, NULL, 0);
	KUNIT_EXPECT_EQ(test, nr, (int)ARRAY_SIZE(want));
	nr = fadump_compute_loads(fadump_test_ram, ARRAY_SIZE(fadump_test_ram),
				  copies, ARRAY_SIZE(copies), SZ_1G,
				  600 * SZ_1M, out, ARRAY_SIZE(out));
	fadump_expect_loads(test, out, nr, want, ARRAY_SIZE(want));

	/* Too little room */
	KUNIT_EXPECT_EQ(test,
			fadump_compute_loads(fadump_test_ram,
					     ARRAY_SIZE(fadump_test_ram),
					     copies, ARRAY_SIZE(copies), SZ_1G,
					     600 * SZ_1M, out, 3),
			-E2BIG);
}

static void fadump_test_loads_partial(struct kunit *test)
{
	const struct fadump_range ram[] = { R(0, SZ_1G) };
	/* Only the first 64M of the boot range were copied */
	const struct fadump_copy copies[] = {
		{ .src = 0, .size = SZ_256M, .dst = SZ_512M, .dumped = SZ_64M },
	};
	const struct fadump_load want[] = {
		L(0, SZ_64M, SZ_512M),
		L(SZ_256M, SZ_256M, SZ_256M),
		L(SZ_512M + SZ_256M, SZ_256M, SZ_512M + SZ_256M),
	};
	struct fadump_load out[4];
	int nr;

	nr = fadump_compute_loads(ram, 1, copies, 1, SZ_512M, SZ_256M, out,
				  ARRAY_SIZE(out));
	fadump_expect_loads(test, out, nr, want, ARRAY_SIZE(want));

	/* No exclusion, no copies: RAM as it is */
	nr = fadump_compute_loads(fadump_test_ram, 2, NULL, 0, 0, 0, out,
				  ARRAY_SIZE(out));
	KUNIT_ASSERT_EQ(test, nr, 2);
	KUNIT_EXPECT_EQ(test, out[1].paddr, (u64)SZ_4G);
	KUNIT_EXPECT_EQ(test, out[1].offset, (u64)SZ_4G);
}

static void fadump_test_translate(struct kunit *test)
{
	const struct fadump_copy copies[] = {
		{ .src = 0, .size = SZ_256M, .dst = SZ_1G, .dumped = SZ_128M },
		{ .src = SZ_512M, .size = SZ_256M, .dst = SZ_1G + SZ_256M,
		  .dumped = SZ_256M },
	};

	/* Outside boot memory: in place */
	KUNIT_EXPECT_EQ(test, fadump_translate(SZ_256M + 8, 16, copies, 2),
			(u64)SZ_256M + 8);
	/* Inside a boot range: at its copy */
	KUNIT_EXPECT_EQ(test, fadump_translate(0x1000, 16, copies, 2),
			(u64)SZ_1G + 0x1000);
	KUNIT_EXPECT_EQ(test, fadump_translate(SZ_512M + 0x10, 16, copies, 2),
			(u64)SZ_1G + SZ_256M + 0x10);
	/* Across a boot range's edge */
	KUNIT_EXPECT_EQ(test, fadump_translate(SZ_512M - 8, 16, copies, 2),
			U64_MAX);
	/* In the part that was not copied */
	KUNIT_EXPECT_EQ(test, fadump_translate(SZ_128M + 8, 16, copies, 2),
			U64_MAX);
}

/* ---- ELF core header ---- */

static void fadump_test_elf(struct kunit *test)
{
	const struct fadump_load loads[] = {
		L(0, SZ_256M, SZ_1G),
		L(SZ_256M, SZ_256M, SZ_256M),
	};
	const u64 buf_pa = 0x12340000, vmci = 0x5550000;
	size_t size = fadump_elfhdr_size(3, 2 + ARRAY_SIZE(loads)), len;
	const struct elf64_hdr *ehdr;
	const struct elf64_phdr *phdr;
	const struct elf64_note *nhdr;
	struct elf_prstatus *st;
	struct fadump_elf e;
	struct pt_regs *regs;
	const char *p;
	void *buf;
	u32 cpu;

	buf = kunit_kzalloc(test, size, GFP_KERNEL);
	regs = kunit_kzalloc(test, sizeof(*regs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, regs);

	/* Too small a buffer */
	KUNIT_EXPECT_EQ(test, fadump_elf_begin(&e, buf, size - 1, buf_pa, loads,
					       ARRAY_SIZE(loads), vmci,
					       VMCOREINFO_NOTE_SIZE, 3),
			-ENOSPC);

	KUNIT_ASSERT_EQ(test, fadump_elf_begin(&e, buf, size, buf_pa, loads,
					       ARRAY_SIZE(loads), vmci,
					       VMCOREINFO_NOTE_SIZE, 3), 0);
	for (cpu = 0; cpu < 3; cpu++) {
		regs->gpr[1] = 0x1000 + cpu;
		regs->nip = 0xc000000000000000ULL + cpu;
		KUNIT_EXPECT_EQ(test, fadump_elf_add_cpu(&e, cpu * 2, regs), 0);
	}
	KUNIT_EXPECT_EQ(test, fadump_elf_add_cpu(&e, 9, regs), -ENOSPC);
	len = fadump_elf_end(&e);
	KUNIT_EXPECT_EQ(test, len, size);

	ehdr = buf;
	KUNIT_EXPECT_EQ(test, memcmp(ehdr->e_ident, ELFMAG, SELFMAG), 0);
	KUNIT_EXPECT_EQ(test, ehdr->e_ident[EI_CLASS], ELFCLASS64);
	KUNIT_EXPECT_EQ(test, ehdr->e_ident[EI_DATA], ELF_DATA);
	KUNIT_EXPECT_EQ(test, ehdr->e_type, ET_CORE);
	KUNIT_EXPECT_EQ(test, ehdr->e_machine, ELF_ARCH);
	KUNIT_EXPECT_EQ(test, ehdr->e_phoff, sizeof(struct elf64_hdr));
	KUNIT_EXPECT_EQ(test, ehdr->e_phentsize, sizeof(struct elf64_phdr));
	KUNIT_ASSERT_EQ(test, ehdr->e_phnum, 4);

	phdr = buf + ehdr->e_phoff;
	/* CPU notes: found through the buffer's physical address */
	KUNIT_EXPECT_EQ(test, phdr[0].p_type, PT_NOTE);
	KUNIT_EXPECT_EQ(test, phdr[0].p_offset,
			buf_pa + sizeof(struct elf64_hdr) + 4 * sizeof(struct elf64_phdr));
	KUNIT_EXPECT_EQ(test, phdr[0].p_memsz, phdr[0].p_filesz);
	KUNIT_EXPECT_EQ(test, phdr[0].p_offset - buf_pa + phdr[0].p_filesz,
			(u64)len);
	/* VMCOREINFO */
	KUNIT_EXPECT_EQ(test, phdr[1].p_type, PT_NOTE);
	KUNIT_EXPECT_EQ(test, phdr[1].p_offset, vmci);
	KUNIT_EXPECT_EQ(test, phdr[1].p_memsz, VMCOREINFO_NOTE_SIZE);
	/* Memory */
	KUNIT_EXPECT_EQ(test, phdr[2].p_type, PT_LOAD);
	KUNIT_EXPECT_EQ(test, phdr[2].p_paddr, 0);
	KUNIT_EXPECT_EQ(test, phdr[2].p_offset, (u64)SZ_1G);
	KUNIT_EXPECT_EQ(test, phdr[2].p_filesz, (u64)SZ_256M);
	KUNIT_EXPECT_EQ(test, phdr[2].p_memsz, (u64)SZ_256M);
	KUNIT_EXPECT_EQ(test, phdr[2].p_vaddr, (u64)PAGE_OFFSET);
	KUNIT_EXPECT_EQ(test, phdr[3].p_type, PT_LOAD);
	KUNIT_EXPECT_EQ(test, phdr[3].p_paddr, (u64)SZ_256M);
	KUNIT_EXPECT_EQ(test, phdr[3].p_offset, (u64)SZ_256M);

	/* Three NT_PRSTATUS notes, then an empty one */
	p = buf + (phdr[0].p_offset - buf_pa);
	for (cpu = 0; cpu < 3; cpu++) {
		nhdr = (const struct elf64_note *)p;
		KUNIT_EXPECT_EQ(test, nhdr->n_type, NT_PRSTATUS);
		KUNIT_EXPECT_EQ(test, nhdr->n_namesz, 5);
		KUNIT_EXPECT_EQ(test, nhdr->n_descsz,
				sizeof(struct elf_prstatus));
		KUNIT_EXPECT_STREQ(test, p + sizeof(*nhdr), "CORE");
		st = kunit_kmalloc(test, sizeof(*st), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, st);
		memcpy(st, p + sizeof(*nhdr) + 8, sizeof(*st));
		KUNIT_EXPECT_EQ(test, st->common.pr_pid, cpu * 2);
		KUNIT_EXPECT_EQ(test, st->pr_reg[1], 0x1000 + cpu);
		KUNIT_EXPECT_EQ(test, st->pr_reg[32],
				0xc000000000000000ULL + cpu);
		p += sizeof(*nhdr) + 8 + ALIGN(nhdr->n_descsz, 4);
	}
	nhdr = (const struct elf64_note *)p;
	KUNIT_EXPECT_EQ(test, nhdr->n_namesz, 0);
	KUNIT_EXPECT_EQ(test, nhdr->n_descsz, 0);
	KUNIT_EXPECT_EQ(test, nhdr->n_type, 0);
	KUNIT_EXPECT_PTR_EQ(test, (const void *)(nhdr + 1),
			    (const void *)((char *)buf + len));
}

static void fadump_test_elf_no_vmcoreinfo(struct kunit *test)
{
	const struct fadump_load loads[] = { L(0, SZ_1G, 0) };
	size_t size = fadump_elfhdr_size(0, 1 + ARRAY_SIZE(loads));
	const struct elf64_hdr *ehdr;
	const struct elf64_phdr *phdr;
	struct fadump_elf e;
	void *buf;

	buf = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, fadump_elf_begin(&e, buf, size, 0, loads, 1, 0, 0,
					       0), 0);
	KUNIT_EXPECT_EQ(test, fadump_elf_end(&e), size);
	ehdr = buf;
	KUNIT_ASSERT_EQ(test, ehdr->e_phnum, 2);
	phdr = buf + ehdr->e_phoff;
	KUNIT_EXPECT_EQ(test, phdr[0].p_type, PT_NOTE);
	KUNIT_EXPECT_EQ(test, phdr[0].p_filesz, sizeof(struct elf64_note));
	KUNIT_EXPECT_EQ(test, phdr[1].p_type, PT_LOAD);
}

/* ---- fadump_split_removable() ---- */

static void fadump_test_removable(struct kunit *test)
{
	/* 0-2G and 4G-5G+16M; boot memory 0-512M, a cut across 1G */
	static const struct fadump_range ram[] = {
		{ 0, SZ_2G }, { SZ_4G, SZ_1G + SZ_16M },
	};
	static const struct fadump_range cut[] = {
		{ SZ_1G + SZ_64M, SZ_64K },	/* metadata */
		{ 0, SZ_512M },			/* boot memory */
	};
	struct fadump_range out[4];
	int n;

	n = fadump_split_removable(ram, ARRAY_SIZE(ram), cut, ARRAY_SIZE(cut),
				   SZ_256M, NULL, 0);
	KUNIT_ASSERT_EQ(test, n, 3);
	n = fadump_split_removable(ram, ARRAY_SIZE(ram), cut, ARRAY_SIZE(cut),
				   SZ_256M, out, ARRAY_SIZE(out));
	KUNIT_ASSERT_EQ(test, n, 3);
	/* 512M-1G; the block holding the cut stays; 1G+256M-2G; 4G-5G */
	KUNIT_EXPECT_EQ(test, out[0].base, (u64)SZ_512M);
	KUNIT_EXPECT_EQ(test, out[0].size, (u64)SZ_512M);
	KUNIT_EXPECT_EQ(test, out[1].base, (u64)SZ_1G + SZ_256M);
	KUNIT_EXPECT_EQ(test, out[1].size, (u64)SZ_512M + SZ_256M);
	KUNIT_EXPECT_EQ(test, out[2].base, (u64)SZ_4G);
	KUNIT_EXPECT_EQ(test, out[2].size, (u64)SZ_1G);

	KUNIT_EXPECT_EQ(test, fadump_split_removable(ram, ARRAY_SIZE(ram), cut,
						     ARRAY_SIZE(cut), SZ_256M,
						     out, 2), -E2BIG);
	KUNIT_EXPECT_EQ(test, fadump_split_removable(ram, ARRAY_SIZE(ram), cut,
						     ARRAY_SIZE(cut), 3 * SZ_1M,
						     out, 4), -EINVAL);
}

static void fadump_test_removable_fringes(struct kunit *test)
{
	/* Unaligned at both ends, overlapping and nested cuts */
	static const struct fadump_range ram[] = {
		{ SZ_16M, SZ_1G },
	};
	static const struct fadump_range cut[] = {
		{ SZ_512M + SZ_1M, SZ_1M },
		{ SZ_512M, SZ_16M },
		{ SZ_512M + SZ_4M, SZ_256M - SZ_64M },
		{ SZ_1G, 0 },			/* empty: ignored */
	};
	/* 8M-32M, 32M-48M+1M, 64M-80M */
	static const struct fadump_range adj[] = {
		{ SZ_8M, SZ_16M + SZ_8M }, { SZ_32M, SZ_16M + SZ_1M },
		{ SZ_64M, SZ_16M },
	};
	struct fadump_range out[4];
	int n;

	n = fadump_split_removable(ram, 1, cut, ARRAY_SIZE(cut), SZ_256M, out,
				   ARRAY_SIZE(out));
	/* [256M, 512M) below the cuts, [768M, 1G) above them */
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, out[0].base, (u64)SZ_256M);
	KUNIT_EXPECT_EQ(test, out[0].size, (u64)SZ_256M);
	KUNIT_EXPECT_EQ(test, out[1].base, (u64)SZ_512M + SZ_256M);
	KUNIT_EXPECT_EQ(test, out[1].size, (u64)SZ_256M);

	/* Without cuts adjacent RAM ranges merge into one result */
	n = fadump_split_removable(adj, ARRAY_SIZE(adj), NULL, 0, SZ_16M, out,
				   ARRAY_SIZE(out));
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, out[0].base, (u64)SZ_16M);
	KUNIT_EXPECT_EQ(test, out[0].size, (u64)SZ_32M);
	KUNIT_EXPECT_EQ(test, out[1].base, (u64)SZ_64M);
	KUNIT_EXPECT_EQ(test, out[1].size, (u64)SZ_16M);

	/* Cut covers everything */
	n = fadump_split_removable(ram, 1, ram, 1, SZ_16M, out, ARRAY_SIZE(out));
	KUNIT_EXPECT_EQ(test, n, 0);
}

/* ---- logical CPUs by hardware id ---- */

/*
 * The firmware names CPUs by hardware id: each is found among the online
 * CPUs of the header; offline ones and unknown ids are not, and of two
 * CPUs given the same id (a corrupt header) the lower one wins.
 */
static void fadump_test_cpu_ids(struct kunit *test)
{
	static const struct { u32 cpu, hw; } online[] = {
		{ 0, 0x20 }, { 1, 0x21 }, { 2, 0x8 }, { 5, 0x400 }, { 6, 0x9 },
		{ 7, 0x21 },
	};
	struct fadump_crash_info *ci = kunit_kzalloc(test, sizeof(*ci),
						     GFP_KERNEL);
	struct fadump_cpu_id *ids;
	unsigned int i;
	u32 n;

	KUNIT_ASSERT_NOT_NULL(test, ci);
	ci->nr_cpu_ids = 8;
	for (i = 0; i < ARRAY_SIZE(online); i++) {
		__set_bit(online[i].cpu, cpumask_bits(&ci->online_mask));
		ci->hw_id[online[i].cpu] = online[i].hw;
	}
	ci->hw_id[3] = 0x30;		/* offline */
	ids = kunit_kcalloc(test, ci->nr_cpu_ids, sizeof(*ids), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ids);

	n = fadump_sort_cpu_ids(ci, ids);
	KUNIT_ASSERT_EQ(test, n, ARRAY_SIZE(online));
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_LE(test, ids[i - 1].hw_id, ids[i].hw_id);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, n, 0x20), 0);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, n, 0x21), 1);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, n, 0x8), 2);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, n, 0x400), 5);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, n, 0x9), 6);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, n, 0x30), FADUMP_CPU_NONE);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, n, 0), FADUMP_CPU_NONE);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, n, U32_MAX), FADUMP_CPU_NONE);
	KUNIT_EXPECT_EQ(test, fadump_find_cpu(ids, 0, 0x20), FADUMP_CPU_NONE);
}

/* ---- memory the device tree reserves ---- */

static void t_fdt_reg(void *fdt, const char *name, const u32 *cells, int n)
{
	fdt32_t v[8];
	int i;

	for (i = 0; i < n; i++)
		v[i] = cpu_to_fdt32(cells[i]);
	fdt_property(fdt, name, v, n * sizeof(*v));
}

/*
 * A tree with a reserve map entry (and an empty one), /reserved-memory
 * children with one and two regions, a disabled child and one without
 * "reg", and the root's reserved-ranges: early boot reserves the last two
 * kinds after fadump chose its memory, and release must not free them.
 */
static void fadump_test_fdt_reserved(struct kunit *test)
{
	static const u32 a[] = { 0, 0x50000000, 0x20000 };
	static const u32 b[] = { 0, 0x60000000, 0x1000, 0, 0x61000000, 0x1000 };
	static const u32 off[] = { 0, 0x70000000, 0x1000 };
	static const u32 rr[] = { 0, 0x30000000, 0, 0x100000,
				  0, 0x40000000, 0, 0x2000 };
	const size_t size = 4096;
	void *fdt = kunit_kzalloc(test, size, GFP_KERNEL);
	struct fadump_range x[8];
	u32 n;

	KUNIT_ASSERT_NOT_NULL(test, fdt);
	KUNIT_ASSERT_EQ(test, fdt_create(fdt, size), 0);
	fdt_add_reservemap_entry(fdt, 0x1000000, 0x10000);
	fdt_add_reservemap_entry(fdt, 0x2000000, 0);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
	fdt_property_cell(fdt, "#address-cells", 2);
	fdt_property_cell(fdt, "#size-cells", 2);
	t_fdt_reg(fdt, "reserved-ranges", rr, ARRAY_SIZE(rr));
	fdt_begin_node(fdt, "reserved-memory");
	fdt_property_cell(fdt, "#address-cells", 2);
	fdt_property_cell(fdt, "#size-cells", 1);
	fdt_begin_node(fdt, "a@50000000");
	t_fdt_reg(fdt, "reg", a, ARRAY_SIZE(a));
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "b@60000000");
	t_fdt_reg(fdt, "reg", b, ARRAY_SIZE(b));
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "off@70000000");
	fdt_property_string(fdt, "status", "disabled");
	t_fdt_reg(fdt, "reg", off, ARRAY_SIZE(off));
	fdt_end_node(fdt);
	fdt_begin_node(fdt, "dynamic");
	fdt_property_cell(fdt, "size", 0x100000);
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	fdt_end_node(fdt);
	KUNIT_ASSERT_EQ(test, fdt_finish(fdt), 0);

	KUNIT_EXPECT_EQ(test, fadump_fdt_reserved(fdt, NULL, 0), 7);
	n = fadump_fdt_reserved(fdt, x, ARRAY_SIZE(x));
	KUNIT_ASSERT_EQ(test, n, 7);
	KUNIT_EXPECT_EQ(test, x[0].base, ALIGN_DOWN(__pa(fdt), PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, x[1].base, 0x1000000);
	KUNIT_EXPECT_EQ(test, x[1].size, ALIGN(0x10000, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, x[2].base, 0x50000000);
	KUNIT_EXPECT_EQ(test, x[2].size, ALIGN(0x20000, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, x[3].base, 0x60000000);
	KUNIT_EXPECT_EQ(test, x[3].size, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, x[4].base, 0x61000000);
	KUNIT_EXPECT_EQ(test, x[5].base, 0x30000000);
	KUNIT_EXPECT_EQ(test, x[5].size, ALIGN(0x100000, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, x[6].base, 0x40000000);
	KUNIT_EXPECT_EQ(test, x[6].size, PAGE_SIZE);

	/* Short of room: counts all, stores what fits */
	memset(x, 0, sizeof(x));
	KUNIT_EXPECT_EQ(test, fadump_fdt_reserved(fdt, x, 3), 7);
	KUNIT_EXPECT_EQ(test, x[2].base, 0x50000000);
	KUNIT_EXPECT_EQ(test, x[3].size, 0);
	KUNIT_EXPECT_EQ(test, fadump_fdt_reserved(NULL, x, 3), 0);
}

/* ---- the crash gate ---- */

/*
 * A fake crash: the record step and the firmware request only count
 * their calls; the request returns, as a failing ibm,os-term does. With
 * @nested_ms set, the request is interrupted by another entry of the
 * same CPU (an NMI during the request), which waits that long.
 */
struct t_crash {
	struct fadump_crash_cpu c;
	struct fadump_crash_gate *g;
	unsigned int records, triggers;
	unsigned int nested_ms;
	int nested_rc;
	s64 nested_waited_ms;
	unsigned int trigger_ms;
};

static struct t_crash *t_crash_now;

static void t_crash_record(const struct fadump_crash_cpu *c)
{
	t_crash_now->records++;
}

static void t_crash_trigger(const char *msg)
{
	struct t_crash *t = t_crash_now;
	ktime_t start;

	t->triggers++;
	if (t->trigger_ms)
		msleep(t->trigger_ms);
	if (!t->nested_ms)
		return;
	start = ktime_get();
	t->nested_rc = fadump_crash_hand_over(t->g, &t->c, t->nested_ms);
	t->nested_waited_ms = ktime_ms_delta(ktime_get(), start);
}

static void t_crash_init(struct t_crash *t, struct fadump_crash_gate *g,
			 u32 cpu)
{
	*t = (struct t_crash){
		.c = { .cpu = cpu, .msg = "kunit",
		       .record = t_crash_record, .trigger = t_crash_trigger },
		.g = g,
	};
	t_crash_now = t;
}

/* Runs one CPU through the gate; returns its rc and the time it took. */
static int t_crash_enter(struct t_crash *t, unsigned int wait_ms,
			 s64 *took_ms)
{
	ktime_t start = ktime_get();
	int rc;

	t_crash_now = t;
	rc = fadump_crash_hand_over(t->g, &t->c, wait_ms);
	*took_ms = ktime_ms_delta(ktime_get(), start);
	return rc;
}

/* The owner's request fails: it returns, and nobody waits for it. */
static void fadump_test_gate_failed(struct kunit *test)
{
	struct fadump_crash_gate g = { .owner = FADUMP_CPU_NONE };
	struct t_crash owner, other;
	s64 ms;

	t_crash_init(&owner, &g, 0);
	KUNIT_EXPECT_EQ(test, t_crash_enter(&owner, 10000, &ms), -EIO);
	KUNIT_EXPECT_EQ(test, owner.records, 1);
	KUNIT_EXPECT_EQ(test, owner.triggers, 1);
	KUNIT_EXPECT_EQ(test, g.owner, 0);
	KUNIT_EXPECT_TRUE(test, g.failed);

	/* A CPU crashing afterwards, and the owner again (panic after die) */
	t_crash_init(&other, &g, 1);
	KUNIT_EXPECT_EQ(test, t_crash_enter(&other, 10000, &ms), -EIO);
	KUNIT_EXPECT_LT(test, ms, 100);
	KUNIT_EXPECT_EQ(test, other.records + other.triggers, 0);
	t_crash_init(&owner, &g, 0);
	KUNIT_EXPECT_EQ(test, t_crash_enter(&owner, 10000, &ms), -EIO);
	KUNIT_EXPECT_EQ(test, owner.records + owner.triggers, 0);
}

/*
 * An NMI on the owner during its request: the nested entry waits (the
 * firmware may still take the dump) instead of taking the request for
 * failed, and asks nothing of the firmware itself.
 */
static void fadump_test_gate_nested(struct kunit *test)
{
	struct fadump_crash_gate g = { .owner = FADUMP_CPU_NONE };
	struct t_crash owner;
	s64 ms;

	t_crash_init(&owner, &g, 3);
	owner.nested_ms = 50;
	KUNIT_EXPECT_EQ(test, t_crash_enter(&owner, 10000, &ms), -EIO);
	KUNIT_EXPECT_EQ(test, owner.nested_rc, -ETIMEDOUT);
	KUNIT_EXPECT_GE(test, owner.nested_waited_ms, 50);
	KUNIT_EXPECT_EQ(test, owner.records, 1);
	KUNIT_EXPECT_EQ(test, owner.triggers, 1);
	KUNIT_EXPECT_EQ(test, g.owner, 3);
	KUNIT_EXPECT_TRUE(test, g.failed);
}

/* A CPU already waiting when the owner's request fails */
struct t_waiter {
	struct fadump_crash_gate *g;
	int rc;
	s64 ms;
	struct completion done;
};

static int t_waiter_fn(void *arg)
{
	struct t_waiter *w = arg;
	ktime_t start = ktime_get();

	w->rc = fadump_crash_wait(w->g, 10000);
	w->ms = ktime_ms_delta(ktime_get(), start);
	complete(&w->done);
	return 0;
}

/*
 * The failure of the request ends the waits under way at once, not after
 * their 10 s budget.
 */
static void fadump_test_gate_wakes_waiters(struct kunit *test)
{
	struct fadump_crash_gate g = { .owner = FADUMP_CPU_NONE };
	struct t_waiter w = { .g = &g };
	struct task_struct *k;
	struct t_crash owner;
	s64 ms;

	init_completion(&w.done);
	k = kthread_run(t_waiter_fn, &w, "fadump-kunit-waiter");
	KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	t_crash_init(&owner, &g, 0);
	owner.trigger_ms = 200;
	KUNIT_EXPECT_EQ(test, t_crash_enter(&owner, 10000, &ms), -EIO);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&w.done, 15 * HZ));
	KUNIT_EXPECT_EQ(test, w.rc, -EIO);
	KUNIT_EXPECT_LT(test, w.ms, 2000);
}

/*
 * An owner that never comes back: a waiting CPU gives up after its
 * budget and marks the gate failed; the next one does not wait at all.
 */
static void fadump_test_gate_stuck_owner(struct kunit *test)
{
	struct fadump_crash_gate g = { .owner = FADUMP_CPU_NONE };
	struct t_crash w1, w2;
	s64 ms;

	KUNIT_ASSERT_EQ(test, fadump_crash_claim(&g, 0), FADUMP_CRASH_DUMP);
	KUNIT_EXPECT_EQ(test, fadump_crash_claim(&g, 0), FADUMP_CRASH_WAIT);
	KUNIT_EXPECT_EQ(test, fadump_crash_claim(&g, 1), FADUMP_CRASH_WAIT);

	t_crash_init(&w1, &g, 1);
	KUNIT_EXPECT_EQ(test, t_crash_enter(&w1, 30, &ms), -ETIMEDOUT);
	KUNIT_EXPECT_GE(test, ms, 30);
	KUNIT_EXPECT_TRUE(test, g.failed);
	KUNIT_EXPECT_EQ(test, w1.records + w1.triggers, 0);

	t_crash_init(&w2, &g, 2);
	KUNIT_EXPECT_EQ(test, t_crash_enter(&w2, 10000, &ms), -EIO);
	KUNIT_EXPECT_LT(test, ms, 100);
	KUNIT_EXPECT_EQ(test, fadump_crash_claim(&g, 2), FADUMP_CRASH_FAILED);
	KUNIT_EXPECT_EQ(test, g.owner, 0);
}

/*
 * A non-fatal oops (process context, panic_on_oops=0) is not a crash:
 * die_will_crash() says no even while fadump is registered, and the
 * crash path asks it the same question.
 */
static void fadump_test_die_will_crash(struct kunit *test)
{
	if (panic_on_oops)
		kunit_skip(test, "panic_on_oops is set: every oops is fatal");
	if (!should_fadump_crash())
		kunit_skip(test, "fadump is not registered: nothing to agree on");
	KUNIT_EXPECT_FALSE(test, die_will_crash());
}

struct fadump_show_ctx {
	struct completion done;
	char buf[PAGE_SIZE];
};

static int fadump_show_thread(void *arg)
{
	struct fadump_show_ctx *c = arg;
	struct seq_file m = { .buf = c->buf, .size = sizeof(c->buf) };

	fadump_region_show(&m, NULL);
	complete(&c->done);
	return 0;
}

/*
 * powerpc/fadump_region walks memblock, whose arrays a memory hot-add
 * may reallocate: a reader must wait while a hot-add (here: the hotplug
 * lock taken for writing, as add_memory() takes it) is in progress, and
 * finish once it is done.
 */
static void fadump_test_region_waits_for_hotplug(struct kunit *test)
{
	struct fadump_show_ctx *c;
	struct task_struct *t;
	unsigned long left;

	if (!IS_ENABLED(CONFIG_MEMORY_HOTPLUG))
		kunit_skip(test, "no memory hotplug: nothing to wait for");
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	init_completion(&c->done);

	mem_hotplug_begin();
	t = kthread_run(fadump_show_thread, c, "fadump-show-test");
	if (IS_ERR(t)) {
		mem_hotplug_done();
		kfree(c);
		KUNIT_FAIL(test, "cannot start the reader: %ld", PTR_ERR(t));
		return;
	}
	/* A reader that ignores hotplug is done long before this. */
	left = wait_for_completion_timeout(&c->done, msecs_to_jiffies(500));
	KUNIT_EXPECT_EQ_MSG(test, left, 0,
			    "fadump_region was read during a memory hot-add");
	mem_hotplug_done();

	if (!left && !wait_for_completion_timeout(&c->done, 10 * HZ)) {
		/* The reader still uses @c: leave it. */
		KUNIT_FAIL(test, "the reader did not finish after the hot-add");
		return;
	}
	kfree(c);
}

/* ---- fixed costs of the capture kernel beyond this machine's RAM ---- */

/*
 * What the capture kernel sets up for a flat LPAR of @ram bytes with
 * 256 MiB LMBs, the default boot memory at 0 and its copy right above:
 * the ranges it takes out of memblock, the PT_LOADs, the ELF core header
 * for FADUMP_SCALE_CPUS CPUs, the page tables of the window onto old memory and
 * the hot-add calls of the release. None of these may grow with RAM
 * (the hot-add calls grow with its logarithm).
 */
#define FADUMP_SCALE_CPUS	2048

struct fadump_scale_costs {
	int removable;
	int loads;
	size_t elfhdr;
	size_t window_ptes;
	u32 hotadd_calls;
};

static void fadump_scale_measure(u64 ram, struct fadump_scale_costs *c)
{
	const u64 boot = FADUMP_DEFAULT_BOOT_MEM, block = SZ_256M;
	const u64 area = boot, area_size = boot + SZ_1M;
	const struct fadump_range mem[] = { R(0, ram) };
	const struct fadump_range cuts[] = {
		R(0, boot), R(area, area_size), R(ram - 1, 1),
	};
	const struct fadump_copy copy = {
		.src = 0, .size = boot, .dst = area, .dumped = boot,
	};
	u64 memmap = block / PAGE_SIZE * sizeof(struct page);
	u64 left = ram - boot - area_size, free = 300ULL * SZ_1M, chunk;
	struct fadump_load loads[8];

	c->removable = fadump_split_removable(mem, 1, cuts, ARRAY_SIZE(cuts),
					      block, NULL, 0);
	c->loads = fadump_compute_loads(mem, 1, &copy, 1, area, area_size,
					loads, ARRAY_SIZE(loads));
	c->elfhdr = fadump_elfhdr_size(FADUMP_SCALE_CPUS, 1 + max(c->loads, 0) +
				       FADUMP_ELF_SPARE_PHDRS);
	c->window_ptes = FADUMP_OLDMEM_WINDOW / PAGE_SIZE * sizeof(pte_t);
	c->hotadd_calls = 0;
	while ((chunk = fadump_hotadd_chunk(left, block, free, memmap))) {
		left -= chunk;
		free += chunk - chunk / block * memmap;
		c->hotadd_calls++;
	}
}

static const u64 fadump_scale_cases[] = {
	4 * SZ_1T, 16 * SZ_1T, 64 * SZ_1T,
};

static void fadump_scale_desc(const u64 *ram, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%llu TiB", *ram / SZ_1T);
}

KUNIT_ARRAY_PARAM(fadump_scale, fadump_scale_cases, fadump_scale_desc);

static void fadump_test_scale(struct kunit *test)
{
	const u64 ram = *(const u64 *)test->param_value;
	struct fadump_scale_costs base, c;

	fadump_scale_measure(64ULL * SZ_1G, &base);
	fadump_scale_measure(ram, &c);
	KUNIT_EXPECT_EQ(test, c.removable, base.removable);
	KUNIT_EXPECT_LE(test, c.removable, FADUMP_MAX_UNPLUGGED);
	KUNIT_EXPECT_EQ(test, c.loads, base.loads);
	KUNIT_EXPECT_EQ(test, c.elfhdr, base.elfhdr);
	KUNIT_EXPECT_EQ(test, c.window_ptes, base.window_ptes);
	KUNIT_EXPECT_LE(test, c.hotadd_calls, 4U);
	kunit_info(test, "%llu TiB: %d range(s) out of memblock, %d PT_LOADs, ELF header %zu KiB (%u CPUs), window page table %zu bytes, %u hot-add calls; page structures the capture kernel does not build: %llu MiB\n",
		   ram / SZ_1T, c.removable, c.loads, c.elfhdr >> 10, FADUMP_SCALE_CPUS,
		   c.window_ptes, c.hotadd_calls,
		   (ram / PAGE_SIZE * sizeof(struct page)) >> 20);
}

static struct kunit_case fadump_parse_test_cases[] = {
	KUNIT_CASE_PARAM(fadump_test_parse_mode, fadump_mode_gen_params),
	KUNIT_CASE_PARAM(fadump_test_parse_bool, fadump_bool_gen_params),
	KUNIT_CASE_PARAM(fadump_test_bootargs_ok, fadump_bootargs_gen_params),
	{}
};

static struct kunit_suite fadump_parse_test_suite = {
	.name = "fadump_parse",
	.test_cases = fadump_parse_test_cases,
};

static struct kunit_case fadump_layout_test_cases[] = {
	KUNIT_CASE(fadump_test_boot_mem_size),
	KUNIT_CASE_PARAM(fadump_test_split, fadump_split_gen_params),
	KUNIT_CASE(fadump_test_split_cap),
	KUNIT_CASE(fadump_test_layout),
	KUNIT_CASE(fadump_test_layout_copy_align),
	KUNIT_CASE_PARAM(fadump_test_bad_layout, fadump_bad_layout_gen_params),
	KUNIT_CASE(fadump_test_fdt_reserved),
	KUNIT_CASE_PARAM(fadump_test_parse_range, fadump_range_parse_gen_params),
	KUNIT_CASE_PARAM(fadump_test_check_release,
			 fadump_check_release_gen_params),
	KUNIT_CASE(fadump_test_subtract_merge),
	KUNIT_CASE_PARAM(fadump_test_free_gap, fadump_gap_gen_params),
	KUNIT_CASE_PARAM(fadump_test_hotadd_chunk, fadump_chunk_gen_params),
	KUNIT_CASE(fadump_test_hotadd_calls),
	{}
};

static struct kunit_suite fadump_layout_test_suite = {
	.name = "fadump_layout",
	.test_cases = fadump_layout_test_cases,
};

static struct kunit_case fadump_crash_info_test_cases[] = {
	KUNIT_CASE(fadump_test_good_ci),
	KUNIT_CASE_PARAM(fadump_test_bad_ci, fadump_bad_ci_gen_params),
	KUNIT_CASE_PARAM(fadump_test_no_vmci, fadump_no_vmci_gen_params),
	KUNIT_CASE(fadump_test_cpu_ids),
	{}
};

static struct kunit_suite fadump_crash_info_test_suite = {
	.name = "fadump_crash_info",
	.test_cases = fadump_crash_info_test_cases,
};

static struct kunit_case fadump_elf_test_cases[] = {
	KUNIT_CASE(fadump_test_loads),
	KUNIT_CASE(fadump_test_loads_partial),
	KUNIT_CASE(fadump_test_translate),
	KUNIT_CASE(fadump_test_elf),
	KUNIT_CASE(fadump_test_elf_no_vmcoreinfo),
	KUNIT_CASE(fadump_test_removable),
	KUNIT_CASE(fadump_test_removable_fringes),
	{}
};

static struct kunit_suite fadump_elf_test_suite = {
	.name = "fadump_elf",
	.test_cases = fadump_elf_test_cases,
};

static struct kunit_case fadump_crash_gate_test_cases[] = {
	KUNIT_CASE(fadump_test_gate_failed),
	KUNIT_CASE(fadump_test_gate_nested),
	KUNIT_CASE(fadump_test_gate_wakes_waiters),
	KUNIT_CASE(fadump_test_gate_stuck_owner),
	KUNIT_CASE(fadump_test_die_will_crash),
	{}
};

static struct kunit_suite fadump_crash_gate_test_suite = {
	.name = "fadump_crash_gate",
	.test_cases = fadump_crash_gate_test_cases,
};

static struct kunit_case fadump_debugfs_test_cases[] = {
	KUNIT_CASE(fadump_test_region_waits_for_hotplug),
	{}
};

static struct kunit_suite fadump_debugfs_test_suite = {
	.name = "fadump_debugfs",
	.test_cases = fadump_debugfs_test_cases,
};

static struct kunit_case fadump_scale_test_cases[] = {
	KUNIT_CASE_PARAM(fadump_test_scale, fadump_scale_gen_params),
	{}
};

static struct kunit_suite fadump_scale_test_suite = {
	.name = "fadump_scale",
	.test_cases = fadump_scale_test_cases,
};

kunit_test_suites(&fadump_parse_test_suite, &fadump_layout_test_suite,
		  &fadump_crash_info_test_suite, &fadump_elf_test_suite,
		  &fadump_crash_gate_test_suite, &fadump_debugfs_test_suite,
		  &fadump_scale_test_suite);

MODULE_DESCRIPTION("KUnit tests for firmware-assisted dump");
MODULE_LICENSE("GPL");
