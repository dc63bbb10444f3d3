// SPDX-License-Identifier: GPL-2.0
/*
 * labtool - guest-side helper of the fadump lab (static, ppc64le).
 *
 *   labtool fill MAP MB          fill up to MB MiB of anonymous memory with
 *                                per-page signatures derived from each page's
 *                                physical address, write the addresses to MAP,
 *                                then stay resident (daemonises) so the pages
 *                                are still in use when the kernel crashes.
 *   labtool fill MAP MB --below PA   the same, leaving pages at or above
 *                                PA unsigned and out of MAP
 *   labtool verify MAP [VMCORE [LO HI]] [--area REGION]
 *                                look up every recorded page in the ELF
 *                                vmcore and check its signature. Every page
 *                                falls in one category: ok, corrupt (a
 *                                PT_LOAD shows it with other content),
 *                                missing (a PT_LOAD covers it but reading
 *                                it fails) or in_dump_area (no PT_LOAD
 *                                covers it). REGION is the fadump_region
 *                                file of the registration the crash used:
 *                                the dump area is the span of its CPU
 *                                state, HPTE and boot memory destinations.
 *                                The firmware overwrites the dump area, so
 *                                pages there must be left out of the
 *                                PT_LOADs, and only pages there may be:
 *                                the uncovered pages are split into those
 *                                inside and outside the area, and the
 *                                pages and PT_LOAD bytes the vmcore shows
 *                                inside it are counted. Good pages in
 *                                [LO, HI) are counted too.
 *   labtool held READY GO [VMCORE]  hold VMCORE open across its removal:
 *                                read 64K and mmap the first page of the
 *                                first PT_LOAD, create the file READY, wait
 *                                for the file GO (up to 300 s), then read
 *                                again and report bytes and errno of each
 *                                read, and touch the mapping in a child:
 *                                held_mapping_after=sigbus|readable.
 *                                Exit status 1 if a read after GO failed.
 *   labtool asuser UID FILE...   drop to user and group UID and try to open
 *                                each FILE for reading and for writing
 *                                (nothing is read or written): one line
 *                                "FILE read=ok|ERRNO write=ok|ERRNO" each.
 *                                Exit status 1 if dropping root failed.
 *   labtool pageflags LO HI      how many pages of [LO, HI) the kernel
 *                                keeps reserved (KPF_RESERVED in
 *                                /proc/kpageflags): pageflags_pages=,
 *                                pageflags_reserved=
 *   labtool elfinfo [VMCORE]     print the ELF layout: PT_LOADs, NT_PRSTATUS
 *                                notes, VMCOREINFO.
 *   labtool mmap [VMCORE]        mmap the first PT_LOADs and compare with read().
 *   labtool readbw MB [VMCORE]   sequential read throughput of the vmcore and,
 *                                as the limit, of a tmpfs file.
 *   labtool lmbs                 the DLPAR memory blocks (LMBs) from the device
 *                                tree: "lmb <base> <size> <drc-index> <flags>"
 *                                per LMB (ibm,dynamic-memory or -v2).
 *   labtool covers LO HI [VMCORE]   how many bytes of [LO, HI) the vmcore's
 *                                PT_LOADs cover, and the fill pages in it.
 *   labtool saveregion OUT CHUNK_MB [keep]   the saver of a ranged release:
 *                                copy /proc/vmcore to OUT (same offsets:
 *                                the headers as they were at the start,
 *                                then each PT_LOAD; MiBs that are all
 *                                zeros are left as holes, as dump tools
 *                                leave zero pages out) CHUNK_MB MiB of
 *                                physical memory (rounded up to whole
 *                                memory blocks) at a time; after each
 *                                chunk is written and fsync()ed (unless
 *                                "keep": then nothing), give back
 *                                through /sys/kernel/fadump/release_region
 *                                what of it is held (ends rounded inwards
 *                                to the memory block size unless they are
 *                                ends of a held range). saveregion_chunks=,
 *                                _writes=, _errors=, _first_error=,
 *                                _bytes=, _left_lines= (what was still
 *                                listed at the end; -1: the file is gone).
 *   labtool relwrite TEXT        write TEXT to release_region:
 *                                relwrite=ok|<errno name>
 *   labtool offset PA [VMCORE]   offset=<file offset of PA, or -1>
 *   labtool probe OFF [VMCORE]   read 64K and mmap() 64K at file offset OFF:
 *                                probe_read=ok|<errno>, probe_mmap=ok|<errno>
 * Output is "key=value" lines so the host scripts can parse it.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long pagesz;

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The signature of the page at physical address @pa. */
static void sign(uint64_t *p, uint64_t pa)
{
	size_t i, n = pagesz / 8;

	p[0] = 0x46414455u ^ pa;	/* cheap first word check */
	for (i = 1; i < n; i++)
		p[i] = mix(pa ^ (i << 48));
}

