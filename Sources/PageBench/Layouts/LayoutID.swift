/// The registry of layouts. A new layout is one file conforming to `PageLayout` plus one
/// case here and one line in `visit`: every test, check and workload then runs on it.
public enum LayoutID: String, CaseIterable, Sendable {
    case legacy64
    /// legacy64 with HugeTLB Vmemmap Optimisation.
    case legacy64HVO = "legacy64-hvo"
    case twoword16
    case chead16
    /// The 16-byte layouts with their free-list links in the free pages (seed 001).
    case twoword16FreeMemory = "twoword16-freemem"
    case chead16FreeMemory = "chead16-freemem"
    /// ... and with their free lists as bitmaps beside the memmap.
    case twoword16Bitmap = "twoword16-bitmap"
    case chead16Bitmap = "chead16-bitmap"
    /// The kernel's own path (DOMAIN.md section 6): the 32-byte interim page...
    case interim32
    /// ... and the final 8-byte page, its free lists packed into the word, in the free
    /// pages, or as bitmaps.
    case memdesc8
    case memdesc8FreeMemory = "memdesc8-freemem"
    case memdesc8Bitmap = "memdesc8-bitmap"

    /// Call `visitor` with the layout's concrete type. The `switch` is what lets the
    /// optimiser specialise everything below it; never go through `any PageLayout`.
    @inline(__always)
    public func visit<V: LayoutVisitor>(_ visitor: inout V) -> V.Result {
        switch self {
        case .legacy64: visitor.visit(Legacy64.self)
        case .legacy64HVO: visitor.visit(Legacy64HVO.self)
        case .twoword16: visitor.visit(TwoWord16.self)
        case .chead16: visitor.visit(CHead16.self)
        case .twoword16FreeMemory: visitor.visit(TwoWord16FreeMemory.self)
        case .chead16FreeMemory: visitor.visit(CHead16FreeMemory.self)
        case .twoword16Bitmap: visitor.visit(TwoWord16Bitmap.self)
        case .chead16Bitmap: visitor.visit(CHead16Bitmap.self)
        case .interim32: visitor.visit(Interim32.self)
        case .memdesc8: visitor.visit(Memdesc8.self)
        case .memdesc8FreeMemory: visitor.visit(Memdesc8FreeMemory.self)
        case .memdesc8Bitmap: visitor.visit(Memdesc8Bitmap.self)
        }
    }

    /// The layout's metatype, for code that is not timed (describe, accounting tables).
    public var type: any PageLayout.Type {
        switch self {
        case .legacy64: Legacy64.self
        case .legacy64HVO: Legacy64HVO.self
        case .twoword16: TwoWord16.self
        case .chead16: CHead16.self
        case .twoword16FreeMemory: TwoWord16FreeMemory.self
        case .chead16FreeMemory: CHead16FreeMemory.self
        case .twoword16Bitmap: TwoWord16Bitmap.self
        case .chead16Bitmap: CHead16Bitmap.self
        case .interim32: Interim32.self
        case .memdesc8: Memdesc8.self
        case .memdesc8FreeMemory: Memdesc8FreeMemory.self
        case .memdesc8Bitmap: Memdesc8Bitmap.self
        }
    }
}

/// Generic code to run for one concrete layout.
public protocol LayoutVisitor {
    associatedtype Result
    mutating func visit<L: PageLayout>(_ layout: L.Type) -> Result
}
