import Histogram

/// Time `batch`: one calibration batch sizes the repetitions, warm-up repetitions are
/// discarded, then each repetition times every batch with the monotonic clock (two clock
/// reads per batch, none per operation).
@inline(__always)
public func measure<B: TimedBatch>(_ batch: inout B, plan: TimingPlan) -> Measurement {
    var timer = RepetitionTimer(&batch, plan: plan)
    for rep in 0..<(plan.warmupReps + plan.reps) { timer.repetition(&batch, keep: rep >= plan.warmupReps) }
    return timer.measurement(opsPerBatch: batch.opsPerBatch)
}

/// Time two batches alternately, batch by batch, so that drift in the machine (frequency,
/// a neighbour's load, the hypervisor) lands on both rows alike: for a row and the
/// reference it is divided by.
@inline(__always)
public func measure<A: TimedBatch, B: TimedBatch>(_ a: inout A, against b: inout B,
                                                  plan: TimingPlan) -> (Measurement, Measurement) {
    var timerA = RepetitionTimer(&a, plan: plan)
    var timerB = RepetitionTimer(&b, plan: plan)
    let batches = max(timerA.batches, timerB.batches)
    timerA.batches = batches
    timerB.batches = batches
    for rep in 0..<(plan.warmupReps + plan.reps) {
        for i in 0..<batches {
            timerA.time(&a, batch: i)
            timerB.time(&b, batch: i)
        }
        timerA.endRepetition(keep: rep >= plan.warmupReps, opsPerBatch: a.opsPerBatch)
        timerB.endRepetition(keep: rep >= plan.warmupReps, opsPerBatch: b.opsPerBatch)
    }
    return (timerA.measurement(opsPerBatch: a.opsPerBatch), timerB.measurement(opsPerBatch: b.opsPerBatch))
}

/// The repetitions of one batch type. Batch times go to a preallocated buffer and into
/// HdrHistogram only after the repetition, outside the timed region.
struct RepetitionTimer {
    var batches: Int
    let times: UnsafeMutableBufferPointer<UInt64>
    var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
    var nsPerOp: [Double] = []
    var checksum: UInt64 = 0

    @inline(__always)
    init<B: TimedBatch>(_ batch: inout B, plan: TimingPlan) {
        let start = monotonicNanoseconds()
        checksum &+= batch.runBatch()
        let calibration = max(monotonicNanoseconds() - start, 1)
        batches = Int(min(max(plan.targetRepNanoseconds / calibration, 1), UInt64(Self.maxBatches)))
        times = .allocate(capacity: Self.maxBatches)
        nsPerOp.reserveCapacity(plan.reps)
    }

    static let maxBatches = 100_000

    @inline(__always)
    mutating func repetition<B: TimedBatch>(_ batch: inout B, keep: Bool) {
        for i in 0..<batches { time(&batch, batch: i) }
        endRepetition(keep: keep, opsPerBatch: batch.opsPerBatch)
    }

    @inline(__always)
    mutating func time<B: TimedBatch>(_ batch: inout B, batch i: Int) {
        let t0 = monotonicNanoseconds()
        checksum &+= batch.runBatch()
        times[i] = monotonicNanoseconds() &- t0
    }

    mutating func endRepetition(keep: Bool, opsPerBatch: Int) {
        guard keep else { return }
        var total: UInt64 = 0
        for t in times[0..<batches] {
            _ = histogram.record(t)
            total &+= t
        }
        nsPerOp.append(Double(total) / Double(batches * opsPerBatch))
    }

    func measurement(opsPerBatch: Int) -> Measurement {
        times.deallocate()
        return Measurement(nsPerOp: nsPerOp,
                           batchP50: Double(histogram.valueAtPercentile(50)),
                           batchP99: Double(histogram.valueAtPercentile(99)),
                           opsPerBatch: opsPerBatch, batchesPerRep: batches, checksum: checksum)
    }
}
