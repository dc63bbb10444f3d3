// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump, PowerNV backend: the OPAL core.
 *
 * An MPIPL preserves OPAL's own memory too: OPAL_MPIPL_TAG_OPAL lists
 * where the firmware copied it. After an MPIPL boot this file exports it,
 * with every thread's registers, as a big-endian ELF core in
 * /sys/firmware/opal/mpipl/core (root only), for debugging the firmware
 * with gdb. Writing 1 to /sys/firmware/opal/mpipl/release_core removes
 * the file and frees its headers. The copy lies in memory that OPAL keeps
 * reserved ("ibm,firmware-dump" in /reserved-memory), so the export does
 * not depend on the kernel's dump: releasing that leaves this one.
 *
 * Every region must lie in OPAL's dump reservation, or there is no OPAL
 * core; the headers are built by opal_fadump_core_build()
 * (opal-fadump-parse.c), the data is read in place.
 */

#define pr_fmt(fmt) "fadump: opal: " fmt

#include <linux/init.h>
#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>

#include <asm/opal.h>

#include "opal-fadump-mpipl.h"

static struct {
	struct mutex lock;		/* serialises reads and the release */
	struct kobject *kobj;		/* /sys/firmware/opal/mpipl */
	void *hdr;			/* the ELF headers and notes */
	size_t hdr_size;
	struct opal_fadump_opal_mem om;
	bool exported;
} ofc = {
	.lock = __MUTEX_INITIALIZER(ofc.lock),
};

/* Is [@base, @base + @size) inside one "ibm,firmware-dump" reservation? */
static bool ofc_in_dump_reservation(u64 base, u64 size)
{
	struct device_node *rsv, *np;
	struct resource res;
	bool ok = false;

	rsv = of_find_node_by_path("/reserved-memory");
	if (!rsv)
		return false;
	for_each_child_of_node(rsv, np) {
		if (!of_node_name_prefix(np, "ibm,firmware-dump") ||
		    of_address_to_resource(np, 0, &res))
			continue;
		if (fadump_inside(base, size, res.start, resource_size(&res))) {
			ok = true;
			of_node_put(np);
			break;
		}
	}
	of_node_put(rsv);
	return ok;
}

/* Copy @count bytes of region data from @pa to @buf */
static int ofc_read_mem(char *buf, u64 pa, size_t count)
{
	void *p = memremap(pa, count, MEMREMAP_WB);

	if (!p)
		return -ENOMEM;
	memcpy(buf, p, count);
	memunmap(p);
	return 0;
}

static ssize_t core_read(struct file *file, struct kobject *kobj,
			 struct bin_attribute *attr, char *buf, loff_t off,
			 size_t count)
{
	size_t done = 0, n;
	u64 seg = ofc.hdr_size;
	ssize_t rc = 0;
	u32 i;

	mutex_lock(&ofc.lock);
	if (!ofc.exported) {
		rc = -ENODEV;
		goto out;
	}
	if (off < ofc.hdr_size) {
		n = min_t(size_t, count, ofc.hdr_size - off);
		memcpy(buf, ofc.hdr + off, n);
		done = n;
	}
	for (i = 0; i < ofc.om.nr && done < count; i++) {
		u64 pos = off + done, size = ofc.om.r[i].size;

		if (pos >= seg + size) {
			seg += size;
			continue;
		}
		n = min_t(u64, count - done, seg + size - pos);
		rc = ofc_read_mem(buf + done, ofc.om.r[i].dst + (pos - seg), n);
		if (rc)
			goto out;
		done += n;
		seg += size;
	}
	rc = done;
out:
	mutex_unlock(&ofc.lock);
	return rc;
}

static struct bin_attribute ofc_core_attr = {
	.attr = { .name = "core", .mode = 0400 },
	.read = core_read,
};

