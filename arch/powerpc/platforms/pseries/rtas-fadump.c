// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump, pseries backend.
 *
 * PowerVM (and QEMU's pseries machine) implement the PAPR "configure
 * platform assisted kernel dump" option: the OS registers, through the
 * ibm,configure-kernel-dump RTAS call, a small structure listing memory
 * sections to preserve. On ibm,os-term the firmware copies each section
 * to its destination, saves the CPUs' registers, resets the partition and
 * boots the OS again with the updated structure in the /rtas
 * "ibm,kernel-dump" property.
 *
 * The backend only speaks that protocol; sizing and placing the dump
 * area, the vmcore and the user interface belong to the core
 * (arch/powerpc/kernel/fadump*.c), which calls us through rtas_fadump_ops.
 *
 * This file holds the backend's state and rtas_fadump_ops: the probe of
 * what the firmware offers, the RTAS calls (register, unregister,
 * invalidate, ibm,os-term on the crash path) and their busy retries. The
 * structures exchanged with the firmware are in rtas-fadump.h; building
 * the registration structure is in rtas-fadump-build.c, parsing what the
 * firmware reports after a crash in rtas-fadump-parse.c.
 */

#define pr_fmt(fmt) "fadump: rtas: " fmt

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include <asm/fadump-internal.h>
#include <asm/rtas.h>

#include "rtas-fadump.h"

/* ibm,os-term retry budget on the crash path, and wait for the reset */
#define RKD_TERM_BUSY_BUDGET_US	2000000U
#define RKD_TERM_WAIT_MS	1000

/* Fallback when /memory@0 does not tell us the RMA size */
#define RKD_RMA_FALLBACK	SZ_128M

/*
 * Backend state. Only this file writes it; the core sees copies through
 * struct fadump_fw_info and struct fadump_dump_info.
 */
static struct {
	s32 token;			/* ibm,configure-kernel-dump */
	struct rtas_kdump_caps caps;	/* negotiated at probe */
	u64 max_meta_addr;		/* RMA top, capped to 4 GiB */
	bool prepared;			/* rkd_reg holds a built structure */
	bool registered;		/* firmware accepted rkd_reg */
	bool dump_active;		/* ibm,kernel-dump was present */
	u32 active_len;			/* bytes of it in rkd_active, 0: bad */
	u32 inval_len;			/* bytes of rkd_active to invalidate */
	int active_prop_len;		/* its length in the device tree */
} rkd = {
	.token = RTAS_UNKNOWN_SERVICE,
};

/*
 * The firmware wants these in the RMA, and the registration structure's
 * address is a 32-bit RTAS argument: static storage in the kernel image
 * satisfies both (checked before use anyway).
 */
static struct rtas_kdump_mem rkd_reg __aligned(8);
static u8 rkd_active[RTAS_KDUMP_MAX_STRUCT_SIZE] __aligned(8);
static char rkd_term_msg[512];
static struct rtas_args rkd_term_args;

static bool rkd_is_busy(int status)
{
	return status == RTAS_BUSY ||
	       (status >= RTAS_EXTENDED_DELAY_MIN &&
		status <= RTAS_EXTENDED_DELAY_MAX);
}

/**
 * rtas_kdump_status_errno() - errno for an ibm,configure-kernel-dump status
 * @status: RTAS status returned by the call
 *
 * Context: Any context.
 * Return: 0 for success, -EIO for a hardware error or an unknown status,
 * -EINVAL for a parameter error, -EEXIST when a dump is already
 * registered, -EBUSY when a dump is active and must be invalidated first,
 * -EAGAIN for a busy or extended-delay status.
 */
VISIBLE_IF_KUNIT int rtas_kdump_status_errno(int status)
{
	switch (status) {
	case RTAS_SUCCESS:
		return 0;
	case RTAS_INVALID_PARAMETER:
		return -EINVAL;
	case RTAS_KDUMP_ALREADY_REGISTERED:
		return -EEXIST;
	case RTAS_KDUMP_DUMP_ACTIVE:
		return -EBUSY;
	case RTAS_BUSY:
	case RTAS_EXTENDED_DELAY_MIN ... RTAS_EXTENDED_DELAY_MAX:
		return -EAGAIN;
	case RTAS_HARDWARE_ERROR:
	default:
		return -EIO;
	}
}

/**
 * rtas_kdump_status_str() - describe an ibm,configure-kernel-dump status
 * @status: RTAS status returned by the call
 *
 * Context: Any context.
 * Return: a constant string for log messages.
 */
VISIBLE_IF_KUNIT const char *rtas_kdump_status_str(int status)
{
	switch (status) {
	case RTAS_SUCCESS:
		return "success";
	case RTAS_HARDWARE_ERROR:
		return "hardware error";
	case RTAS_INVALID_PARAMETER:
		return "parameter error";
	case RTAS_KDUMP_ALREADY_REGISTERED:
		return "a dump is already registered";
	case RTAS_KDUMP_DUMP_ACTIVE:
		return "a dump is active and must be invalidated first";
	case RTAS_BUSY:
	case RTAS_EXTENDED_DELAY_MIN ... RTAS_EXTENDED_DELAY_MAX:
		return "firmware busy";
	default:
		return "unexpected status";
	}
}

/**
 * rtas_kdump_retry() - repeat an RTAS call while the firmware is busy
 * @call: makes the call once and returns its RTAS status
 * @ctx: passed to @call
 * @budget_ms: give up when retrying would take longer than this
 * @status: the last status @call returned
 *
 * Busy (-2) and extended-delay (990x) statuses are retried with
 * rtas_busy_delay(), whose sleeps are at most one second each.
 *
 * Context: Process context, may sleep.
 * Return: 0 when @call returned a final status (in @status, which may be
 * an error), -ETIMEDOUT when the firmware was still busy after @budget_ms.
 */
VISIBLE_IF_KUNIT int rtas_kdump_retry(int (*call)(void *ctx), void *ctx,
				      unsigned int budget_ms, int *status)
{
	ktime_t deadline = ktime_add_ms(ktime_get(), budget_ms);
	unsigned int wait_ms;

	for (;;) {
		*status = call(ctx);
		if (!rkd_is_busy(*status))
			return 0;
		wait_ms = min(rtas_busy_delay_time(*status), 1000U);
		if (ktime_after(ktime_add_ms(ktime_get(), wait_ms), deadline))
			return -ETIMEDOUT;
		rtas_busy_delay(*status);
	}
}

/**
 * rtas_kdump_pick_version() - choose a dump format version
 * @prop: "ibm,configure-kernel-dump-version", or NULL if absent
 * @len: its length in bytes
 * @version: the chosen version
 *
 * The property holds the lowest and the highest format version the
 * firmware supports, as two 16-bit big-endian numbers. QEMU stores them
 * in host byte order, so on a little-endian host 1 reads as 0x0100: such
 * a pair, both with an empty low byte, is taken as byte-swapped. The
 * highest version in the range that we support is chosen.
 *
 * Context: Any context.
 * Return: 0 with @version set, -ENOENT if @prop is NULL, -EINVAL if it is
 * malformed, -ENODEV if it lists no version we support.
 */
VISIBLE_IF_KUNIT int rtas_kdump_pick_version(const void *prop, int len,
					     u32 *version)
{
	u16 lo, hi;

	if (!prop)
		return -ENOENT;
	if (len != 2 * sizeof(__be16)) {
		pr_err("ibm,configure-kernel-dump-version: %d bytes, expected %zu\n",
		       len, 2 * sizeof(__be16));
		return -EINVAL;
	}

	lo = get_unaligned_be16(prop);
	hi = get_unaligned_be16(prop + sizeof(__be16));
	if (lo > 0xff && hi > 0xff && !(lo & 0xff) && !(hi & 0xff)) {
		pr_info("ibm,configure-kernel-dump-version: versions %#x-%#x look byte-swapped, reading %u-%u\n",
			lo, hi, swab16(lo), swab16(hi));
		lo = swab16(lo);
		hi = swab16(hi);
	}
	if (lo > hi) {
		pr_err("ibm,configure-kernel-dump-version: lowest version %u above highest %u\n",
		       lo, hi);
		return -EINVAL;
	}
	if (lo > RTAS_KDUMP_FORMAT_V1 || hi < RTAS_KDUMP_FORMAT_V1) {
		pr_warn_once("firmware offers dump format versions %u-%u, this kernel only speaks %u\n",
			     lo, hi, RTAS_KDUMP_FORMAT_V1);
		return -ENODEV;
	}
	*version = RTAS_KDUMP_FORMAT_V1;
	return 0;
}

/* One (type, size) entry of ibm,configure-kernel-dump-sizes, once per type */
static int rkd_take_size(u32 type, u64 size, bool *have, u64 *out)
{
	if (*have) {
		pr_err("ibm,configure-kernel-dump-sizes: %s size given twice\n",
		       rtas_kdump_type_name(type));
		return -EINVAL;
	}
	*have = true;
	*out = size;
	return 0;
}

/**
 * rtas_kdump_parse_sizes() - read "ibm,configure-kernel-dump-sizes"
 * @prop: the property, or NULL if absent
 * @len: its length in bytes
 * @cpu_state_size: the CPU state section size
 * @hpte_size: the HPTE section size, 0 if not offered
 *
 * The property is a list of (section type, 64-bit size) entries of three
 * cells. A CPU state size is mandatory; an HPTE size of 0 (or none) means
 * the firmware does not dump the HPTE. Types we do not know are ignored.
 *
 * Context: Any context.
 * Return: 0 on success, -ENOENT if @prop is NULL, -EINVAL if it is
 * malformed.
 */
VISIBLE_IF_KUNIT int rtas_kdump_parse_sizes(const void *prop, int len,
					    u64 *cpu_state_size, u64 *hpte_size)
{
	const int esize = RTAS_KDUMP_SIZES_ENTRY_CELLS * sizeof(__be32);
	bool have_cpu = false, have_hpte = false;
	const u8 *p = prop;
	int i, n;

	*cpu_state_size = 0;
	*hpte_size = 0;
	if (!prop) {
		pr_err("firmware has no ibm,configure-kernel-dump-sizes\n");
		return -ENOENT;
	}
	if (len <= 0 || len % esize) {
		pr_err("ibm,configure-kernel-dump-sizes: %d bytes, not a whole number of %d-byte entries\n",
		       len, esize);
		return -EINVAL;
	}
	n = len / esize;
	if (n > RTAS_KDUMP_SIZES_MAX_ENTRIES) {
		pr_err("ibm,configure-kernel-dump-sizes: %d entries, at most %d expected\n",
		       n, RTAS_KDUMP_SIZES_MAX_ENTRIES);
		return -EINVAL;
	}

	for (i = 0; i < n; i++, p += esize) {
		u32 type = get_unaligned_be32(p);
		u64 size = (u64)get_unaligned_be32(p + 4) << 32 |
			   get_unaligned_be32(p + 8);

		if (type == RTAS_KDUMP_CPU_STATE) {
			if (rkd_take_size(type, size, &have_cpu, cpu_state_size))
				return -EINVAL;
		} else if (type == RTAS_KDUMP_HPTE) {
			if (rkd_take_size(type, size, &have_hpte, hpte_size))
				return -EINVAL;
		} else {
			pr_debug("ignoring the size of unknown section type %#x\n",
				 type);
		}
	}

	if (!*cpu_state_size) {
		pr_err("ibm,configure-kernel-dump-sizes: no CPU state size\n");
		return -EINVAL;
	}
	/* Several KB per CPU; anything near this is nonsense. */
	if (*cpu_state_size > SZ_256M) {
		pr_err("ibm,configure-kernel-dump-sizes: CPU state size %llu is implausible\n",
		       *cpu_state_size);
		return -EINVAL;
	}
	/* No hash page table is larger than 2^46 bytes (1/64 of 4 PiB). */
	if (*hpte_size > RTAS_KDUMP_MAX_HPTE_SIZE) {
		pr_err("ibm,configure-kernel-dump-sizes: HPTE size %#llx is larger than any hash page table (%#llx)\n",
		       *hpte_size, RTAS_KDUMP_MAX_HPTE_SIZE);
		return -EINVAL;
	}
	return 0;
}

/* The RMA is the first memory block; QEMU and PowerVM put it in memory@0. */
static u64 __init rkd_rma_top(void)
{
	unsigned long root = of_get_flat_dt_root();
	const __be32 *p;
	int node, len, ac = 2, sc = 1;
	u64 size;

	p = of_get_flat_dt_prop(root, "#address-cells", &len);
	if (p && len == sizeof(*p))
		ac = be32_to_cpup(p);
	p = of_get_flat_dt_prop(root, "#size-cells", &len);
	if (p && len == sizeof(*p))
		sc = be32_to_cpup(p);

	node = of_get_flat_dt_subnode_by_name(root, "memory@0");
	p = node < 0 ? NULL : of_get_flat_dt_prop(node, "reg", &len);
	if (!p || ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
	    len < (ac + sc) * (int)sizeof(*p) || of_read_number(p, ac)) {
		pr_info("no usable /memory@0, assuming a %u MiB RMA\n",
			(unsigned int)(RKD_RMA_FALLBACK / SZ_1M));
		return RKD_RMA_FALLBACK;
	}
	size = of_read_number(p + ac, sc);
	if (!size)
		return RKD_RMA_FALLBACK;
	/* The registration structure's address is a 32-bit RTAS argument. */
	return min_t(u64, size, SZ_4G);
}

/* The ibm,configure-kernel-dump token, RTAS_UNKNOWN_SERVICE if unusable */
static s32 __init rkd_probe_token(unsigned long node)
{
	const void *prop;
	s32 token;
	int len;

	prop = of_get_flat_dt_prop(node, "ibm,configure-kernel-dump", &len);
	if (!prop) {
		pr_info("the firmware has no ibm,configure-kernel-dump\n");
		return RTAS_UNKNOWN_SERVICE;
	}
	if (len != sizeof(__be32)) {
		pr_err("ibm,configure-kernel-dump: %d bytes, expected a 4-byte token\n",
		       len);
		return RTAS_UNKNOWN_SERVICE;
	}
	token = get_unaligned_be32(prop);
	if (token == RTAS_UNKNOWN_SERVICE)
		pr_err("ibm,configure-kernel-dump: invalid token %#x\n", token);
	return token;
}

/* The dump format version and the section sizes the firmware offers */
static int __init rkd_probe_format(unsigned long node, u32 *version,
				   u64 *cpu_state, u64 *hpte)
{
	const void *prop;
	int len, ret;

	prop = of_get_flat_dt_prop(node, "ibm,configure-kernel-dump-version",
				   &len);
	ret = rtas_kdump_pick_version(prop, len, version);
	if (ret == -ENOENT) {
		pr_info("no ibm,configure-kernel-dump-version, assuming format version %u\n",
			RTAS_KDUMP_FORMAT_V1);
		*version = RTAS_KDUMP_FORMAT_V1;
	} else if (ret) {
		return -ENODEV;
	}

	prop = of_get_flat_dt_prop(node, "ibm,configure-kernel-dump-sizes",
				   &len);
	if (rtas_kdump_parse_sizes(prop, len, cpu_state, hpte))
		return -ENODEV;
	return 0;
}

/**
 * rtas_kdump_keep_active() - keep ibm,kernel-dump for the invalidation
 * @dst: %RTAS_KDUMP_MAX_STRUCT_SIZE bytes
 * @prop: the property
 * @len: its length
 *
 * The invalidation hands the firmware its own structure back. One of a
 * length we cannot parse is still the best there is: its first bytes,
 * as many as fit, and zeros after them, at least a header's worth.
 *
 * Context: Any context.
 * Return: how many bytes of @dst to pass to the invalidation.
 */
VISIBLE_IF_KUNIT size_t rtas_kdump_keep_active(u8 *dst, const void *prop,
					       int len)
{
	size_t n = clamp(len, 0, RTAS_KDUMP_MAX_STRUCT_SIZE);

	memset(dst, 0, RTAS_KDUMP_MAX_STRUCT_SIZE);
	memcpy(dst, prop, n);
	return max(n, sizeof(struct rtas_kdump_header));
}

/* A dump is active if ibm,kernel-dump is there: keep a copy of it */
static void __init rkd_probe_active(unsigned long node,
				    struct fadump_fw_info *fw)
{
	const void *prop;
	int len;

	prop = of_get_flat_dt_prop(node, "ibm,kernel-dump", &len);
	if (!prop)
		return;
	fw->dump_active = true;
	rkd.dump_active = true;
	rkd.active_prop_len = len;
	rkd.inval_len = rtas_kdump_keep_active(rkd_active, prop, len);
	if (len < (int)sizeof(struct rtas_kdump_header) ||
	    len > RTAS_KDUMP_MAX_STRUCT_SIZE)
		pr_err("ibm,kernel-dump: %d bytes, expected %zu to %d; the dump is unusable, its first %u bytes are kept for the invalidation\n",
		       len, sizeof(struct rtas_kdump_header),
		       RTAS_KDUMP_MAX_STRUCT_SIZE, rkd.inval_len);
	else
		rkd.active_len = len;
	pr_info("dump active: ibm,kernel-dump at %#llx, %d bytes\n",
		(u64)__pa(prop), len);
}

/**
 * rtas_fadump_probe() - read the firmware's dump support from /rtas
 * @node: the /rtas node in the flat device tree
 * @fw: filled with what the firmware offers
 *
 * Context: Early boot, flat device tree only.
 * Return: 0, or -ENODEV if the firmware has no (usable) dump support.
 */
static int __init rtas_fadump_probe(unsigned long node,
				    struct fadump_fw_info *fw)
{
	u64 cpu_state, hpte;
	u32 version, fixed;
	s32 token;

	memset(fw, 0, sizeof(*fw));
	token = rkd_probe_token(node);
	if (token == RTAS_UNKNOWN_SERVICE ||
	    rkd_probe_format(node, &version, &cpu_state, &hpte))
		return -ENODEV;

	rkd.token = token;
	rkd.caps.version = version;
	rkd.caps.cpu_state_size = cpu_state;
	rkd.caps.hpte_size = hpte;
	/* OS-defined section types (0x100 and up) are part of version 1. */
	rkd.caps.param_area = true;
	rkd.max_meta_addr = rkd_rma_top();

	fixed = 1 + !!hpte + rkd.caps.param_area;
	fw->version = version;
	fw->max_boot_ranges = min_t(u32, RTAS_KDUMP_MAX_SECTIONS - fixed,
				    FADUMP_MAX_BOOT_RANGES);
	fw->cpu_state_size = cpu_state;
	fw->hpte_size = hpte;
	fw->boot_align = PAGE_SIZE;
	fw->min_boot_mem = RTAS_KDUMP_MIN_BOOT_MEM;
	fw->max_meta_addr = rkd.max_meta_addr;
	fw->param_area = rkd.caps.param_area;

	rkd_probe_active(node, fw);

	pr_info("format version %u, CPU state %llu bytes, HPTE %llu bytes, up to %u boot memory ranges, RMA below %#llx\n",
		version, cpu_state, hpte, fw->max_boot_ranges,
		rkd.max_meta_addr);
	return 0;
}

struct rkd_call {
	int cmd;
	u32 addr;
	u32 len;
};

static int rkd_call_once(void *ctx)
{
	const struct rkd_call *c = ctx;

	return rtas_call(rkd.token, 3, 1, NULL, c->cmd, c->addr, c->len);
}

/* ibm,configure-kernel-dump @cmd on the structure @buf of @len bytes */
static int rkd_configure(int cmd, const void *buf, size_t len)
{
	static const char * const names[] = {
		[RTAS_KDUMP_CMD_REGISTER] = "register",
		[RTAS_KDUMP_CMD_UNREGISTER] = "unregister",
		[RTAS_KDUMP_CMD_INVALIDATE] = "invalidate",
	};
	u64 pa = __pa(buf);
	struct rkd_call c = { .cmd = cmd, .addr = pa, .len = len };
	int ret, status;

	if (rkd.token == RTAS_UNKNOWN_SERVICE)
		return -ENODEV;
	if (pa + len > rkd.max_meta_addr) {
		pr_err("%s: structure at %#llx (+%zu) is not below the RMA top %#llx\n",
		       names[cmd], pa, len, rkd.max_meta_addr);
		return -EINVAL;
	}

	ret = rtas_kdump_retry(rkd_call_once, &c, RTAS_KDUMP_BUSY_BUDGET_MS,
			       &status);
	if (ret) {
		pr_err("%s: firmware still busy after %u ms (status %d), giving up\n",
		       names[cmd], RTAS_KDUMP_BUSY_BUDGET_MS, status);
		return ret;
	}
	/* The core replaces an earlier boot's registration; no error. */
	if (cmd == RTAS_KDUMP_CMD_REGISTER &&
	    status == RTAS_KDUMP_ALREADY_REGISTERED)
		return -EEXIST;
	if (status) {
		pr_err("%s failed: %s (RTAS status %d)\n", names[cmd],
		       rtas_kdump_status_str(status), status);
		return rtas_kdump_status_errno(status);
	}
	return 0;
}

/**
 * rtas_fadump_prepare() - build the registration structure
 * @l: layout from the core
 *
 * Context: Process context.
 * Return: 0, -EBUSY while registered, or -EINVAL if @l cannot be
 * expressed.
 */
static int rtas_fadump_prepare(const struct fadump_layout *l)
{
	int ret;

	if (rkd.registered) {
		pr_err("prepare: a dump is registered, unregister it first\n");
		return -EBUSY;
	}
	rkd.prepared = false;
	ret = rtas_kdump_build(&rkd_reg, l, &rkd.caps);
	if (ret)
		return ret;
	if (__pa(&rkd_reg) + sizeof(rkd_reg) > rkd.max_meta_addr) {
		pr_err("prepare: registration structure at %#llx is not below the RMA top %#llx\n",
		       (u64)__pa(&rkd_reg), rkd.max_meta_addr);
		return -EINVAL;
	}
	rkd.prepared = true;
	return 0;
}

/**
 * rtas_fadump_register() - register the prepared structure
 *
 * Context: Process context, may sleep.
 * Return: 0 or -errno (see rtas_kdump_status_errno()).
 */
static int rtas_fadump_register(void)
{
	int ret;

	if (!rkd.prepared) {
		pr_err("register: no registration structure prepared\n");
		return -EINVAL;
	}
	ret = rkd_configure(RTAS_KDUMP_CMD_REGISTER, &rkd_reg, sizeof(rkd_reg));
	if (!ret)
		rkd.registered = true;
	return ret;
}

/**
 * rtas_fadump_unregister() - unregister the dump structure
 *
 * Context: Process context, may sleep.
 * Return: 0 or -errno.
 */
static int rtas_fadump_unregister(void)
{
	int ret;

	ret = rkd_configure(RTAS_KDUMP_CMD_UNREGISTER, &rkd_reg,
			    sizeof(rkd_reg));
	if (!ret)
		rkd.registered = false;
	return ret;
}

/**
 * rtas_fadump_invalidate() - release the preserved dump in the firmware
 *
 * Context: Process context, may sleep.
 * Return: 0 or -errno.
 */
static int rtas_fadump_invalidate(void)
{
	int ret;

	ret = rkd_configure(RTAS_KDUMP_CMD_INVALIDATE, rkd_active,
			    rkd.inval_len ?: sizeof(struct rtas_kdump_header));
	if (!ret)
		rkd.dump_active = false;
	return ret;
}

/**
 * rtas_fadump_read_dump() - parse and validate ibm,kernel-dump
 * @info: filled with the dump's sections
 *
 * RAM is what memblock says, or before memblock is populated what the
 * flat device tree's memory nodes and dynamic memory LMBs say.
 *
 * Context: Any time after probe, including the early flat tree scan.
 * Return: 0, or -EINVAL after a pr_err() of what is wrong.
 */
static int rtas_fadump_read_dump(struct fadump_dump_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!rkd.dump_active) {
		pr_err("read_dump: no active dump\n");
		return -EINVAL;
	}
	if (!rkd.active_len) {
		pr_err("read_dump: ibm,kernel-dump has an unusable length (%d bytes)\n",
		       rkd.active_prop_len);
		return -EINVAL;
	}
	return rtas_kdump_check(rkd_active, rkd.active_len,
				memblock_phys_mem_size() ? rtas_kdump_in_ram :
							   rtas_kdump_in_ram_fdt,
				info);
}