static int check(const uint64_t *p, uint64_t pa)
{
	size_t i, n = pagesz / 8;

	if (p[0] != (0x46414455u ^ pa))
		return 0;
	for (i = 1; i < n; i++)
		if (p[i] != mix(pa ^ (i << 48)))
			return 0;
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Pages at or above @below (0: none) are mapped but not signed: skiboot
 * writes the last bytes of RAM on every boot, an MPIPL one included.
 */
static int cmd_fill(const char *map, long mb, uint64_t below)
{
	size_t len = (size_t)mb << 20, npages, i, good = 0;
	int pm, out;
	uint8_t *buf;
	uint64_t *pas;

	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	if (mlock(buf, len))
		perror("mlock (continuing)");
	npages = len / pagesz;
	pas = calloc(npages, sizeof(*pas));
	pm = open("/proc/self/pagemap", O_RDONLY);
	if (pm < 0 || !pas) {
		perror("pagemap");
		return 1;
	}
	for (i = 0; i < npages; i++) {
		uint64_t ent;
		uintptr_t va = (uintptr_t)buf + i * pagesz;

		buf[i * pagesz] = 1;
		if (pread(pm, &ent, 8, (va / pagesz) * 8) != 8 ||
		    !(ent & (1ULL << 63)) || !(ent & ((1ULL << 55) - 1)))
			continue;
		pas[good] = (ent & ((1ULL << 55) - 1)) * pagesz;
		if (below && pas[good] + pagesz > below)
			continue;
		sign((uint64_t *)(buf + i * pagesz), pas[good]);
		good++;
	}
	out = open(map, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0 || write(out, pas, good * 8) != (ssize_t)(good * 8)) {
		perror(map);
		return 1;
	}
	fsync(out);
	close(out);
	printf("fill_pages=%zu\nfill_bytes=%zu\n", good, good * pagesz);
	fflush(stdout);
	/* Stay resident with the pages locked until the crash. */
	if (fork() == 0) {
		setsid();
		for (;;)
			pause();
	}
	return 0;
}

struct core {
	int fd;
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
};

static int core_open(struct core *c, const char *path)
{
	size_t sz;

	c->fd = open(path, O_RDONLY);
	if (c->fd < 0) {
		perror(path);
		return -1;
	}
	if (pread(c->fd, &c->eh, sizeof(c->eh), 0) != sizeof(c->eh) ||
	    memcmp(c->eh.e_ident, ELFMAG, SELFMAG) ||
	    c->eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    c->eh.e_phentsize != sizeof(Elf64_Phdr) || c->eh.e_phnum > 65000) {
		fprintf(stderr, "%s: not a 64-bit ELF core\n", path);
		return -1;
	}
	sz = (size_t)c->eh.e_phnum * sizeof(Elf64_Phdr);
	c->ph = malloc(sz);
	if (!c->ph || pread(c->fd, c->ph, sz, c->eh.e_phoff) != (ssize_t)sz) {
		fprintf(stderr, "%s: cannot read program headers\n", path);
		return -1;
	}
	return 0;
}

/* File offset of physical address @pa, or -1 when no PT_LOAD covers it. */
static int64_t core_off(const struct core *c, uint64_t pa, uint64_t len)
{
	int i;

	for (i = 0; i < c->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &c->ph[i];

		if (p->p_type == PT_LOAD && pa >= p->p_paddr &&
		    pa + len <= p->p_paddr + p->p_filesz)
			return p->p_offset + (pa - p->p_paddr);
	}
	return -1;
}

/*
 * The dump area of a fadump_region file: the span [*lo, *hi) of the CPU
 * state, HPTE and boot memory destination ranges (range ends are the
 * last byte). Return: 0, or -1 if the file names none.
 */
static int region_area(const char *path, uint64_t *lo, uint64_t *hi)
{
	char line[512];
	FILE *f = fopen(path, "r");

	*lo = UINT64_MAX;
	*hi = 0;
	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a, b;
		const char *p = NULL;

		if (!strncmp(line, "Boot memory:", 12))
			p = strstr(line, "=> [");	/* the destination */
		else if (!strncmp(line, "CPU state:", 10) ||
			 !strncmp(line, "HPTE:", 5))
			p = strchr(line, '[');
		if (p && *p == '=')
			p += 3;
		if (!p || sscanf(p, "[%llx-%llx]", &a, &b) != 2 || b < a)
			continue;
		*lo = a < *lo ? a : *lo;
		*hi = b + 1 > *hi ? b + 1 : *hi;
	}
	fclose(f);
	return *hi > *lo ? 0 : -1;
}

