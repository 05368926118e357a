// Debian's jemalloc (libjemalloc-dev), unprefixed: linking it makes it the process's
// malloc. Its MALLOCX_* flags are function-like macros, which Swift cannot import, so the
// calls the harness times are wrapped here as static inline functions.
#ifndef PAGEBENCH_JEMALLOC_SHIM_H
#define PAGEBENCH_JEMALLOC_SHIM_H

#include <jemalloc/jemalloc.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

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

/// The calling thread's jemalloc arena ("thread.arena"), or 0 if unavailable.
static inline unsigned pb_thread_arena(void) {
    unsigned arena = 0;
    size_t len = sizeof(arena);
    mallctl("thread.arena", &arena, &len, NULL, 0);
    return arena;
}

/// The calling thread's arena's share of stats.metadata, after refreshing the epoch:
/// bytes jemalloc spends on its own metadata (base allocations, rtree, extent and slab
/// headers; arena 0's base holds the global ones), `stats.arenas.<i>.base` +
/// `.internal`, the two terms jemalloc sums over arenas into `stats.metadata`. The arenas
/// other threads were given (a set-up helper's first, the concurrent writer's) are left out.
/// 0 if stats are unavailable.
static inline size_t pb_metadata_bytes(void) {
    uint64_t epoch = 1;
    size_t len = sizeof(epoch);
    mallctl("epoch", &epoch, &len, &epoch, len);
    unsigned arena = pb_thread_arena();
    char name[64];
    size_t base = 0, internal = 0;
    len = sizeof(base);
    snprintf(name, sizeof name, "stats.arenas.%u.base", arena);
    if (mallctl(name, &base, &len, NULL, 0) != 0) return 0;
    len = sizeof(internal);
    snprintf(name, sizeof name, "stats.arenas.%u.internal", arena);
    if (mallctl(name, &internal, &len, NULL, 0) != 0) return 0;
    return base + internal;
}

/// Flush the calling thread's cache, so every measurement starts from the same state.
static inline void pb_tcache_flush(void) {
    mallctl("thread.tcache.flush", NULL, NULL, NULL, 0);
}

/// Move the calling thread to jemalloc arena `arena`: a helper thread's allocations then
/// come from its maker's arena, as they did when the maker made them itself.
static inline void pb_set_thread_arena(unsigned arena) {
    mallctl("thread.arena", NULL, NULL, &arena, sizeof(arena));
}

#endif