/**
 * rtas_fadump_cpu_regs() - walk the saved CPU registers
 * @info: as filled by rtas_fadump_read_dump()
 * @fn: called per CPU with its id and registers
 * @arg: passed to @fn
 *
 * Context: Process context; allocates with GFP_KERNEL.
 * Return: 0, @fn's first non-zero return, or -errno.
 */
static int rtas_fadump_cpu_regs(const struct fadump_dump_info *info,
				rtas_kdump_cpu_fn fn, void *arg)
{
	if (!info->cpu_state_len ||
	    !rtas_kdump_in_ram(info->cpu_state_pa, info->cpu_state_len)) {
		pr_err("register save area %#llx (+%#llx) is not RAM\n",
		       info->cpu_state_pa, info->cpu_state_len);
		return -EINVAL;
	}
	return rtas_kdump_walk_regs(__va(info->cpu_state_pa),
				    info->cpu_state_len, RTAS_KDUMP_MAX_CPUS,
				    fn, arg);
}

/**
 * rtas_fadump_trigger() - ask the firmware to take the dump
 * @msg: reason, passed to ibm,os-term
 *
 * With a dump registered the firmware preserves memory and reboots
 * instead of terminating the partition. Unlike rtas_os_term() this does
 * not require "ibm,extended-os-term": not returning is what we want. It
 * uses its own argument buffer and rtas_call_unlocked(), so a CPU that
 * stopped while holding the RTAS lock cannot block it, and it only
 * busy-waits.
 *
 * Context: Crash path: interrupts off, no sleeping, no allocation.
 */