static int in(uint64_t x, uint64_t lo, uint64_t hi)
{
	return x >= lo && x < hi;
}

static int cmd_verify(const char *map, const char *core, uint64_t lo,
		      uint64_t hi, const char *region)
{
	struct core c;
	struct stat st;
	uint64_t *pas, *page, ok = 0, bad = 0, missing = 0, excluded = 0;
	uint64_t ex_lo = UINT64_MAX, ex_hi = 0, in_range = 0;
	uint64_t a_lo = 0, a_hi = 0, un_in = 0, un_out = 0, a_shown = 0;
	uint64_t a_bad = 0, a_load = 0;
	size_t n, i;
	int fd, area = 0;

	if (core_open(&c, core))
		return 1;
	if (region) {
		area = !region_area(region, &a_lo, &a_hi);
		if (!area)
			fprintf(stderr, "%s: no dump area in it\n", region);
	}
	fd = open(map, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		perror(map);
		return 1;
	}
	n = st.st_size / 8;
	pas = malloc(st.st_size + 1);
	page = malloc(pagesz);
	if (read(fd, pas, st.st_size) != st.st_size) {
		perror(map);
		return 1;
	}
	for (i = 0; i < n; i++) {
		int64_t off;
		int inarea = area && in(pas[i], a_lo, a_hi);

		off = core_off(&c, pas[i], pagesz);
		if (off < 0) {
			/* Not in any PT_LOAD: must be the dump area. */
			excluded++;
			ex_lo = pas[i] < ex_lo ? pas[i] : ex_lo;
			ex_hi = pas[i] > ex_hi ? pas[i] : ex_hi;
			if (!area)
				continue;
			if (inarea) {
				un_in++;
			} else if (un_out++ < 5) {
				fprintf(stderr, "page at %#" PRIx64
					" outside the dump area is not in the vmcore\n",
					pas[i]);
			}
			continue;
		}
		a_shown += inarea;
		if (pread(c.fd, page, pagesz, off) != pagesz) {
			missing++;
			continue;
		}
		if (check(page, pas[i])) {
			ok++;
			in_range += pas[i] >= lo && pas[i] < hi;
		} else {
			a_bad += inarea;
			if (bad++ < 5)
				fprintf(stderr, "corrupt page at %#" PRIx64 "\n", pas[i]);
		}
	}
	for (i = 0; area && i < c.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &c.ph[i];
		uint64_t s = p->p_paddr > a_lo ? p->p_paddr : a_lo;
		uint64_t e = p->p_paddr + p->p_memsz < a_hi ?
			     p->p_paddr + p->p_memsz : a_hi;

		if (p->p_type == PT_LOAD && e > s)
			a_load += e - s;
	}
	printf("fidelity_pages=%zu\nfidelity_ok=%" PRIu64 "\nfidelity_corrupt=%" PRIu64
	       "\nfidelity_missing=%" PRIu64 "\nfidelity_in_dump_area=%" PRIu64 "\n",
	       n, ok, bad, missing, excluded);
	if (hi > lo)
		printf("fidelity_range_ok=%" PRIu64 "\n", in_range);
	if (excluded)
		printf("fidelity_dump_area_pages=%#" PRIx64 "-%#" PRIx64 "\n",
		       ex_lo, ex_hi + pagesz);
	if (area)
		printf("fidelity_area=%#" PRIx64 "-%#" PRIx64
		       "\nfidelity_uncovered_in_area=%" PRIu64
		       "\nfidelity_uncovered_outside_area=%" PRIu64
		       "\nfidelity_area_pages_shown=%" PRIu64
		       "\nfidelity_area_pages_corrupt=%" PRIu64
		       "\nfidelity_area_load_bytes=%" PRIu64 "\n",
		       a_lo, a_hi, un_in, un_out, a_shown, a_bad, a_load);
	else
		printf("fidelity_area=none\n");
	return 0;
}

