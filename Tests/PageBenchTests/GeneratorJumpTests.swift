@testable import PageBench
import Testing

/// `skipping` jumps by squaring a bit matrix; it must land where stepping one at a time does.
@Suite struct GeneratorJumpTests {
    @Test(arguments: [0, 1, 2, 63, 64, 65, 1000, 123_457])
    func jumpLandsWhereSteppingDoes(_ count: Int) {
        var stepped = WorkloadRandom(seed: 9)
        for _ in 0..<count { _ = stepped.next() }
        #expect(WorkloadRandom(seed: 9).skipping(count).state == stepped.state)
    }

    /// The floor's head start, too long to step: two half jumps make the whole one.
    @Test func longJumpsCompose() {
        let start = WorkloadRandom(seed: 9)
        #expect(start.skipping(1 << 40).state == start.skipping(1 << 39).skipping(1 << 39).state)
        #expect(start.skipping(1 << 40).state != start.skipping(1 << 39).state)
    }
}