static void rtas_fadump_trigger(const char *msg)
{
	s32 token = rtas_function_token(RTAS_FN_IBM_OS_TERM);
	unsigned int waited_us = 0, delay_us, i;
	int status;

	BUILD_BUG_ON(RKD_TERM_BUSY_BUDGET_US / 1000 + 100 + RKD_TERM_WAIT_MS >
		     FADUMP_TRIGGER_MAX_MS);
	if (token == RTAS_UNKNOWN_SERVICE) {
		pr_emerg("no ibm,os-term: cannot start the firmware-assisted dump\n");
		return;
	}
	strscpy(rkd_term_msg, msg ?: "", sizeof(rkd_term_msg));

	for (;;) {
		rtas_call_unlocked(&rkd_term_args, token, 1, 1,
				   (u32)__pa(rkd_term_msg));
		status = be32_to_cpu(rkd_term_args.rets[0]);
		if (!rkd_is_busy(status))
			break;
		if (waited_us >= RKD_TERM_BUSY_BUDGET_US) {
			pr_emerg("ibm,os-term still busy (status %d) after %u us\n",
				 status, waited_us);
			return;
		}
		delay_us = status == RTAS_BUSY ? 100 :
			   min(rtas_busy_delay_time(status), 100U) * 1000;
		if (delay_us >= 1000)
			mdelay(delay_us / 1000);
		else
			udelay(delay_us);
		waited_us += delay_us;
	}
	if (status) {
		pr_emerg("ibm,os-term failed with RTAS status %d: no firmware-assisted dump\n",
			 status);
		return;
	}

	/* QEMU returns and resets the partition a moment later. */
	for (i = 0; i < RKD_TERM_WAIT_MS; i++)
		mdelay(1);
	pr_emerg("the firmware returned from ibm,os-term without taking the dump\n");
}

const struct fadump_ops rtas_fadump_ops = {
	.name			= "rtas",
	.probe			= rtas_fadump_probe,
	.prepare		= rtas_fadump_prepare,
	.register_dump		= rtas_fadump_register,
	.unregister_dump	= rtas_fadump_unregister,
	.invalidate_dump	= rtas_fadump_invalidate,
	.read_dump		= rtas_fadump_read_dump,
	.for_each_cpu_regs	= rtas_fadump_cpu_regs,
	.trigger		= rtas_fadump_trigger,
};