/* Map the first page of the first PT_LOAD of @core; NULL if none. */
static volatile const uint64_t *held_map(const char *core)
{
	struct core c;
	void *p = MAP_FAILED;
	int i;

	if (core_open(&c, core))
		return NULL;
	for (i = 0; i < c.eh.e_phnum; i++) {
		if (c.ph[i].p_type != PT_LOAD || c.ph[i].p_filesz < 4096 ||
		    c.ph[i].p_offset % 4096)
			continue;
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, c.fd,
			 c.ph[i].p_offset);
		break;
	}
	close(c.fd);	/* the mapping keeps the file */
	free(c.ph);
	return p == MAP_FAILED ? NULL : p;
}

/* Touch @map in a child: "sigbus", "readable" or how it ended. */
static const char *held_touch(volatile const uint64_t *map)
{
	int status;
	pid_t pid = fork();

	if (!pid)
		_exit(map[0] ? 0 : 0);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return "no-child";
	if (WIFSIGNALED(status))
		return WTERMSIG(status) == SIGBUS ? "sigbus" :
		       WTERMSIG(status) == SIGSEGV ? "sigsegv" : "signal";
	return "readable";
}

/* Hold @core open across its removal, see the comment at the top. */
static int cmd_held(const char *ready, const char *go, const char *core)
{
	volatile const uint64_t *map = held_map(core);

	size_t chunk = 64 << 10;
	char *buf = malloc(chunk);
	ssize_t r, after = 0;
	int fd, i, err = 0, fails = 0;

	fd = open(core, O_RDONLY);
	if (fd < 0 || !buf) {
		printf("held_reader_open_errno=%s\n", strerrorname_np(errno) ?: "?");
		return 2;
	}
	r = pread(fd, buf, chunk, 0);
	printf("held_reader_before_bytes=%zd\n", r < 0 ? 0 : r);
	printf("held_mapping_before=%s\n", map ? held_touch(map) : "no-mapping");
	close(open(ready, O_WRONLY | O_CREAT, 0644));
	for (i = 0; i < 3000 && access(go, F_OK); i++)
		usleep(100000);
	printf("held_reader_waited_go=%d\n", !access(go, F_OK));
	/* At the start (as a fresh reader would) and on from where it was. */
	r = pread(fd, buf, chunk, 0);
	if (r < 0) {
		err = errno;
		fails++;
	} else {
		after += r;
	}
	for (i = 0; i < 16; i++) {
		r = read(fd, buf, chunk);
		if (r < 0) {
			err = err ?: errno;
			fails++;
		} else {
			after += r;
		}
	}
	printf("held_reader_after_bytes=%zd\nheld_reader_after_failed_reads=%d\n"
	       "held_reader_after_errno=%s\n", after, fails,
	       err ? strerrorname_np(err) ?: "?" : "none");
	printf("held_mapping_after=%s\n", map ? held_touch(map) : "no-mapping");
	close(fd);
	return fails ? 1 : 0;
}

