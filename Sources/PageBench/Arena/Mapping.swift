#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An anonymous private mapping that unmaps itself when dropped.
///
/// Reserved with `MAP_NORESERVE`: the kernel backs only the pages that are touched, so a
/// 1 TiB "machine" costs what its touched metadata costs. Memory reads as zero until written.
public struct Mapping: ~Copyable {
    public let base: UnsafeMutableRawPointer
    public let byteCount: Int

    /// Maps `byteCount` bytes (rounded up to 4 KiB), or returns nil if the kernel refuses.
    public init?(byteCount: Int, hugePages: Bool = false) {
        let length = max(byteCount, 1).roundedUp(toMultipleOf: 4096)
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
        guard let p = mmap(nil, length, PROT_READ | PROT_WRITE, flags, -1, 0),
              p != MAP_FAILED else { return nil }
        #if os(Linux)
        // The kernel's vmemmap is mapped with 2 MiB pages; THP is in `madvise` mode here,
        // so ask for it. Advice only: failure leaves 4 KiB pages.
        if hugePages { _ = madvise(p, length, MADV_HUGEPAGE) }
        #endif
        self.base = p
        self.byteCount = length
    }

    deinit { munmap(base, byteCount) }
}

extension Int {
    @inline(__always)
    func roundedUp(toMultipleOf m: Int) -> Int { (self + m - 1) / m * m }
}
