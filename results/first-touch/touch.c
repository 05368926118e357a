// First-touch cost of anonymous 4 KiB pages: mmap N MiB (MAP_NORESERVE, no THP), write one
// byte a page, ns a page; then munmap. Repeats R times with S seconds between passes.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
int main(int argc, char **argv) {
    size_t mib = argc > 1 ? atol(argv[1]) : 1024; int reps = argc > 2 ? atoi(argv[2]) : 3;
    double pause = argc > 3 ? atof(argv[3]) : 0;
    size_t bytes = mib << 20, pages = bytes >> 12;
    for (int r = 0; r < reps; r++) {
        char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) { perror("mmap"); return 1; }
        madvise(p, bytes, MADV_NOHUGEPAGE);
        double t0 = now();
        for (size_t i = 0; i < pages; i++) p[i << 12] = 1;
        double t1 = now();
        for (size_t i = 0; i < pages; i++) p[i << 12] = 2;   // already backed: the loop's own cost
        double t2 = now();
        printf("pass %d: %zu MiB, first touch %.0f ns a page, second %.1f ns a page\n", r, mib, (t1 - t0) / pages, (t2 - t1) / pages);
        fflush(stdout);
        munmap(p, bytes);
        if (pause > 0 && r + 1 < reps) usleep((useconds_t)(pause * 1e6));
    }
    return 0;
}
