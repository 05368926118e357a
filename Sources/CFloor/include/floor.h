// The memory floor: each lookup workload's access pattern done with plain loads in C,
// over the same memmap the layout under test set up, with the same random sequence.
// A lookup row divided by its floor row is the harness's overhead over the physical limit.
#ifndef PAGEBENCH_FLOOR_H
#define PAGEBENCH_FLOOR_H

#include <stdint.h>

/// The generator every random workload uses (xorshift64*); Swift's `WorkloadRandom`
/// produces the same sequence. `floor_below` maps it to 0..<n by a 64x64 multiply-high.
uint64_t floor_random_next(uint64_t *state);
uint64_t floor_below(uint64_t *state, uint64_t n);

/// lookup-random, legacy64: load `compound_head` (offset 8); for a tail, go to the head;
/// read `_refcount` (offset 52) of the head. One or two dependent cache lines per op.
uint64_t floor_lookup_compound_head(const void *memmap, uint64_t page_count,
                                    uint64_t ops, uint64_t *state);

/// lookup-random, memdesc layouts: load the tagged memdesc word at `word_offset` of each
/// `stride`-byte struct page; read `_refcount` (offset 52) of the descriptor it points to
/// when bit `tag` of `desc_tags` is set, else of `zero`.
uint64_t floor_lookup_tagged_word(const void *memmap, uint64_t stride, uint64_t word_offset,
                                  uint64_t desc_tags, uint64_t page_count, uint64_t ops,
                                  const void *zero, uint64_t *state);

/// lookup-random mode=latency: the same loads, each pfn plus the previous lookup's
/// `_refcount` masked with `zero` (which the caller passes as a runtime 0), so every lookup
/// waits for the one before it: a pointer chase through the same random pfns.
uint64_t floor_chase_compound_head(const void *memmap, uint64_t page_count,
                                   uint64_t ops, uint64_t zero, uint64_t *state);
uint64_t floor_chase_tagged_word(const void *memmap, uint64_t stride, uint64_t word_offset,
                                 uint64_t desc_tags, uint64_t page_count, uint64_t ops,
                                 const void *zero_desc, uint64_t zero, uint64_t *state);

/// lookup-scan, legacy64: from each block head, the same loads the layout needs to
/// classify it and skip it by its order (page_type, pp_magic against `netmem_signature`,
/// _refcount, flags, then private or _flags_1).
uint64_t floor_scan_legacy64(const void *memmap, uint64_t page_count, uint64_t netmem_signature);

/// lookup-scan, two-word layouts: the order is `(word0 >> shift) & mask`.
uint64_t floor_scan_word_order(const void *memmap, uint64_t page_count,
                               unsigned shift, uint64_t mask);

/// lookup-scan, memdesc8: a word with a descriptor tag takes its order from the memdesc
/// (a dependent load), any other `(word >> shift) & mask`.
uint64_t floor_scan_memdesc8(const void *memmap, uint64_t page_count, uint64_t desc_tags,
                             unsigned shift, uint64_t mask);

/// lookup-scan, interim32: the memdesc word at 8; an allocation's order from the memdesc,
/// a free block's (`flags & buddy_flag`) from `private` at 24.
uint64_t floor_scan_interim32(const void *memmap, uint64_t page_count, uint64_t desc_tags,
                              uint64_t buddy_flag);

#endif
