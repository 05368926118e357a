#if canImport(Glibc)
import Glibc
#endif
import CMemfd
import Foundation

/// One HugeTLB page mapped at `count` consecutive 2 MiB-aligned addresses; unmapped when dropped.
struct AliasedHugePage: ~Copyable {
    let base: UnsafeMutableRawPointer
    let length: Int
    let file: Int32

    init?(count: Int) {
        let huge = 2 << 20
        let file = pb_memfd_open_huge_page("tlb-probe")
        guard file >= 0 else { return nil }
        let length = count * huge
        guard let reserved = mmap(nil, length + huge, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              reserved != MAP_FAILED else { close(file); return nil }
        let start = Int(bitPattern: reserved).roundedUp(toMultipleOf: huge)
        let base = UnsafeMutableRawPointer(bitPattern: start)!
        // The unaligned head and tail go back; the aliases replace the rest.
        let head = start - Int(bitPattern: reserved)
        if head > 0 { munmap(reserved, head) }
        munmap(base + length, huge - head)
        for i in 0..<count where mmap(base + i * huge, huge, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, file, 0) == MAP_FAILED {
            munmap(base, length)
            close(file)
            return nil
        }
        self.base = base
        self.length = length
        self.file = file
    }

    deinit {
        munmap(base, length)
        close(file)
    }
}
