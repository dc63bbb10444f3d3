/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firmware-assisted dump (fadump): the hooks the rest of the kernel calls.
 *
 * The implementation lives in arch/powerpc/kernel/fadump*.c; the interface
 * to the firmware backends is in asm/fadump-internal.h. A kernel built
 * with CONFIG_PRESERVE_FA_DUMP instead (a bootloader that loads the
 * capturing kernel with kexec) has only the two early-boot hooks, from
 * arch/powerpc/platforms/powernv/opal-fadump-preserve.c.
 */
#ifndef _ASM_POWERPC_FADUMP_H
#define _ASM_POWERPC_FADUMP_H

#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct iov_iter;
struct pt_regs;

#ifdef CONFIG_FA_DUMP

/* The CPU that crashed (set by the kdump and fadump crash paths). */
extern int crashing_cpu;

bool is_fadump_memory_area(u64 addr, u64 size);
bool is_fadump_active(void);
bool should_fadump_crash(void);
void crash_fadump(struct pt_regs *regs, const char *str);
void fadump_cleanup(void);
void fadump_append_bootargs(void);
void fadump_setup_param_area(void);
void fadump_cma_init(void);
int fadump_read_oldmem(struct iov_iter *iter, unsigned long paddr,
		       size_t *size);

#else /* !CONFIG_FA_DUMP */

static inline bool is_fadump_memory_area(u64 addr, u64 size)
{
	return false;
}

static inline bool is_fadump_active(void)
{
	return false;
}

static inline bool should_fadump_crash(void)
{
	return false;
}

static inline void crash_fadump(struct pt_regs *regs, const char *str) { }
static inline void fadump_cleanup(void) { }
static inline void fadump_append_bootargs(void) { }
static inline void fadump_setup_param_area(void) { }
static inline void fadump_cma_init(void) { }

static inline int fadump_read_oldmem(struct iov_iter *iter,
				     unsigned long paddr, size_t *size)
{
	return -ENOENT;
}

#endif /* CONFIG_FA_DUMP */

#if defined(CONFIG_FA_DUMP) || defined(CONFIG_PRESERVE_FA_DUMP)

int early_init_dt_scan_fw_dump(unsigned long node, const char *uname,
			       int depth, void *data);
int fadump_reserve_mem(void);

#else

static inline int early_init_dt_scan_fw_dump(unsigned long node,
					     const char *uname, int depth,
					     void *data)
{
	return 0;
}

static inline int fadump_reserve_mem(void)
{
	return 0;
}

#endif /* CONFIG_FA_DUMP || CONFIG_PRESERVE_FA_DUMP */

#endif /* _ASM_POWERPC_FADUMP_H */
