@testable import PageBench
import Testing

/// Every machine of a round sits at one place in its page, drawn anew for every round: left
/// where malloc put them, the one machine a round at 2560 bytes ran the 512-byte
/// `kmalloc-kfree` rows 1.1 to 1.6x slower (`results/machine-offset/`).
@Suite("Machine placement")
struct MachinePlacementTests {
    static func pageOffset<L: PageLayout>(_ box: MachineBox<L>) -> Int {
        Int(UInt(bitPattern: box.ref) % UInt(PageGeometry.pageSize))
    }

    @Test func aMachineSitsWhereItIsPlaced() throws {
        for offset in [0, 64, 2560, 4032] {
            let box = try MachineBox<Legacy64>(pageCount: 4096, hugePageMemmap: false, pageOffset: offset)
            #expect(Self.pageOffset(box) == offset)
        }
    }

    /// The runner's set-up hands the round's place to every machine it makes.
    @Test func everyMachineOfARoundSharesItsPlace() throws {
        let setup = Setup(pageCount: 4096, seed: 1, references: false, verify: false, workload: "kmalloc-kfree",
                          machineOffset: 2560)
        let preparation = Preparation(workload: .kmallocKfree, variant: WorkloadVariant(batch: 16, size: 512),
                                      setup: setup, hugePageMemmap: false)
        let boxes = try (0..<3).map { _ in try preparation.machine(Legacy64.self) }
        let other = try preparation.machine(CHead16.self)
        #expect(boxes.map(Self.pageOffset) == [2560, 2560, 2560])
        #expect(Self.pageOffset(other) == 2560)
    }

    /// Aligned places below a page, the same for a round whatever asks, and spread over
    /// the rounds (a constant place would be one draw for the whole run, as the stack was).
    @Test func eachRoundDrawsItsPlace() {
        let places = (0..<64).map { Setup.machineOffset(seed: 1, round: $0) }
        #expect(places.allSatisfy { $0 >= 0 && $0 < PageGeometry.pageSize && $0 % 64 == 0 })
        #expect(Set(places).count >= 32)
        #expect(places == (0..<64).map { Setup.machineOffset(seed: 1, round: $0) })
        #expect(places != (0..<64).map { Setup.machineOffset(seed: 2, round: $0) })
    }
}
