// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the files in /sys/kernel/fadump.
 *
 * enabled, registered, mem_reserved, hotplug_ready and bootargs_append,
 * plus release_mem and release_region in a capture kernel, and the older
 * names
 * /sys/kernel/fadump_{enabled,registered,release_mem} as links. Writes
 * are parsed strictly (fadump_parse_bool()) and take fadump_mutex; the
 * work is done by fadump_register_locked(), fadump_unregister_locked()
 * (fadump.c), fadump_release_locked() (fadump-release.c) and
 * fadump_release_range_locked() (fadump-release-range.c).
 * Documentation/ABI/testing/sysfs-kernel-fadump describes the files.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <asm/fadump-internal.h>
#include <asm/setup.h>

#include "fadump-core.h"

/* Both release files go once nothing is held and nothing is left to retry. */
static void fadump_remove_release_files(struct kobject *kobj,
					struct kobj_attribute *self);

static ssize_t enabled_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", fadump.enabled);
}

static ssize_t registered_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(fadump.registered));
}

static ssize_t registered_store(struct kobject *kobj,
				struct kobj_attribute *attr,
				const char *buf, size_t count)
{
	bool val;
	int rc;

	if (fadump_parse_bool(buf, count, &val)) {
		pr_warn_ratelimited("registered: write 0 or 1\n");
		return -EINVAL;
	}

	mutex_lock(&fadump_mutex);
	if (!fadump.enabled) {
		pr_warn_ratelimited("registered: fadump is not enabled (boot with fadump=on)\n");
		rc = -ENODEV;
	} else if (val) {
		rc = fadump_register_locked();
	} else {
		rc = fadump_unregister_locked();
	}
	mutex_unlock(&fadump_mutex);
	return rc ?: count;
}

static ssize_t release_mem_store(struct kobject *kobj,
				 struct kobj_attribute *attr,
				 const char *buf, size_t count)
{
	bool val;
	int rc;

	if (fadump_parse_bool(buf, count, &val) || !val) {
		pr_warn_ratelimited("release_mem: write 1 to release the dump\n");
		return -EINVAL;
	}

	mutex_lock(&fadump_mutex);
	rc = fadump_release_locked();
	mutex_unlock(&fadump_mutex);
	fadump_remove_release_files(kobj, attr);
	return rc ?: count;
}

static ssize_t release_region_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return fadump_show_held_ranges(buf);
}

static ssize_t release_region_store(struct kobject *kobj,
				    struct kobj_attribute *attr,
				    const char *buf, size_t count)
{
	u64 start, size;
	bool done;
	int rc;

	if (fadump_parse_range(buf, count, &start, &size)) {
		pr_warn_ratelimited("release_region: write \"<start> <size>\", e.g. \"0x40000000 0x10000000\"\n");
		return -EBADMSG;
	}

	mutex_lock(&fadump_mutex);
	rc = fadump_release_range_locked(start, size);
	done = !fadump.holding;
	mutex_unlock(&fadump_mutex);
	if (done)
		fadump_remove_release_files(kobj, attr);
	return rc ?: count;
}

static ssize_t mem_reserved_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  fadump.reserved ? fadump.layout.area_size : 0);
}

static ssize_t hotplug_ready_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	/* Adding memory never needs a new registration. */
	return sysfs_emit(buf, "%d\n", fadump.enabled);
}

static ssize_t bootargs_append_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	const struct fadump_layout *l = &fadump.layout;
	ssize_t len;

	mutex_lock(&fadump_mutex);
	if (l->param_size)
		len = sysfs_emit(buf, "%.*s\n",
				 (int)strnlen(__va(l->param_pa), l->param_size),
				 (char *)__va(l->param_pa));
	else
		len = sysfs_emit(buf, "\n");
	mutex_unlock(&fadump_mutex);
	return len;
}

/*
 * Longest string bootargs_append takes: it must fit in the bootargs area
 * and, after a space, on a command line like this kernel's.
 */
static size_t fadump_bootargs_max(void)
{
	size_t room = COMMAND_LINE_SIZE - 2;

	room = saved_command_line_len < room ? room - saved_command_line_len : 0;
	return min_t(size_t, room, fadump.layout.param_size - 1);
}

static ssize_t bootargs_append_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	const struct fadump_layout *l = &fadump.layout;
	size_t len = count;
	char *area;
	int rc = 0;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!fadump_printable(buf, len)) {
		pr_warn_ratelimited("bootargs_append: only printable ASCII characters are allowed\n");
		return -EINVAL;
	}

	mutex_lock(&fadump_mutex);
	if (!fadump.enabled || !l->param_size) {
		pr_warn_ratelimited("bootargs_append: the firmware keeps no parameter area\n");
		rc = -EOPNOTSUPP;
	} else if (len > fadump_bootargs_max()) {
		pr_warn_ratelimited("bootargs_append: %zu bytes is too long, at most %zu\n",
				    len, fadump_bootargs_max());
		rc = -E2BIG;
	} else {
		area = __va(l->param_pa);
		memcpy(area, buf, len);
		memset(area + len, 0, l->param_size - len);
	}
	mutex_unlock(&fadump_mutex);
	return rc ?: count;
}