static int cmd_elfinfo(const char *core)
{
	struct core c;
	uint64_t loads = 0, bytes = 0;
	int prstatus = 0, vmcoreinfo = 0, i;

	if (core_open(&c, core))
		return 1;
	for (i = 0; i < c.eh.e_phnum; i++) {
		Elf64_Phdr *p = &c.ph[i];

		if (p->p_type == PT_LOAD) {
			loads++;
			bytes += p->p_memsz;
			printf("load=%#" PRIx64 "-%#" PRIx64 "@%#" PRIx64 "\n",
			       (uint64_t)p->p_paddr,
			       (uint64_t)(p->p_paddr + p->p_memsz),
			       (uint64_t)p->p_offset);
		} else if (p->p_type == PT_NOTE) {
			char *buf = malloc(p->p_filesz), *q;

			if (!buf || pread(c.fd, buf, p->p_filesz, p->p_offset) != (ssize_t)p->p_filesz)
				continue;
			for (q = buf; q + sizeof(Elf64_Nhdr) <= buf + p->p_filesz;) {
				Elf64_Nhdr *nh = (Elf64_Nhdr *)q;
				size_t adv = sizeof(*nh) + ((nh->n_namesz + 3) & ~3) +
					     ((nh->n_descsz + 3) & ~3);

				if (nh->n_namesz == 0 && nh->n_descsz == 0)
					break;
				if (nh->n_type == NT_PRSTATUS)
					prstatus++;
				if (nh->n_namesz >= 10 && !memcmp(q + sizeof(*nh), "VMCOREINFO", 10))
					vmcoreinfo++;
				q += adv;
			}
			free(buf);
		}
	}
	printf("phnum=%d\npt_load=%" PRIu64 "\npt_load_bytes=%" PRIu64
	       "\nnt_prstatus=%d\nvmcoreinfo=%d\n", c.eh.e_phnum, loads, bytes,
	       prstatus, vmcoreinfo);
	return 0;
}

static int cmd_mmap(const char *core)
{
	struct core c;
	int i, checked = 0, mismatch = 0;
	char *buf = malloc(1 << 20);

	if (core_open(&c, core))
		return 1;
	for (i = 0; i < c.eh.e_phnum && checked < 4; i++) {
		Elf64_Phdr *p = &c.ph[i];
		size_t len = p->p_filesz < (1 << 20) ? p->p_filesz : (1 << 20);
		off_t off = p->p_offset & ~(off_t)(pagesz - 1);
		size_t delta = p->p_offset - off;
		char *m;

		if (p->p_type != PT_LOAD || !len)
			continue;
		m = mmap(NULL, len + delta, PROT_READ, MAP_PRIVATE, c.fd, off);
		if (m == MAP_FAILED) {
			printf("mmap_error=%s\n", strerror(errno));
			return 1;
		}
		if (pread(c.fd, buf, len, p->p_offset) != (ssize_t)len ||
		    memcmp(buf, m + delta, len))
			mismatch++;
		munmap(m, len + delta);
		checked++;
	}
	printf("mmap_checked=%d\nmmap_mismatch=%d\n", checked, mismatch);
	return mismatch != 0;
}

