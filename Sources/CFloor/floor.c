#include "floor.h"

uint64_t floor_random_next(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

uint64_t floor_below(uint64_t *state, uint64_t n) {
    return (uint64_t)(((unsigned __int128)floor_random_next(state) * n) >> 64);
}

/* One body per pattern for both modes: `zero` masks the previous lookup's _refcount before
 * it is added to the next pfn. The throughput entry points pass the literal 0, so the add
 * folds away and the lookups stay independent; the chase entry points pass the caller's
 * runtime 0, which this file cannot see, so each address waits for the previous load. */
static inline __attribute__((always_inline))
uint64_t compound_head_lookups(const char *base, uint64_t page_count, uint64_t ops,
                               uint64_t zero, uint64_t *state) {
    uint64_t sum = 0, refcount = 0;
    for (uint64_t i = 0; i < ops; i++) {
        const char *page = base + ((floor_below(state, page_count) + (refcount & zero)) << 6);
        uint64_t word = *(const volatile uint64_t *)(page + 8);
        const char *head = (word & 1) ? (const char *)(word - 1) : page;
        refcount = *(const volatile uint32_t *)(head + 52);
        sum += refcount;
    }
    return sum;
}

static inline __attribute__((always_inline))
uint64_t tagged_word_lookups(const char *base, uint64_t stride, uint64_t word_offset,
                             uint64_t desc_tags, uint64_t page_count, uint64_t ops,
                             const void *zero_desc, uint64_t zero, uint64_t *state) {
    uint64_t sum = 0, refcount = 0;
    for (uint64_t i = 0; i < ops; i++) {
        uint64_t pfn = floor_below(state, page_count) + (refcount & zero);
        uint64_t word = *(const volatile uint64_t *)(base + pfn * stride + word_offset);
        const char *desc = (desc_tags >> (word & 0xf)) & 1 ? (const char *)(word & ~0xfULL) : (const char *)zero_desc;
        refcount = *(const volatile uint32_t *)(desc + 52);
        sum += refcount;
    }
    return sum;
}

uint64_t floor_lookup_compound_head(const void *memmap, uint64_t page_count,
                                    uint64_t ops, uint64_t *state) {
    return compound_head_lookups(memmap, page_count, ops, 0, state);
}

uint64_t floor_chase_compound_head(const void *memmap, uint64_t page_count,
                                   uint64_t ops, uint64_t zero, uint64_t *state) {
    return compound_head_lookups(memmap, page_count, ops, zero, state);
}

uint64_t floor_lookup_tagged_word(const void *memmap, uint64_t stride, uint64_t word_offset,
                                  uint64_t desc_tags, uint64_t page_count, uint64_t ops,
                                  const void *zero, uint64_t *state) {
    return tagged_word_lookups(memmap, stride, word_offset, desc_tags, page_count, ops, zero, 0, state);
}

uint64_t floor_chase_tagged_word(const void *memmap, uint64_t stride, uint64_t word_offset,
                                 uint64_t desc_tags, uint64_t page_count, uint64_t ops,
                                 const void *zero_desc, uint64_t zero, uint64_t *state) {
    return tagged_word_lookups(memmap, stride, word_offset, desc_tags, page_count, ops, zero_desc, zero, state);
}

uint64_t floor_scan_legacy64(const void *memmap, uint64_t page_count, uint64_t netmem_signature) {
    const char *base = memmap;
    uint64_t sum = 0;
    for (uint64_t pfn = 0; pfn < page_count;) {
        const char *page = base + (pfn << 6);
        uint32_t page_type = *(const volatile uint32_t *)(page + 48);
        uint64_t flags = *(const volatile uint64_t *)page;
        /* pp_magic and _refcount: what tells a net pool page, a folio and an untyped page
         * apart where page_type does not (Legacy64.type(ofHead:)). */
        uint64_t pp_magic = *(const volatile uint64_t *)(page + 8);
        int32_t refcount = *(const volatile int32_t *)(page + 52);
        unsigned order = 0;
        if (page_type >> 24 == 0xf0)
            order = (unsigned)*(const volatile uint64_t *)(page + 40);
        else if (flags & (1 << 6))
            order = *(const volatile uint8_t *)(page + 64);
        sum += (page_type >> 24) + ((pp_magic & ~3ULL) == netmem_signature) + (refcount != 0);
        pfn += 1ULL << order;
    }
    return sum;
}

uint64_t floor_scan_word_order(const void *memmap, uint64_t page_count,
                               unsigned shift, uint64_t mask) {
    const char *base = memmap;
    uint64_t sum = 0;
    for (uint64_t pfn = 0; pfn < page_count;) {
        const char *page = base + (pfn << 4);
        uint64_t word0 = *(const volatile uint64_t *)page;
        uint64_t word1 = *(const volatile uint64_t *)(page + 8);
        sum += word1 & 0xf;
        pfn += 1ULL << ((word0 >> shift) & mask);
    }
    return sum;
}

/* A separately allocated memdesc's order: a folio's `order` byte (60), the others' flags
 * low byte (SeparateMemdesc.order). Tag 2 is the folio's in every layout. */
static inline __attribute__((always_inline))
unsigned memdesc_order(uint64_t word) {
    const char *desc = (const char *)(word & ~0xfULL);
    return (word & 0xf) == 2 ? *(const volatile uint8_t *)(desc + 60)
                             : (unsigned)(*(const volatile uint64_t *)desc & 0xff);
}

uint64_t floor_scan_memdesc8(const void *memmap, uint64_t page_count, uint64_t desc_tags,
                             unsigned shift, uint64_t mask) {
    const uint64_t *base = memmap;
    uint64_t sum = 0;
    for (uint64_t pfn = 0; pfn < page_count;) {
        uint64_t word = *(const volatile uint64_t *)(base + pfn);
        unsigned order = (desc_tags >> (word & 0xf)) & 1 ? memdesc_order(word) : (unsigned)((word >> shift) & mask);
        sum += word & 0xf;
        pfn += 1ULL << order;
    }
    return sum;
}

uint64_t floor_scan_interim32(const void *memmap, uint64_t page_count, uint64_t desc_tags,
                              uint64_t buddy_flag) {
    const char *base = memmap;
    uint64_t sum = 0;
    for (uint64_t pfn = 0; pfn < page_count;) {
        const char *page = base + (pfn << 5);
        uint64_t word = *(const volatile uint64_t *)(page + 8);
        unsigned order = 0;
        if ((desc_tags >> (word & 0xf)) & 1)
            order = memdesc_order(word);
        else if (*(const volatile uint64_t *)page & buddy_flag)
            order = (unsigned)*(const volatile uint64_t *)(page + 24);
        sum += word & 0xf;
        pfn += 1ULL << order;
    }
    return sum;
}
