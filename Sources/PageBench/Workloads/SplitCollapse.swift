/// Split an order-9 folio into 512 order-0 folios and collapse them back (khugepaged),
/// timing each half separately: the clock is read around a group of folios, never per one.
/// Then the failure case: with memory full, the memdesc layouts cannot allocate the 511 new
/// descriptors a split needs, and the split fails cleanly.
enum SplitCollapse {
    static let folios = 8

    struct Outcome {
        var split: Measurement
        var collapse: Measurement
        var failed = 0
        var attempts = 0
        var failedNanoseconds: Double = 0
    }

    static func run<L: PageLayout>(_ machine: borrowing Machine<L>, plan: TimingPlan) -> Outcome? {
        // Unsafe buffers, not arrays: nothing is retained or released while the clock runs.
        var thps = LiveSet<Memdesc>(capacity: folios), heads = LiveSet<Int>(capacity: folios)
        defer { thps.deallocate(); heads.deallocate() }
        for _ in 0..<folios {
            guard let f = machine.folioAlloc(order: 9) else { break }
            thps.append(f)
            heads.append(machine.layout.headPFN(of: f))
        }
        guard thps.count == folios else {
            for i in 0..<thps.count { machine.folioPut(thps[i]) }
            return nil
        }
        var splitTimes: [Double] = [], collapseTimes: [Double] = []
        var checksum: UInt64 = 0
        let repetitions = plan.warmupReps + plan.reps
        let cyclesPerRep = max(1, Int(plan.targetRepNanoseconds / 200_000))
        for rep in 0..<repetitions {
            var splitTotal: UInt64 = 0, collapseTotal: UInt64 = 0
            for _ in 0..<cyclesPerRep {
                let t0 = monotonicNanoseconds()
                for i in 0..<folios { checksum &+= UInt64(machine.split(thps[i], to: 0) ?? 0) }
                let t1 = monotonicNanoseconds()
                for i in 0..<folios {
                    let folio = machine.collapse(heads[i], order: 9)
                    thps[i] = folio ?? thps[i]
                    checksum &+= UInt64(folio?.raw ?? 0)
                }
                let t2 = monotonicNanoseconds()
                splitTotal &+= t1 - t0
                collapseTotal &+= t2 - t1
            }
            guard rep >= plan.warmupReps else { continue }
            splitTimes.append(Double(splitTotal) / Double(cyclesPerRep * folios))
            collapseTimes.append(Double(collapseTotal) / Double(cyclesPerRep * folios))
        }
        func measurement(_ times: [Double]) -> Measurement {
            Measurement(nsPerOp: times, batchP50: times.sorted()[times.count / 2] * Double(folios),
                        batchP99: (times.max() ?? 0) * Double(folios), opsPerBatch: folios,
                        batchesPerRep: cyclesPerRep, checksum: checksum)
        }
        var outcome = Outcome(split: measurement(splitTimes), collapse: measurement(collapseTimes))

        // Fill memory, then try to split each THP.
        var filler: [Memdesc] = []
        while let f = machine.folioAlloc(order: 0) { filler.append(f) }
        let t0 = monotonicNanoseconds()
        for i in 0..<folios {
            outcome.attempts += 1
            if machine.split(thps[i], to: 0) != nil {
                _ = machine.collapse(heads[i], order: 9)
            } else {
                outcome.failed += 1
            }
        }
        outcome.failedNanoseconds = Double(monotonicNanoseconds() - t0) / Double(outcome.attempts)
        for f in filler { machine.folioPut(f) }
        for i in 0..<folios { machine.folioPut(machine.layout.memdesc(ofPFN: heads[i])) }
        return outcome
    }
}
