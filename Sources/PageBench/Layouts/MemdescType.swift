/// What a page is used for: the one table of type tags every layout uses. The raw values
/// are the 4-bit tags of the current revision of kernelnewbies.org/MatthewWilcox/Memdescs
/// (0 misc, 1 buddy, 2 file folio, 3 anon folio, 4 KSM, 5 slab, 6 movable, 7 page table,
/// 8 net pool, 9 HWPoison, 10 percpu, 11-15 unassigned; an older revision had 1 file,
/// 2 anon, 4 slab, 5 free, 9 page table, 10 net pool). The harness uses the five below
/// (a folio is tagged file; it does not tell anon folios apart). The memdesc layouts keep
/// them in the low bits of their 16-byte-aligned memdesc pointers; `interim32` must move
/// net pool off 8, a tag its list pointers alias (`Interim32.tag(of:)`).
public enum MemdescType: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// Tag 0, misc, with no subtype and order 0: a page not handed out and not the head of a
    /// free block (the inside of a free block, or a page on a per-CPU list in layouts that
    /// cannot tell). The harness allocates no misc pages.
    case none = 0
    /// The head of a free block in the buddy allocator or on a per-CPU list.
    case buddy = 1
    /// A file folio (`struct folio`).
    case folio = 2
    /// A slab (`struct slab`).
    case slab = 5
    /// A page table (`struct ptdesc`).
    case pageTable = 7
    /// A page_pool page of the network stack (`struct netmem_desc`).
    case netmem = 8

    /// The types an allocation can have.
    public static let allocatable: [MemdescType] = [.folio, .slab, .pageTable, .netmem]

    /// The case's position in the declaration, which is how Swift stores the enum: free to
    /// read, unlike `rawValue`, which the optimiser may turn into a jump table (an indirect
    /// branch that mispredicts when a scan meets the types mixed). For checksums.
    @inline(__always)
    public var ordinal: UInt8 { unsafeBitCast(self, to: UInt8.self) }

    @inline(__always)
    public init(tag: UInt) {
        self = MemdescType(rawValue: UInt8(truncatingIfNeeded: tag & 0xf)) ?? .none
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .buddy: "buddy"
        case .folio: "folio"
        case .slab: "slab"
        case .pageTable: "ptdesc"
        case .netmem: "netmem"
        }
    }
}

/// A typed pointer to a memory descriptor: the pointer with the type in its low 4 bits.
///
/// For `legacy64` the pointer is the head `struct page` (folio, slab and ptdesc are overlays
/// of it); for the small layouts it is a separately allocated, 16-byte-aligned descriptor,
/// except for a free block, which has none: there the bits above the tag are its pfn
/// (`MemdescWordPage.buddyMemdesc`), and `pointer` must not be used.
@frozen
public struct Memdesc: Equatable, Hashable, Sendable {
    public let raw: UInt

    @inline(__always)
    public init(raw: UInt) { self.raw = raw }

    @inline(__always)
    public init(_ pointer: UnsafeMutableRawPointer, _ type: MemdescType) {
        raw = UInt(bitPattern: pointer) | UInt(type.rawValue)
    }

    public static let none = Memdesc(raw: 0)

    @inline(__always) public var type: MemdescType { MemdescType(tag: raw) }
    @inline(__always) public var isNone: Bool { raw & ~0xf == 0 }

    @inline(__always)
    public var pointer: UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: raw & ~0xf).unsafelyUnwrapped
    }
}
