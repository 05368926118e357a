#define _GNU_SOURCE
#include "memfd.h"

#include <fcntl.h>
#include <linux/memfd.h> /* MFD_HUGE_2MB */
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int pb_memfd_open(const char *name, uint64_t bytes) {
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (ftruncate(fd, (off_t)bytes) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int pb_memfd_open_huge_page(const char *name) {
    int fd = memfd_create(name, MFD_CLOEXEC | MFD_HUGETLB | MFD_HUGE_2MB);
    if (fd < 0) return -1;
    if (ftruncate(fd, 2 << 20) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int pb_memfd_punch_hole(int fd, uint64_t offset, uint64_t bytes) {
    return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)bytes);
}

int64_t pb_memfd_backed_bytes(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    return (int64_t)st.st_blocks * 512;
}

int pb_mlock_on_fault(void *address, uint64_t bytes) {
    return mlock2(address, (size_t)bytes, MLOCK_ONFAULT);
}

int pb_current_cpu(void) { return sched_getcpu(); }

int pb_pin_to_cpu(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (cpu >= 0) {
        CPU_SET(cpu, &set);
    } else {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        for (long i = 0; i < n && i < CPU_SETSIZE; i++) CPU_SET(i, &set);
    }
    return sched_setaffinity(0, sizeof set, &set);
}

int pb_allowed_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
}

/* PAGEMAP_SCAN, as include/uapi/linux/fs.h (Linux 6.7) declares it, for older headers. */
#ifndef PAGEMAP_SCAN
#define PAGE_IS_PRESENT (1 << 3)
#define PAGE_IS_HUGE (1 << 6)
struct page_region {
    uint64_t start, end, categories;
};
struct pm_scan_arg {
    uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
    uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
#define PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)
#endif

int pb_range_residency(const void *start, uint64_t bytes, uint64_t *resident, uint64_t *huge) {
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct page_region regions[64];
    uint64_t at = (uint64_t)(uintptr_t)start, end = at + bytes;
    *resident = 0;
    *huge = 0;
    while (at < end) {
        /* Present pages only, each region reported with whether it is huge. */
        struct pm_scan_arg arg = {
            .size = sizeof arg, .start = at, .end = end,
            .vec = (uint64_t)(uintptr_t)regions, .vec_len = 64,
            .category_mask = PAGE_IS_PRESENT, .return_mask = PAGE_IS_PRESENT | PAGE_IS_HUGE,
        };
        int n = ioctl(fd, PAGEMAP_SCAN, &arg);
        if (n < 0) {
            close(fd);
            return -1;
        }
        for (int i = 0; i < n; i++) {
            uint64_t length = regions[i].end - regions[i].start;
            *resident += length;
            if (regions[i].categories & PAGE_IS_HUGE) *huge += length;
        }
        if (arg.walk_end <= at) { /* no progress: a partial count is no answer */
            close(fd);
            return -1;
        }
        at = arg.walk_end;
    }
    close(fd);
    return 0;
}