static ssize_t release_core_store(struct kobject *kobj,
				  struct kobj_attribute *attr,
				  const char *buf, size_t count)
{
	if (!sysfs_streq(buf, "1"))
		return -EINVAL;
	mutex_lock(&ofc.lock);
	if (ofc.exported) {
		ofc.exported = false;
		sysfs_remove_bin_file(ofc.kobj, &ofc_core_attr);
		vfree(ofc.hdr);
		ofc.hdr = NULL;
		pr_info("OPAL core released\n");
	}
	mutex_unlock(&ofc.lock);
	return count;
}

static struct kobj_attribute ofc_release_attr = __ATTR_WO(release_core);

/* Every thread's registers, for the notes; *@nr of them */
struct ofc_threads {
	struct opal_fadump_core_thread *t;
	u32 nr, max;
};

static int ofc_collect(u32 cpu_id, const struct pt_regs *regs, void *arg)
{
	struct ofc_threads *c = arg;

	if (c->nr >= c->max)
		return -E2BIG;
	c->t[c->nr].pir = cpu_id;
	c->t[c->nr].regs = *regs;
	c->nr++;
	return 0;
}

static int __init ofc_build(const struct opal_fadump_cpu_data *cd)
{
	struct ofc_threads c = { .max = cd->size / cd->thread_size };
	u64 total;
	int rc;
	u32 i;

	c.t = kvcalloc(c.max, sizeof(*c.t), GFP_KERNEL);
	if (!c.t)
		return -ENOMEM;
	rc = opal_fadump_walk_regs(__va(cd->pa), cd->size, cd->thread_size,
				   ofc_collect, &c);
	if (rc)
		goto out;
	ofc.hdr_size = opal_fadump_core_hdr_size(ofc.om.nr, c.nr);
	ofc.hdr = vzalloc(ofc.hdr_size);
	if (!ofc.hdr) {
		rc = -ENOMEM;
		goto out;
	}
	rc = opal_fadump_core_build(ofc.hdr, ofc.hdr_size, &ofc.om, c.t, c.nr);
	if (rc)
		goto out;
	total = ofc.hdr_size;
	for (i = 0; i < ofc.om.nr; i++)
		total += ofc.om.r[i].size;
	ofc_core_attr.size = total;
	pr_info("OPAL core: %u region(s), %u thread(s), %llu bytes in /sys/firmware/opal/mpipl/core\n",
		ofc.om.nr, c.nr, total);
out:
	kvfree(c.t);
	if (rc) {
		vfree(ofc.hdr);
		ofc.hdr = NULL;
	}
	return rc;
}

static int __init opal_fadump_core_init(void)
{
	struct opal_fadump_cpu_data cd;
	int rc;
	u32 i;

	if (!opal_kobj || !opal_fadump_opal_core_data(&ofc.om, &cd))
		return 0;
	for (i = 0; i < ofc.om.nr; i++) {
		if (!ofc_in_dump_reservation(ofc.om.r[i].dst, ofc.om.r[i].size)) {
			pr_err("OPAL core: region %u's copy [%#llx, %#llx bytes] is not in OPAL's ibm,firmware-dump reservation: no OPAL core\n",
			       i, ofc.om.r[i].dst, ofc.om.r[i].size);
			return 0;
		}
	}
	if (!cd.thread_size || !cd.size)
		return 0;
	rc = ofc_build(&cd);
	if (rc) {
		pr_err("OPAL core: cannot build its headers (%d)\n", rc);
		return 0;
	}
	ofc.kobj = kobject_create_and_add("mpipl", opal_kobj);
	if (!ofc.kobj) {
		rc = -ENOMEM;
		goto fail;
	}
	rc = sysfs_create_file(ofc.kobj, &ofc_release_attr.attr);
	if (rc)
		goto fail;
	rc = sysfs_create_bin_file(ofc.kobj, &ofc_core_attr);
	if (rc)
		goto fail;
	ofc.exported = true;
	return 0;
fail:
	pr_err("OPAL core: cannot create /sys/firmware/opal/mpipl (%d)\n", rc);
	kobject_put(ofc.kobj);
	ofc.kobj = NULL;
	vfree(ofc.hdr);
	ofc.hdr = NULL;
	return 0;
}
late_initcall(opal_fadump_core_init);
