/// `struct list_head` (include/linux/list.h): a circular doubly linked list threaded
/// through the entries themselves. Used for `buddy_list` in legacy64 and for every
/// layout's `slab_list`. Entries and heads are raw addresses in mmap'd memory.
public struct ListHead: BitwiseCopyable, Equatable {
    public var next: UInt
    public var prev: UInt

    /// `LIST_POISON1` / `LIST_POISON2`: what `list_del` leaves in a removed entry.
    static let poison1: UInt = 0x100 + poisonPointerDelta
    static let poison2: UInt = 0x122 + poisonPointerDelta

    @inline(__always)
    static func at(_ address: UInt) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: address).unsafelyUnwrapped
    }

    /// `INIT_LIST_HEAD`.
    @inline(__always)
    public static func initialize(_ head: UnsafeMutableRawPointer) {
        let h = UInt(bitPattern: head)
        head.storeBytes(of: ListHead(next: h, prev: h), as: ListHead.self)
    }

    @inline(__always)
    public static func isEmpty(_ head: UnsafeMutableRawPointer) -> Bool {
        head.load(as: UInt.self) == UInt(bitPattern: head)
    }

    /// `list_add`: insert `entry` right after `head`.
    @inline(__always)
    public static func add(_ entry: UnsafeMutableRawPointer, _ head: UnsafeMutableRawPointer) {
        let h = UInt(bitPattern: head), e = UInt(bitPattern: entry)
        let first = head.load(as: UInt.self)
        entry.storeBytes(of: ListHead(next: first, prev: h), as: ListHead.self)
        at(first).storeBytes(of: e, toByteOffset: 8, as: UInt.self)
        head.storeBytes(of: e, as: UInt.self)
    }

    /// `list_add_tail`: insert `entry` right before `head`, at the end.
    @inline(__always)
    public static func addTail(_ entry: UnsafeMutableRawPointer, _ head: UnsafeMutableRawPointer) {
        let h = UInt(bitPattern: head), e = UInt(bitPattern: entry)
        let last = head.load(fromByteOffset: 8, as: UInt.self)
        entry.storeBytes(of: ListHead(next: h, prev: last), as: ListHead.self)
        at(last).storeBytes(of: e, as: UInt.self)
        head.storeBytes(of: e, toByteOffset: 8, as: UInt.self)
    }

    /// `list_del`: unlink `entry` and poison it.
    @inline(__always)
    public static func delete(_ entry: UnsafeMutableRawPointer) {
        let links = entry.load(as: ListHead.self)
        at(links.next).storeBytes(of: links.prev, toByteOffset: 8, as: UInt.self)
        at(links.prev).storeBytes(of: links.next, as: UInt.self)
        entry.storeBytes(of: ListHead(next: poison1, prev: poison2), as: ListHead.self)
    }

    /// The first entry, or nil when the list is empty.
    @inline(__always)
    public static func first(_ head: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        next(head, head)
    }

    /// The last entry (`list_last_entry`), or nil when the list is empty.
    @inline(__always)
    public static func last(_ head: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        let p = head.load(fromByteOffset: 8, as: UInt.self)
        return p == UInt(bitPattern: head) ? nil : at(p)
    }

    /// The entry after `entry`, or nil when it is the last.
    @inline(__always)
    public static func next(_ entry: UnsafeMutableRawPointer, _ head: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        let n = entry.load(as: UInt.self)
        return n == UInt(bitPattern: head) ? nil : at(n)
    }
}
