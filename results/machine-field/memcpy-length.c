// memcpy of the lengths the harness copied (Machine 472/480/512/520, SlabAllocator 184/200),
// source and destination as in the harness (a struct in its own page; a stack slot), then one
// 8-byte load from the copy, as the code after the copy reads a field. ns per copy.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
int main(void) {
    size_t lengths[] = {184, 200, 472, 480, 512, 520};
    char *page = aligned_alloc(4096, 8192);
    memset(page, 1, 8192);
    volatile unsigned long sink = 0;
    for (int rep = 0; rep < 3; rep++)
    for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
        size_t n = lengths[i];
        char dst[1024] __attribute__((aligned(16)));
        void *(*volatile copy)(void *, const void *, size_t) = memcpy;
        long iters = 20000000;
        double t0 = now();
        for (long k = 0; k < iters; k++) {
            copy(dst + 8, page + 128, n);
            sink += *(volatile unsigned long *)(dst + 8 + 304);
        }
        double t = (now() - t0) / iters;
        printf("%s%zu bytes: %.2f ns\n", rep ? "" : "", n, t);
    }
    return (int)(sink & 0);
}
