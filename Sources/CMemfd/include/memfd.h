// Linux calls that Swift's Glibc module does not show (they are declared only under
// _GNU_SOURCE): an anonymous shared file for a memmap whose pages can be mapped twice,
// punching holes in it to free memmap pages, locking memory as it is touched, the
// calling thread's CPU, one HugeTLB page to map many times (the TLB probe), and which
// pages of a range are resident and on huge pages.
#ifndef PAGEBENCH_MEMFD_H
#define PAGEBENCH_MEMFD_H

#include <stdint.h>

/// `memfd_create(name, MFD_CLOEXEC)` and `ftruncate` to `bytes`; -1 on failure.
int pb_memfd_open(const char *name, uint64_t bytes);

/// `memfd_create(name, MFD_CLOEXEC | MFD_HUGETLB | MFD_HUGE_2MB)` of one 2 MiB HugeTLB
/// page (from the 2 MiB pool, whatever the default huge page size); -1 on failure.
int pb_memfd_open_huge_page(const char *name);

/// `fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)`: give the file's pages in
/// [offset, offset + bytes) back to the kernel. 0 or -1.
int pb_memfd_punch_hole(int fd, uint64_t offset, uint64_t bytes);

/// Bytes of memory the file holds (`st_blocks * 512`), or -1.
int64_t pb_memfd_backed_bytes(int fd);

/// `mlock2(MLOCK_ONFAULT)`: pages of [address, address + bytes) stay resident once touched,
/// without touching them now. 0 or -1 (a small RLIMIT_MEMLOCK refuses it).
int pb_mlock_on_fault(void *address, uint64_t bytes);

/// `sched_getcpu()`: the CPU the calling thread runs on, or -1.
int pb_current_cpu(void);

/// `sched_setaffinity` of the calling thread to `cpu` alone (`cpu` < 0: every CPU of the
/// machine). 0 or -1.
int pb_pin_to_cpu(int cpu);

/// How many CPUs the calling thread may run on (`sched_getaffinity`), or -1.
int pb_allowed_cpus(void);

/// Bytes of [start, start + bytes) present in memory (`resident`) and those of them mapped
/// by a huge page, THP or HugeTLB (`huge`), from `PAGEMAP_SCAN` on /proc/self/pagemap
/// (Linux 6.7): it walks that range's page tables alone, where /proc/self/smaps walks every
/// mapping of the process. 0, or -1 where the kernel lacks it.
int pb_range_residency(const void *start, uint64_t bytes, uint64_t *resident, uint64_t *huge);

#endif
