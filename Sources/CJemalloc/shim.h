// Debian's jemalloc (libjemalloc-dev), unprefixed: linking it makes it the process's
// malloc. Its MALLOCX_* flags are function-like macros, which Swift cannot import, so the
// calls the harness times are wrapped here as static inline functions.
#ifndef PAGEBENCH_JEMALLOC_SHIM_H
#define PAGEBENCH_JEMALLOC_SHIM_H

#include <jemalloc/jemalloc.h>
#include <stdint.h>
#include <stddef.h>

/// mallocx(size, MALLOCX_ALIGN(align)): an aligned allocation (align a power of two).
static inline void *pb_mallocx_aligned(size_t size, size_t align) {
    return mallocx(size, MALLOCX_ALIGN(align));
}

/// sdallocx(ptr, size, MALLOCX_ALIGN(align)): sized free, the cheapest jemalloc free.
static inline void pb_sdallocx_aligned(void *ptr, size_t size, size_t align) {
    sdallocx(ptr, size, MALLOCX_ALIGN(align));
}

/// sallocx(ptr, 0): the usable size of a live allocation (jemalloc's lookup: rtree walk
/// from the address to its extent).
static inline size_t pb_sallocx(const void *ptr) {
    return sallocx(ptr, 0);
}

static inline void *pb_malloc(size_t size) { return malloc(size); }
static inline void pb_free(void *ptr) { free(ptr); }

/// stats.metadata after refreshing the epoch: bytes jemalloc spends on its own metadata
/// (base allocations, rtree, extent and slab headers). 0 if stats are unavailable.
static inline size_t pb_metadata_bytes(void) {
    uint64_t epoch = 1;
    size_t len = sizeof(epoch);
    mallctl("epoch", &epoch, &len, &epoch, len);
    size_t metadata = 0;
    len = sizeof(metadata);
    if (mallctl("stats.metadata", &metadata, &len, NULL, 0) != 0) return 0;
    return metadata;
}

/// Flush the calling thread's cache, so every measurement starts from the same state.
static inline void pb_tcache_flush(void) {
    mallctl("thread.tcache.flush", NULL, NULL, NULL, 0);
}

/// The calling thread's jemalloc arena ("thread.arena"), or 0 if unavailable.
static inline unsigned pb_thread_arena(void) {
    unsigned arena = 0;
    size_t len = sizeof(arena);
    mallctl("thread.arena", &arena, &len, NULL, 0);
    return arena;
}

/// Move the calling thread to jemalloc arena `arena`: a helper thread's allocations then
/// come from its maker's arena, not from a new one that `stats.metadata` would also count.
static inline void pb_set_thread_arena(unsigned arena) {
    mallctl("thread.arena", NULL, NULL, &arena, sizeof(arena));
}

#endif
