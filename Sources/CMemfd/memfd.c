#define _GNU_SOURCE
#include "memfd.h"

#include <fcntl.h>
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
