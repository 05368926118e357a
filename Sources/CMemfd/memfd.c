#define _GNU_SOURCE
#include "memfd.h"

#include <fcntl.h>
#include <linux/memfd.h> /* MFD_HUGE_2MB */
#include <sched.h>
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