static int cmd_readbw(const char *core, long mb)
{
	size_t len = (size_t)mb << 20, chunk = 1 << 20, done = 0;
	char *buf = malloc(chunk), *mem;
	volatile uint64_t sum = 0;
	double t0, t1;
	int fd = open(core, O_RDONLY), fd2;

	if (fd < 0) {
		perror(core);
		return 1;
	}
	t0 = now();
	while (done < len) {
		ssize_t r = read(fd, buf, chunk);

		if (r <= 0)
			break;
		done += r;
	}
	t1 = now();
	printf("vmcore_read_mb=%.1f\nvmcore_read_mbps=%.1f\n", done / 1048576.0,
	       done / 1048576.0 / (t1 - t0));
	/*
	 * The limit: the same read() path from the page cache (a tmpfs
	 * file of 64 MiB, read four times), i.e. the kernel copying memory
	 * to user space without /proc/vmcore in between.
	 */
	len = 64 << 20;
	mem = malloc(len);
	fd2 = open("/tmp/labtool.bw", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (!mem || fd2 < 0)
		return 1;
	memset(mem, 1, len);
	if (write(fd2, mem, len) != (ssize_t)len)
		return 1;
	t0 = now();
	for (done = 0; done < 4 * len; done += chunk) {
		if (pread(fd2, buf, chunk, done % len) != (ssize_t)chunk)
			return 1;
		sum += buf[chunk - 1];
	}
	t1 = now();
	close(fd2);
	unlink("/tmp/labtool.bw");
	printf("memory_read_mbps=%.1f\nmemory_read_sum=%llu\n",
	       4 * len / 1048576.0 / (t1 - t0), (unsigned long long)sum);
	return 0;
}

#define DRMEM "/proc/device-tree/ibm,dynamic-reconfiguration-memory/"

static void *slurp(const char *path, size_t *len)
{
	size_t cap = 1 << 16;
	char *buf = malloc(cap);
	ssize_t n;
	int fd = open(path, O_RDONLY);

	*len = 0;
	if (fd < 0 || !buf)
		return NULL;
	while ((n = read(fd, buf + *len, cap - *len)) > 0) {
		*len += n;
		if (*len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				return NULL;
		}
	}
	close(fd);
	return buf;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Device-tree LMBs: v2 is sets of (count, base, first drc, aa, flags). */
static int cmd_lmbs(void)
{
	size_t len, off;
	uint8_t *p;
	uint64_t lmb;
	uint32_t n, i, j;

	p = slurp(DRMEM "ibm,lmb-size", &len);
	if (!p || len != 8) {
		fprintf(stderr, "no ibm,lmb-size: no DLPAR memory\n");
		return 1;
	}
	lmb = be64(p);
	p = slurp(DRMEM "ibm,dynamic-memory-v2", &len);
	if (p && len >= 4) {
		n = be32(p);
		for (i = 0, off = 4; i < n && off + 24 <= len; i++, off += 24) {
			uint32_t cnt = be32(p + off), drc = be32(p + off + 12);
			uint64_t base = be64(p + off + 4);
			uint32_t fl = be32(p + off + 20);

			for (j = 0; j < cnt; j++)
				printf("lmb %#" PRIx64 " %#" PRIx64 " %#x %#x\n",
				       base + j * lmb, lmb, drc + j, fl);
		}
		return 0;
	}
	p = slurp(DRMEM "ibm,dynamic-memory", &len);
	if (!p || len < 4) {
		fprintf(stderr, "no ibm,dynamic-memory(-v2)\n");
		return 1;
	}
	n = be32(p);
	for (i = 0, off = 4; i < n && off + 24 <= len; i++, off += 24)
		printf("lmb %#" PRIx64 " %#" PRIx64 " %#x %#x\n", be64(p + off),
		       lmb, be32(p + off + 8), be32(p + off + 20));
	return 0;
}

static int cmd_covers(uint64_t lo, uint64_t hi, const char *core)
{
	struct core c;
	uint64_t covered = 0;
	int i;

	if (core_open(&c, core))
		return 1;
	for (i = 0; i < c.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &c.ph[i];
		uint64_t a, b;

		if (p->p_type != PT_LOAD)
			continue;
		a = p->p_paddr > lo ? p->p_paddr : lo;
		b = p->p_paddr + p->p_memsz < hi ? p->p_paddr + p->p_memsz : hi;
		if (b > a)
			covered += b - a;
	}
	printf("covers_bytes=%" PRIu64 "\ncovers_all=%d\n", covered,
	       covered == hi - lo);
	return 0;
}

static const char *open_result(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		return strerrorname_np(errno) ?: "error";
	close(fd);
	return "ok";
}

static int cmd_asuser(uid_t uid, int n, char **files)
{
	int i;

	if (setgroups(0, NULL) || setgid(uid) || setuid(uid) || !getuid()) {
		perror("asuser: cannot drop root");
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%s read=%s write=%s\n", files[i],
		       open_result(files[i], O_RDONLY),
		       open_result(files[i], O_WRONLY));
	return 0;
}

static int cmd_pageflags(uint64_t lo, uint64_t hi)
{
	uint64_t pfn, flags, n = 0, reserved = 0;
	int fd = open("/proc/kpageflags", O_RDONLY);

	if (fd < 0) {
		perror("/proc/kpageflags");
		return 1;
	}
	for (pfn = lo / pagesz; pfn < hi / pagesz; pfn++, n++) {
		if (pread(fd, &flags, sizeof(flags), pfn * sizeof(flags)) !=
		    sizeof(flags)) {
			perror("pread /proc/kpageflags");
			close(fd);
			return 1;
		}
		reserved += (flags >> 32) & 1;	/* KPF_RESERVED */
	}
	close(fd);
	printf("pageflags_pages=%" PRIu64 "\npageflags_reserved=%" PRIu64 "\n",
	       n, reserved);
	return 0;
}

#define RELEASE_REGION "/sys/kernel/fadump/release_region"

static const char *errname(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "unknown";
}

/* Write @text to release_region; 0 or errno */
static int rel_write(const char *text)
{
	int fd = open(RELEASE_REGION, O_WRONLY), e = 0;

	if (fd < 0)
		return errno;
	if (write(fd, text, strlen(text)) < 0)
		e = errno;
	close(fd);
	return e;
}

static uint64_t block_size(void)
{
	FILE *f = fopen("/sys/devices/system/memory/block_size_bytes", "r");
	unsigned long long b = 0;

	if (f) {
		if (fscanf(f, "%llx", &b) != 1)
			b = 0;
		fclose(f);
	}
	return b;
}

/* Give back what of [cs, ce) is listed as held; -1 if nothing is held */
static int give_back(uint64_t cs, uint64_t ce, uint64_t block, int *writes,
		     int *errs, char *first)
{
	unsigned long long hs, hn;
	FILE *f = fopen(RELEASE_REGION, "r");
	uint64_t todo[64][2];
	int n = 0, i;

	if (!f)
		return -1;
	while (n < 64 && fscanf(f, "%llx %llx", &hs, &hn) == 2) {
		uint64_t he = hs + hn, s = cs > hs ? cs : hs, e = ce < he ? ce : he;

		if (s != hs)
			s = (s + block - 1) / block * block;
		if (e != he)
			e = e / block * block;
		if (s < e) {
			todo[n][0] = s;
			todo[n++][1] = e - s;
		}
	}
	fclose(f);
	for (i = 0; i < n; i++) {
		char text[64];
		int e;

		snprintf(text, sizeof(text), "%#" PRIx64 " %#" PRIx64 "\n",
			 todo[i][0], todo[i][1]);
		e = rel_write(text);
		(*writes)++;
		if (e && !(*errs)++)
			snprintf(first, 128, "%s@%s", errname(e), text);
	}
	return 0;
}

/* Is the buffer all zeros? */
static int all_zero(const char *buf, size_t len)
{
	return !len || (!buf[0] && !memcmp(buf, buf + 1, len - 1));
}

static int cmd_saveregion(const char *out, long chunk_mb, int keep)
{
	uint64_t chunk = (uint64_t)chunk_mb << 20, block = block_size();
	uint64_t hdr_end = UINT64_MAX, bytes = 0, file_end = 0;
	int chunks = 0, writes = 0, errs = 0, left = -1, i, ofd;
	char first[128] = "none", *buf = malloc(1 << 20);
	struct core c;
	FILE *f;

	if (!block || !chunk || !buf || core_open(&c, "/proc/vmcore"))
		return 1;
	/* Whole memory blocks, or nothing of a chunk could be given back */
	chunk = (chunk + block - 1) / block * block;
	ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (ofd < 0) {
		perror(out);
		return 1;
	}
	for (i = 0; i < c.eh.e_phnum; i++)
		if (c.ph[i].p_type == PT_LOAD && c.ph[i].p_offset < hdr_end)
			hdr_end = c.ph[i].p_offset;
	if (hdr_end == UINT64_MAX || hdr_end > (1 << 20) ||
	    pread(c.fd, buf, hdr_end, 0) != (ssize_t)hdr_end ||
	    pwrite(ofd, buf, hdr_end, 0) != (ssize_t)hdr_end) {
		fprintf(stderr, "cannot copy the headers\n");
		return 1;
	}
	for (i = 0; i < c.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &c.ph[i];
		uint64_t cs = p->p_paddr, pe = p->p_paddr + p->p_filesz;

		if (p->p_type != PT_LOAD)
			continue;
		while (cs < pe) {
			uint64_t ce = (cs / chunk + 1) * chunk, at;

			ce = ce < pe ? ce : pe;
			for (at = cs; at < ce; at += 1 << 20) {
				size_t len = ce - at < (1 << 20) ? ce - at : (1 << 20);
				off_t off = p->p_offset + (at - p->p_paddr);

				if (pread(c.fd, buf, len, off) != (ssize_t)len ||
				    (!all_zero(buf, len) &&
				     pwrite(ofd, buf, len, off) != (ssize_t)len)) {
					fprintf(stderr, "copy at %#" PRIx64 ": %s\n",
						at, strerror(errno));
					return 1;
				}
				bytes += len;
			}
			if (fsync(ofd)) {
				perror("fsync");
				return 1;
			}
			chunks++;
			if (!keep)
				give_back(cs, ce, block, &writes, &errs, first);
			cs = ce;
		}
		if (p->p_offset + p->p_filesz > file_end)
			file_end = p->p_offset + p->p_filesz;
	}
	/* Every write was below file_end: this only adds the last holes. */
	if (ftruncate(ofd, file_end)) {
		perror("ftruncate");
		return 1;
	}
	close(ofd);
	f = fopen(RELEASE_REGION, "r");
	if (f) {
		int ch;

		left = 0;
		while ((ch = fgetc(f)) != EOF)
			left += ch == '\n';
		fclose(f);
	}
	printf("saveregion_chunks=%d\nsaveregion_writes=%d\nsaveregion_errors=%d\n"
	       "saveregion_first_error=%s\nsaveregion_bytes=%" PRIu64
	       "\nsaveregion_left_lines=%d\n", chunks, writes, errs, first,
	       bytes, left);
	return errs != 0;
}

static int cmd_probe(uint64_t off, const char *core)
{
	int fd = open(core, O_RDONLY);
	char *buf = malloc(1 << 16);
	void *m;

	if (fd < 0 || !buf) {
		perror(core);
		return 1;
	}
	printf("probe_read=%s\n", pread(fd, buf, 1 << 16, off) == 1 << 16 ?
	       "ok" : errname(errno));
	m = mmap(NULL, 1 << 16, PROT_READ, MAP_PRIVATE, fd, off);
	printf("probe_mmap=%s\n", m != MAP_FAILED ? "ok" : errname(errno));
	if (m != MAP_FAILED)
		munmap(m, 1 << 16);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *core = "/proc/vmcore";

	pagesz = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 4 && !strcmp(argv[1], "fill"))
		return cmd_fill(argv[2], atol(argv[3]),
				argc >= 6 && !strcmp(argv[4], "--below") ?
				strtoull(argv[5], NULL, 0) : 0);
	if (argc >= 3 && !strcmp(argv[1], "verify")) {
		const char *region = NULL;

		if (argc >= 5 && !strcmp(argv[argc - 2], "--area")) {
			region = argv[argc - 1];
			argc -= 2;
		}
		return cmd_verify(argv[2], argc >= 4 ? argv[3] : core,
				  argc >= 6 ? strtoull(argv[4], NULL, 0) : 0,
				  argc >= 6 ? strtoull(argv[5], NULL, 0) : 0,
				  region);
	}
	if (argc >= 4 && !strcmp(argv[1], "held"))
		return cmd_held(argv[2], argv[3], argc >= 5 ? argv[4] : core);
	if (argc >= 4 && !strcmp(argv[1], "asuser"))
		return cmd_asuser(atoi(argv[2]), argc - 3, argv + 3);
	if (argc >= 4 && !strcmp(argv[1], "pageflags"))
		return cmd_pageflags(strtoull(argv[2], NULL, 0),
				     strtoull(argv[3], NULL, 0));
	if (argc >= 2 && !strcmp(argv[1], "elfinfo"))
		return cmd_elfinfo(argc >= 3 ? argv[2] : core);
	if (argc >= 2 && !strcmp(argv[1], "mmap"))
		return cmd_mmap(argc >= 3 ? argv[2] : core);
	if (argc >= 3 && !strcmp(argv[1], "readbw"))
		return cmd_readbw(argc >= 4 ? argv[3] : core, atol(argv[2]));
	if (argc >= 2 && !strcmp(argv[1], "lmbs"))
		return cmd_lmbs();
	if (argc >= 4 && !strcmp(argv[1], "covers"))
		return cmd_covers(strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0),
				  argc >= 5 ? argv[4] : core);
	if (argc >= 4 && !strcmp(argv[1], "saveregion"))
		return cmd_saveregion(argv[2], atol(argv[3]),
				      argc >= 5 && !strcmp(argv[4], "keep"));
	if (argc >= 3 && !strcmp(argv[1], "relwrite")) {
		int e = rel_write(argv[2]);

		printf("relwrite=%s\n", e ? errname(e) : "ok");
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "offset")) {
		struct core c;

		if (core_open(&c, argc >= 4 ? argv[3] : core))
			return 1;
		printf("offset=%" PRId64 "\n",
		       core_off(&c, strtoull(argv[2], NULL, 0), pagesz));
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "probe"))
		return cmd_probe(strtoull(argv[2], NULL, 0),
				 argc >= 4 ? argv[3] : core);
	fprintf(stderr, "usage: see the comment at the top of labtool.c\n");
	return 2;
}
