import Atomics
import CMemfd
import Foundation
@testable import PageBench
import Testing

/// The round's set-up on every CPU (`concurrentMap`).
@Suite("Set-up on every CPU")
struct ConcurrentMapTests {
    /// Every index runs once and its result lands at its index.
    @Test func resultsComeInIndexOrder() {
        let runs = ManagedAtomic<Int>(0)
        let squares = concurrentMap(1000) { i in
            runs.wrappingIncrement(ordering: .relaxed)
            return i * i
        }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(runs.load(ordering: .relaxed) == 1000)
    }

    /// With the measuring thread pinned to one CPU, the helper thread runs on any: a new
    /// thread inherits its maker's mask, and a first version's helper shared the pinned
    /// CPU, so set-up ran no faster. Index 0 holds its thread until another index has
    /// begun, so the helper surely runs one.
    @Test func helpersAreNotPinnedWithTheCaller() throws {
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        guard cpus > 1 else { return }
        #expect(pb_pin_to_cpu(0) == 0)
        defer { _ = pb_pin_to_cpu(-1) }
        let caller = pthread_self(), begun = ManagedAtomic<Int>(0)
        let seen = concurrentMap(8) { i -> (helper: Bool, allowed: Int32) in
            begun.wrappingIncrement(ordering: .relaxed)
            // (A helper that never starts fails the test after a minute instead of hanging it.)
            let deadline = Date().addingTimeInterval(60)
            if i == 0 { while begun.load(ordering: .relaxed) < 2 && Date() < deadline {} }
            return (pthread_equal(pthread_self(), caller) == 0, pb_allowed_cpus())
        }
        let helpers = seen.filter(\.helper)
        #expect(!helpers.isEmpty)
        #expect(helpers.allSatisfy { $0.allowed == Int32(cpus) }, "\(helpers)")
        #expect(seen.filter { !$0.helper }.allSatisfy { $0.allowed == 1 }, "the caller keeps its pin")
    }
}
