#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMemfd

/// A mapping that unmaps itself (and closes its file) when dropped.
///
/// Reserved with `MAP_NORESERVE`: the kernel backs only the pages that are touched, so a
/// 1 TiB "machine" costs what its touched metadata costs. Memory reads as zero until written.
/// Touched pages are locked (`MLOCK_ONFAULT`, where the limit allows): the simulated
/// physical memory must not be reclaimed under a timed loop. (This VM runs DAMON with a
/// `pageout` scheme, which unmaps cold shared pages every few seconds even without swap.)
public struct Mapping: ~Copyable {
    public let base: UnsafeMutableRawPointer
    public let byteCount: Int
    /// The memfd behind a shared mapping, -1 for an anonymous private one.
    let file: Int32

    /// Maps `byteCount` bytes (rounded up to 4 KiB), or returns nil if the kernel refuses.
    /// - Parameters:
    ///   - hugePages: `MADV_HUGEPAGE`, as the kernel maps its vmemmap with 2 MiB pages.
    ///   - shared: back the mapping with a memfd, so that its pages can also be mapped
    ///     elsewhere in it (`share`, for HVO). Shared memory gets no THP here
    ///     (`shmem_enabled` is `never`): 4 KiB pages, as HVO leaves the kernel's vmemmap.
    ///   - hugePageAligned: start on a 2 MiB boundary without asking for huge pages, so parts
    ///     of it can ask later (`UnmovableBlocks`).
    public init?(byteCount: Int, hugePages: Bool = false, shared: Bool = false, hugePageAligned: Bool = false) {
        let length = max(byteCount, 1).roundedUp(toMultipleOf: 4096)
        var file: Int32 = -1
        if shared {
            file = pb_memfd_open("memmap", UInt64(length))
            guard file >= 0 else { return nil }
        }
        let flags = (shared ? MAP_SHARED : MAP_PRIVATE | MAP_ANONYMOUS) | MAP_NORESERVE
        // A huge-page mapping starts on a 2 MiB boundary: the kernel places a mapping whose
        // length is not a multiple of 2 MiB (a memmap plus its zero page) anywhere, and the
        // part before the first boundary then gets 4 KiB pages: up to 2 MiB of a 16 MiB
        // memmap, a different share every round (measured in the rounds' samples).
        let align = (hugePages || hugePageAligned) && !shared ? Self.hugePageSize : 0
        guard let reserved = mmap(nil, length + align, PROT_READ | PROT_WRITE, flags, file, 0), reserved != MAP_FAILED else {
            if file >= 0 { close(file) }
            return nil
        }
        let p = align == 0 ? reserved : Self.trim(reserved, length: length, align: align)
        #if os(Linux)
        // THP is in `madvise` mode here, so ask for it. Advice only: failure leaves 4 KiB pages.
        if hugePages { _ = madvise(p, length, MADV_HUGEPAGE) }
        _ = pb_mlock_on_fault(p, UInt64(length))
        #endif
        self.base = p
        self.byteCount = length
        self.file = file
    }

    deinit {
        munmap(base, byteCount)
        if file >= 0 { close(file) }
    }

    static let hugePageSize = 2 << 20

    /// The `length` bytes from the first `align` boundary in a reservation of
    /// `length + align`; the rest is given back.
    private static func trim(_ reserved: UnsafeMutableRawPointer, length: Int, align: Int) -> UnsafeMutableRawPointer {
        let start = Int(bitPattern: reserved).roundedUp(toMultipleOf: align)
        let head = start - Int(bitPattern: reserved)
        if head > 0 { munmap(reserved, head) }
        if align - head > 0 { munmap(reserved + head + length, align - head) }
        return reserved + head
    }
}

extension Mapping {
    /// Back every page with memory of its own now, without changing its contents
    /// (`MADV_POPULATE_WRITE`, or a write per page where the kernel lacks it). Untouched
    /// anonymous memory reads from the one shared zero page, which is always in cache.
    func populate() { Self.populate(base, byteCount: byteCount) }

    /// `populate()` for the `byteCount` bytes at `start`, page aligned.
    static func populate(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        if madvise(start, byteCount, MADV_POPULATE_WRITE) == 0 { return }
        #endif
        let end = start + byteCount
        var page = start
        while page < end {
            page.storeBytes(of: page.load(as: UInt8.self), as: UInt8.self)
            page += PageGeometry.pageSize
        }
    }
}

extension Mapping {
    /// Replaces `length` bytes at `start`, 2 MiB aligned, of a private mapping with fresh
    /// zero-filled memory that asks for a huge page, locked on fault as the rest. A range
    /// that has had 4 KiB pages keeps their page table after `MADV_DONTNEED` (which a locked
    /// range refuses anyway), and a range with a page table never gets a THP on fault; a
    /// fresh mapping has none. What the range held is lost.
    static func renewWithHugePage(_ start: UnsafeMutableRawPointer, length: Int) {
        #if os(Linux)
        let fresh = mmap(start, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0)
        guard fresh == start else { return }
        _ = madvise(start, length, MADV_HUGEPAGE)
        _ = pb_mlock_on_fault(start, UInt64(length))
        #endif
    }
}

extension Int {
    @inline(__always)
    func roundedUp(toMultipleOf m: Int) -> Int { (self + m - 1) / m * m }
}
