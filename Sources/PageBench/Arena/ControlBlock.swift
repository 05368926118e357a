/// A bump allocator over one mapping, for the allocators' own state (free-area heads,
/// per-CPU lists, kmem_caches). Nothing in it is ever freed on its own: it lives as long as
/// the machine, like the kernel's static zone and cache structures.
struct ControlBlock {
    private var next: UnsafeMutableRawPointer
    private let end: UnsafeMutableRawPointer

    init(_ mapping: borrowing Mapping) {
        next = mapping.base
        end = mapping.base + mapping.byteCount
    }

    mutating func carve<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
        let align = max(MemoryLayout<T>.alignment, 16)
        let start = UnsafeMutableRawPointer(bitPattern: Int(bitPattern: next).roundedUp(toMultipleOf: align))!
        let bytes = MemoryLayout<T>.stride * count
        precondition(start + bytes <= end, "control block too small")
        next = start + bytes
        return start.bindMemory(to: T.self, capacity: count)
    }

    mutating func carveBytes(_ bytes: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(carve(UInt8.self, count: bytes.roundedUp(toMultipleOf: 16)))
    }
}
