import Histogram

/// Time `batch`: one calibration batch sizes the repetitions, warm-up repetitions are
/// discarded, then each repetition times every batch with the monotonic clock (two clock
/// reads per batch, none per operation). Batch times go to a preallocated buffer and into
/// HdrHistogram only after the repetition, outside the timed region.
@inline(__always)
public func measure<B: TimedBatch>(_ batch: inout B, plan: TimingPlan) -> Measurement {
    var checksum: UInt64 = 0
    let start = monotonicNanoseconds()
    checksum &+= batch.runBatch()
    let calibration = max(monotonicNanoseconds() - start, 1)
    let batches = Int(min(max(plan.targetRepNanoseconds / calibration, 1), 100_000))

    var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
    let times = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: batches)
    defer { times.deallocate() }
    var nsPerOp: [Double] = []
    nsPerOp.reserveCapacity(plan.reps)
    for rep in 0..<(plan.warmupReps + plan.reps) {
        var total: UInt64 = 0
        for i in 0..<batches {
            let t0 = monotonicNanoseconds()
            checksum &+= batch.runBatch()
            let t1 = monotonicNanoseconds()
            times[i] = t1 &- t0
            total &+= t1 &- t0
        }
        guard rep >= plan.warmupReps else { continue }
        for t in times { _ = histogram.record(t) }
        nsPerOp.append(Double(total) / Double(batches * batch.opsPerBatch))
    }
    return Measurement(nsPerOp: nsPerOp,
                       batchP50: Double(histogram.valueAtPercentile(50)),
                       batchP99: Double(histogram.valueAtPercentile(99)),
                       opsPerBatch: batch.opsPerBatch, batchesPerRep: batches, checksum: checksum)
}
