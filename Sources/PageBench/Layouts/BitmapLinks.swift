/// Free lists as bitmaps outside the memmap and the free memory (seed 001's "separate
/// structure", in the spirit of LLFree's bit-field trees): one bit per page in each list,
/// plus a summary bit per 64-bit word, so finding a free block reads two words, not a
/// list. Sized for the whole machine at boot (`headSize`), so freeing never allocates; the
/// cost is memory: 2 bits per page per list.
///
/// A bitmap is a set, not a sequence: it cannot remember the order pages were added in. Its
/// head (`first`) is its lowest pfn and its tail (`last`) its highest, so a list hands out its
/// lowest pfn first (address order), not the most recently freed, and `addTail` is `add`. On
/// the per-CPU lists, allocations therefore take the lowest pfn and drains the highest, where
/// the kernel takes the most recently freed block and drains the least recently freed.
public enum BitmapLinks: FreeLinks {
    public static var storeName: String { "bitmap" }
    public static var nameSuffix: String { "-bitmap" }
    public static var keepsOrder: Bool { false }

    // Head: [count][low hint: first summary word that may be non-zero][high hint: last summary
    // word that may be non-zero][summary words][bit words]
    static let headerBytes = 24
    static func wordCount(_ pageCount: Int) -> Int { (pageCount + 63) / 64 }
    static func summaryCount(_ pageCount: Int) -> Int { (wordCount(pageCount) + 63) / 64 }

    public static func headSize(pageCount: Int) -> Int {
        headerBytes + 8 * (summaryCount(pageCount) + wordCount(pageCount))
    }

    @inline(__always)
    static func words(_ head: UnsafeMutableRawPointer) -> (count: UnsafeMutablePointer<Int>, hint: UnsafeMutablePointer<Int>,
                                                          highHint: UnsafeMutablePointer<Int>,
                                                          summary: UnsafeMutablePointer<UInt64>) {
        (head.assumingMemoryBound(to: Int.self), (head + 8).assumingMemoryBound(to: Int.self),
         (head + 16).assumingMemoryBound(to: Int.self), (head + headerBytes).assumingMemoryBound(to: UInt64.self))
    }

    @inline(__always)
    static func bits<P: FreeListPage>(_ head: UnsafeMutableRawPointer, _ page: P) -> UnsafeMutablePointer<UInt64> {
        (head + headerBytes + 8 * summaryCount(page.pageCount)).assumingMemoryBound(to: UInt64.self)
    }

    public static func initialize<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P) {
        head.initializeMemory(as: UInt8.self, repeating: 0, count: headSize(pageCount: page.pageCount))
    }

    @inline(__always)
    public static func isEmpty(_ head: UnsafeMutableRawPointer) -> Bool { words(head).count.pointee == 0 }

    @inline(__always)
    public static func add<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) {
        let (count, hint, highHint, summary) = words(head)
        let word = pfn >> 6
        let bits = bits(head, page)
        if bits[word] == 0 {
            summary[word >> 6] |= 1 << UInt64(word & 63)
            if word >> 6 < hint.pointee { hint.pointee = word >> 6 }
            if word >> 6 > highHint.pointee { highHint.pointee = word >> 6 }
        }
        bits[word] |= 1 << UInt64(pfn & 63)
        count.pointee += 1
    }

    /// The same as `add`: a set has no back.
    @inline(__always)
    public static func addTail<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) {
        add(pfn, head, in: page)
    }

    @inline(__always)
    public static func delete<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) {
        let (count, _, _, summary) = words(head)
        let word = pfn >> 6
        let bits = bits(head, page)
        bits[word] &= ~(1 << UInt64(pfn & 63))
        if bits[word] == 0 { summary[word >> 6] &= ~(1 << UInt64(word & 63)) }
        count.pointee -= 1
    }

    @inline(__always)
    public static func first<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P) -> Int? {
        let (count, hint, _, summary) = words(head)
        guard count.pointee > 0 else { return nil }
        var s = hint.pointee
        while summary[s] == 0 { s += 1 }
        hint.pointee = s
        let word = s << 6 | summary[s].trailingZeroBitCount
        return word << 6 | bits(head, page)[word].trailingZeroBitCount
    }

    /// The highest pfn in the set.
    @inline(__always)
    public static func last<P: FreeListPage>(_ head: UnsafeMutableRawPointer, in page: P) -> Int? {
        let (count, _, highHint, summary) = words(head)
        guard count.pointee > 0 else { return nil }
        var s = highHint.pointee
        while summary[s] == 0 { s -= 1 }
        highHint.pointee = s
        let word = s << 6 | (63 - summary[s].leadingZeroBitCount)
        return word << 6 | (63 - bits(head, page)[word].leadingZeroBitCount)
    }

    public static func next<P: FreeListPage>(_ pfn: Int, _ head: UnsafeMutableRawPointer, in page: P) -> Int? {
        let bits = bits(head, page)
        var word = pfn >> 6
        var rest = bits[word] & ~((2 << UInt64(pfn & 63)) &- 1)
        while rest == 0 {
            word += 1
            guard word < wordCount(page.pageCount) else { return nil }
            rest = bits[word]
        }
        return word << 6 | rest.trailingZeroBitCount
    }
}
