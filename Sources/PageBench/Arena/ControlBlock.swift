/// A bump allocator over one mapping, for the allocators' own state (free-area heads,
/// per-CPU lists, kmem_caches). Nothing in it is ever freed on its own: it lives as long as
/// the machine, like the kernel's static zone and cache structures.
///
/// The first `machineWindow` bytes of every page of the block hold nothing. The `Machine`
/// struct sits in that window of a page of its own (`MachineBox`), so no store to the state
/// carved here shares its place in a page with the struct's loads, whatever the round draws
/// (a bitmap's bit words, placed by pfn, are the exception: see `carve`). Where the struct's
/// loads shared it with a `kmem_cache`'s stores, every `kmalloc` of that cache ran 1.15 to
/// 1.6x slower (4K aliasing is the likely mechanism; `results/machine-offset/`).
struct ControlBlock {
    /// Bytes at the start of every page kept for the `Machine` struct.
    static let machineWindow = 1024
    /// The most a piece carved whole into one page can have: past the window, within the page.
    static let pieceLimit = PageGeometry.pageSize - machineWindow

    private var next: UnsafeMutableRawPointer
    private let end: UnsafeMutableRawPointer

    init(_ mapping: borrowing Mapping) {
        precondition(Int(bitPattern: mapping.base) % PageGeometry.pageSize == 0, "a control block starts a page")
        next = mapping.base
        end = mapping.base + mapping.byteCount
    }

    /// Bytes of mapping for the allocators' state with `heads` bytes of list heads in two
    /// arrays (the zone's and the per-CPU lists'): 64 KiB for the small pieces, each of which
    /// may skip to the next page, and the arrays, each from a page's window on (so up to two
    /// pages more apiece than their bytes).
    static func mappingBytes(heads: Int) -> Int {
        (1 << 16) + heads.roundedUp(toMultipleOf: PageGeometry.pageSize) + 4 * PageGeometry.pageSize
    }

    /// A piece that fits past the window of one page goes there whole; a larger one (a
    /// bitmap store's list heads, page-sized apiece: `Zone.headStride`) starts just past a
    /// page's window, so each of its heads' headers does. Such a piece's own words (a bit
    /// per page) cover later windows, stored at a pfn's place as the memmap's are.
    mutating func carve<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
        let page = PageGeometry.pageSize, window = Self.machineWindow
        let align = max(MemoryLayout<T>.alignment, 16)
        precondition(window % align == 0, "a window's end is aligned for every piece")
        let bytes = MemoryLayout<T>.stride * count
        var start = Int(bitPattern: next).roundedUp(toMultipleOf: align)
        let offset = start % page
        if offset < window {
            start += window - offset
        } else if bytes <= Self.pieceLimit ? offset + bytes > page : offset != window {
            start += page - offset + window
        }
        let pointer = UnsafeMutableRawPointer(bitPattern: start)!
        precondition(pointer + bytes <= end, "control block too small")
        next = pointer + bytes
        return pointer.bindMemory(to: T.self, capacity: count)
    }

    mutating func carveBytes(_ bytes: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(carve(UInt8.self, count: bytes.roundedUp(toMultipleOf: 16)))
    }
}
