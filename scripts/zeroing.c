/* What the model leaves out, measured: zeroing a 4 KiB page and a 2 MiB THP with memset
 * (as clear_page does with `rep stosb`) over a 128 MiB buffer written just before, median of
 * 9 runs. README "Not modelled". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
static int cmp(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return (x > y) - (x < y); }

int main(void) {
    const size_t huge = 2 << 20, count = 64;
    char *p = mmap(0, huge * count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    memset(p, 1, huge * count);
    double small[9], large[9];
    for (int r = 0; r < 9; r++) {
        double t = now();
        // The barrier after each memset keeps the compiler from merging the loop into one
        // large memset (clang -O2 did, which measured a bulk memset instead of a page's).
        for (size_t i = 0; i < count; i++) { memset(p + i * huge, 0, huge); __asm__ volatile("" ::"r"(p) : "memory"); }
        large[r] = (now() - t) / count;
        t = now();
        for (size_t i = 0; i < count * 512; i++) { memset(p + i * 4096, 0, 4096); __asm__ volatile("" ::"r"(p) : "memory"); }
        small[r] = (now() - t) / (count * 512);
    }
    qsort(small, 9, sizeof(double), cmp);
    qsort(large, 9, sizeof(double), cmp);
    printf("zero 4 KiB: %.0f ns (median of 9, 32768 pages each)\n", small[4]);
    printf("zero 2 MiB: %.1f us (median of 9, 64 THPs each)\n", large[4] / 1e3);
    return 0;
}
