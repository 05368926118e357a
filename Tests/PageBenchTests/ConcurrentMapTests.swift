import Atomics
import CMemfd
import Foundation
@testable import PageBench
import Testing

/// The round's set-up and tear-down on every CPU (`concurrentMap`, `releaseConcurrently`).
@Suite("Set-up on every CPU")
struct ConcurrentMapTests {
    static let cpus = ProcessInfo.processInfo.activeProcessorCount

    /// Every index runs once and its result lands at its index.
    @Test func resultsComeInIndexOrder() {
        let runs = ManagedAtomic<Int>(0)
        let squares = concurrentMap(1000) { i in
            runs.wrappingIncrement(ordering: .relaxed)
            return i * i
        }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(runs.load(ordering: .relaxed) == 1000)
        #expect(concurrentMap(0) { $0 }.isEmpty)
    }

    /// With the measuring thread pinned to one CPU, the helper thread runs on any: a new
    /// thread inherits its maker's mask, and a first version's helper shared the pinned
    /// CPU, so set-up ran no faster. Index 0 holds its thread until another index has
    /// begun, so the helper surely runs one (a helper that never takes an index fails the
    /// test after a minute).
    @Test(.enabled(if: cpus > 1)) func helpersAreNotPinnedWithTheCaller() throws {
        #expect(pb_pin_to_cpu(0) == 0)
        defer { _ = pb_pin_to_cpu(-1) }
        let caller = pthread_self(), begun = ManagedAtomic<Int>(0)
        let seen = concurrentMap(8) { i -> (helper: Bool, allowed: Int32) in
            begun.wrappingIncrement(ordering: .relaxed)
            let deadline = Date().addingTimeInterval(60)
            if i == 0 { while begun.load(ordering: .relaxed) < 2 && Date() < deadline {} }
            return (pthread_equal(pthread_self(), caller) == 0, pb_allowed_cpus())
        }
        let helpers = seen.filter(\.helper)
        #expect(!helpers.isEmpty)
        #expect(helpers.allSatisfy { $0.allowed == Int32(Self.cpus) }, "\(helpers)")
        #expect(seen.filter { !$0.helper }.allSatisfy { $0.allowed == 1 }, "the caller keeps its pin")
    }

    /// Released values are gone when the call returns (none left for the caller to unmap
    /// after it, one at a time), and a helper thread dropped some.
    @Test(.enabled(if: cpus > 1)) func releasedValuesAreGoneOnReturn() {
        final class Tracked {
            let id: Int, log: Log
            init(_ id: Int, _ log: Log) { (self.id, self.log) = (id, log) }
            deinit { log.died(id) }
        }
        final class Log: @unchecked Sendable {
            let lock = NSLock(), caller = pthread_self(), begun = ManagedAtomic<Int>(0)
            var deaths = 0, offCaller = 0
            func died(_ id: Int) {
                begun.wrappingIncrement(ordering: .relaxed)
                let deadline = Date().addingTimeInterval(60)
                if id == 0 { while begun.load(ordering: .relaxed) < 2 && Date() < deadline {} }
                lock.lock()
                deaths += 1
                if pthread_equal(pthread_self(), caller) == 0 { offCaller += 1 }
                lock.unlock()
            }
        }
        let log = Log()
        var values = (0..<64).map { Tracked($0, log) }
        releaseConcurrently(&values)
        #expect(log.deaths == 64)
        #expect(log.offCaller > 0)
    }
}