static struct kobj_attribute enabled_attr = __ATTR_RO(enabled);
static struct kobj_attribute registered_attr = __ATTR_RW(registered);
static struct kobj_attribute release_mem_attr = __ATTR_WO(release_mem);
static struct kobj_attribute release_region_attr = __ATTR(release_region, 0600,
							  release_region_show,
							  release_region_store);

/*
 * After a release: release_region goes once nothing is held, release_mem
 * (and its link) once nothing is left to hot-add either; the file being
 * written removes itself. Outside fadump_mutex: a removal waits for the
 * writers of the file it removes.
 */
static void fadump_remove_release_files(struct kobject *kobj,
					struct kobj_attribute *self)
{
	static bool region_gone, mem_gone;
	bool region, mem;

	/*
	 * One writer claims each removal: two writers removing each
	 * other's file would each wait for the other to finish.
	 */
	mutex_lock(&fadump_mutex);
	region = !fadump.holding && !region_gone;
	mem = !fadump.holding && !fadump_release_pending() && !mem_gone;
	region_gone |= region;
	mem_gone |= mem;
	mutex_unlock(&fadump_mutex);
	if (region && self == &release_region_attr)
		sysfs_remove_file_self(kobj, &self->attr);
	else if (region)
		sysfs_remove_file(kobj, &release_region_attr.attr);
	if (!mem)
		return;
	sysfs_remove_link(kernel_kobj, "fadump_release_mem");
	if (self == &release_mem_attr)
		sysfs_remove_file_self(kobj, &self->attr);
	else
		sysfs_remove_file(kobj, &release_mem_attr.attr);
}

/**
 * fadump_update_release_files() - remove the release files once done
 *
 * Called when the background hot-add of a release ends: release_mem
 * (and its link) goes unless memory is left to retry.
 *
 * Context: process context, fadump_mutex not held.
 */
void fadump_update_release_files(void)
{
	if (fadump.kobj)
		fadump_remove_release_files(fadump.kobj, NULL);
}

static struct kobj_attribute mem_reserved_attr = __ATTR_RO(mem_reserved);
static struct kobj_attribute hotplug_ready_attr = __ATTR_RO(hotplug_ready);
static struct kobj_attribute bootargs_append_attr = __ATTR_RW(bootargs_append);

static struct attribute *fadump_attrs[] = {
	&enabled_attr.attr,
	&registered_attr.attr,
	&mem_reserved_attr.attr,
	&hotplug_ready_attr.attr,
	&bootargs_append_attr.attr,
	NULL,
};

/*
 * bootargs_append only where the firmware keeps a parameter area for the
 * capture kernel's arguments (PAPR's, not OPAL): services such as
 * kdump-utils write the file whenever it exists and fail if it refuses.
 */
static umode_t fadump_attr_visible(struct kobject *kobj, struct attribute *a,
				   int n)
{
	if (a == &bootargs_append_attr.attr && !fadump.layout.param_size)
		return 0;
	return a->mode;
}

static const struct attribute_group fadump_group = {
	.attrs = fadump_attrs,
	.is_visible = fadump_attr_visible,
};

/**
 * fadump_init_sysfs() - create /sys/kernel/fadump and the legacy links
 *
 * release_mem (and its link) and release_region only in a capture kernel
 * holding a dump.
 * Failures are reported and leave fadump working without its files.
 *
 * Context: initcall, from setup_fadump().
 */
void __init fadump_init_sysfs(void)
{
	int rc;

	fadump.kobj = kobject_create_and_add("fadump", kernel_kobj);
	if (!fadump.kobj) {
		pr_err("cannot create /sys/kernel/fadump\n");
		return;
	}
	rc = sysfs_create_group(fadump.kobj, &fadump_group);
	if (rc) {
		pr_err("cannot create the files in /sys/kernel/fadump (%d)\n", rc);
		return;
	}
	/* The older names, as links into /sys/kernel/fadump */
	rc = compat_only_sysfs_link_entry_to_kobj(kernel_kobj, fadump.kobj,
						  "enabled", "fadump_enabled");
	if (!rc)
		rc = compat_only_sysfs_link_entry_to_kobj(kernel_kobj,
							  fadump.kobj,
							  "registered",
							  "fadump_registered");
	if (!rc && fadump.holding) {
		rc = sysfs_create_file(fadump.kobj, &release_mem_attr.attr);
		if (!rc)
			rc = sysfs_create_file(fadump.kobj,
					       &release_region_attr.attr);
		if (!rc)
			rc = compat_only_sysfs_link_entry_to_kobj(kernel_kobj,
								  fadump.kobj,
								  "release_mem",
								  "fadump_release_mem");
	}
	if (rc)
		pr_err("cannot create the fadump files in /sys/kernel (%d)\n", rc);
}
