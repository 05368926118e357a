/// Times the subjects of one round side by side. Every subject is calibrated on warm
/// batches; then each repetition is cut into slices of about half a millisecond, and in
/// every slice each subject runs its share of batches, in an order shuffled anew for every
/// slice. A fixed rotation (A B C, B C A, ...) would keep each subject's neighbour fixed: a
/// floor would always run right after its layout, in the caches its layout had just warmed
/// (a scan's floor came out up to 4x faster that way). This machine has episodes of
/// a few milliseconds in which everything runs up to 1.5x slower (the host, a neighbour):
/// sliced this finely, an episode lands on every row of the round alike, so their ratios
/// keep still while the absolute times move. Clock reads happen only around batches.
struct RoundScheduler {
    let plan: TimingPlan
    static let maxBatches = 100_000
    static let sliceNanoseconds: UInt64 = 500_000

    /// What one subject got in the round.
    struct Timing {
        var nsPerOp: [Double] = []
        var batchTimes: [UInt64] = []
        var opsPerRep = 0
    }

    func run(_ subjects: [any TimedSubject], round: Int) -> [Timing] {
        let slices = Int(max(plan.targetRepNanoseconds / Self.sliceNanoseconds, 1))
        let perSlice = subjects.map { max(calibrate($0) / slices, 1) }
        let batchesPerRep = perSlice.map { $0 * slices }
        var timings = subjects.indices.map { i in
            Timing(batchTimes: [UInt64](repeating: 0, count: batchesPerRep[i] * plan.reps),
                   opsPerRep: batchesPerRep[i] * subjects[i].opsPerBatch)
        }
        let k = subjects.count
        var random = WorkloadRandom(seed: 0x5c4ed &+ UInt64(round))
        var order = Array(0..<k)
        for rep in 0..<plan.reps {
            for slice in 0..<slices {
                for j in stride(from: k - 1, to: 0, by: -1) { order.swapAt(j, random.below(j + 1)) }
                for i in order {
                    let n = perSlice[i], offset = rep * batchesPerRep[i] + slice * n
                    _ = timings[i].batchTimes.withUnsafeMutableBufferPointer {
                        subjects[i].time(batches: n, into: $0.baseAddress! + offset)
                    }
                }
            }
            for i in 0..<k {
                let batches = timings[i].batchTimes[rep * batchesPerRep[i]..<(rep + 1) * batchesPerRep[i]].sorted()
                timings[i].nsPerOp.append(Double(batches[batches.count / 2]) / Double(subjects[i].opsPerBatch))
            }
        }
        return timings
    }

    /// Batches per repetition: after one warm batch, time batches until a fifth of a
    /// repetition has passed, and size the repetition from their mean.
    func calibrate(_ subject: any TimedSubject) -> Int {
        subject.warm()
        let budget = max(plan.targetRepNanoseconds / 5, 1)
        var spent: UInt64 = 0, count = 0
        var scratch: UInt64 = 0
        while spent < budget && count < Self.maxBatches {
            spent &+= subject.time(batches: 1, into: &scratch)
            count += 1
        }
        let perBatch = max(spent / UInt64(count), 1)
        return Int(min(max(plan.targetRepNanoseconds / perBatch, 1), UInt64(Self.maxBatches)))
    }
}
