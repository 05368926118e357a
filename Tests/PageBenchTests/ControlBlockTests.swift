@testable import PageBench
import Testing

/// `ControlBlock.carve` at its edges: where a piece lands against a page's window and end.
private let page = PageGeometry.pageSize
private let window = ControlBlock.machineWindow

@Suite("Control block")
struct ControlBlockTests {
    /// Offsets of each carved piece from the block's start.
    static func offsets(_ pieces: [Int]) throws -> [Int] {
        guard let mapping = Mapping(byteCount: 8 * page) else { throw MappingRefused() }
        var block = ControlBlock(mapping)
        return pieces.map { UnsafeRawPointer(block.carveBytes($0)) - UnsafeRawPointer(mapping.base) }
    }

    @Test func theFirstPieceStartsAtTheWindow() throws {
        #expect(try Self.offsets([16, 16]) == [window, window + 16])
    }

    /// A piece of exactly `pieceLimit` fills a page past its window; the next one skips to
    /// the next page's window.
    @Test func aPieceOfTheLimitFillsThePage() throws {
        #expect(try Self.offsets([ControlBlock.pieceLimit, 16]) == [window, page + window])
    }

    /// A small piece that would cross the page's end goes whole into the next page, and one
    /// that ends exactly there stays.
    @Test func aSmallPieceDoesNotCrossAPage() throws {
        let rest = page - window - 64
        #expect(try Self.offsets([rest, 64, 16]) == [window, page - 64, page + window])
        #expect(try Self.offsets([rest, 80]) == [window, page + window])
    }

    /// A piece larger than the limit starts at a window: where the block stands at one, there;
    /// otherwise at the next page's, spanning the pages after it.
    @Test func aLargePieceStartsAtAWindow() throws {
        let large = ControlBlock.pieceLimit + 16
        #expect(try Self.offsets([large, 16]) == [window, page + window])
        #expect(try Self.offsets([16, large]) == [window, page + window])
        #expect(try Self.offsets([ControlBlock.pieceLimit, large]) == [window, page + window])
        // A page-sized piece ends exactly at the next page's window: the large one stays there.
        #expect(try Self.offsets([page, large]) == [window, page + window])
    }

    /// `mappingBytes` is enough for heads of several pages (as a bitmap store's are) in two
    /// arrays and the 64 KiB of small pieces a machine may carve after them.
    @Test func theMappingHoldsTheHeadsAndThePieces() throws {
        let heads = 3 * page + 100
        let bytes = ControlBlock.mappingBytes(heads: heads)
        guard let mapping = Mapping(byteCount: bytes) else { throw MappingRefused() }
        var block = ControlBlock(mapping)
        _ = block.carveBytes(16)
        let first = block.carveBytes(heads / 2), second = block.carveBytes(heads - heads / 2)
        #expect((UnsafeRawPointer(first) - UnsafeRawPointer(mapping.base)) % page == window)
        #expect((UnsafeRawPointer(second) - UnsafeRawPointer(mapping.base)) % page == window)
        // 64 KiB of small pieces, a page's worth apiece at most.
        var last = UnsafeRawPointer(second)
        for _ in 0..<16 { last = UnsafeRawPointer(block.carveBytes(ControlBlock.pieceLimit)) }
        #expect(last + ControlBlock.pieceLimit <= UnsafeRawPointer(mapping.base) + mapping.byteCount)
    }
}

private struct MappingRefused: Error {}
