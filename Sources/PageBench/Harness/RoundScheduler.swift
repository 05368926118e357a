/// Times the subjects of one round side by side. Every subject is warmed until its batches
/// stop getting faster, and calibrated on the last of them; then each repetition is cut into
/// slices of about half a millisecond, and in every slice each subject runs its share of
/// batches, in an order shuffled anew for every slice. A fixed rotation (A B C, B C A, ...)
/// would keep each subject's neighbour fixed: a floor would always run right after its
/// layout, in the caches its layout had just warmed (a scan's floor came out up to 4x faster
/// that way). This machine has episodes of a few milliseconds in which everything runs up to
/// 1.5x slower (the host, a neighbour): sliced this finely, an episode lands on every row of the round alike, so their ratios
/// keep still while the absolute times move. A round of subjects that warm each turn (the
/// scans) is not sliced: each turn is a whole repetition (`TimedBatch.warmsEachTurn`), and
/// the shuffled order of the turns is what spreads an episode over the rows. Clock reads
/// happen only around batches.
struct RoundScheduler {
    let plan: TimingPlan
    /// Of the run (`--seed`): the slice orders are drawn from it.
    let seed: UInt64
    static let maxBatches = 100_000
    static let sliceNanoseconds: UInt64 = 500_000
    /// The most one subject is warmed in a round.
    static let warmupLimitNanoseconds: UInt64 = 1_000_000_000
    /// A warm-up window this much faster than the one halfway back means still warming.
    static let settledRatio = 0.95

    /// What one subject got in the round.
    struct Timing {
        var nsPerOp: [Double] = []
        var batchTimes: [UInt64] = []
        var opsPerRep = 0
        /// Time of the timed warm-up batches before the repetitions (`calibrate`).
        var warmupNanoseconds: UInt64 = 0
    }

    func run(_ subjects: [any TimedSubject], round: Int) -> [Timing] {
        let warmups = subjects.map(calibrate)
        let calibrated = warmups.map(\.batchesPerRep)
        let slices = slicesPerRep(calibrated: calibrated, wholeTurns: subjects.contains { $0.warmsEachTurn })
        let perSlice = calibrated.map { max(($0 + slices / 2) / slices, 1) }
        let batchesPerRep = perSlice.map { $0 * slices }
        var timings = subjects.indices.map { i in
            Timing(batchTimes: [UInt64](repeating: 0, count: batchesPerRep[i] * plan.reps),
                   opsPerRep: batchesPerRep[i] * subjects[i].opsPerBatch, warmupNanoseconds: warmups[i].spent)
        }
        let k = subjects.count
        var random = WorkloadRandom(seed: seed &+ UInt64(round))
        var order = Array(0..<k)
        for rep in 0..<plan.reps {
            for slice in 0..<slices {
                order = random.shuffled(order)
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

    /// Slices a repetition is cut into: one with `wholeTurns`; otherwise one per
    /// `sliceNanoseconds`, but no more than the slowest subject has batches in a repetition
    /// (a batch longer than a slice still runs once per slice, and would stretch every
    /// repetition).
    func slicesPerRep(calibrated: [Int], wholeTurns: Bool) -> Int {
        if wholeTurns { return 1 }
        return Int(max(min(plan.targetRepNanoseconds / Self.sliceNanoseconds, UInt64(calibrated.min() ?? 1)), 1))
    }

    /// Batches per repetition, and the time spent warming. After one untimed batch, batches
    /// are timed in windows of a fifth of a repetition until the subject has settled
    /// (`settled`) or `warmupLimitNanoseconds` have passed; the repetition is sized from
    /// the last window's mean. Some rounds start slow and speed up over tens of
    /// milliseconds (1 TiB lookups fell from 1766 to 646 ns over five repetitions,
    /// `tlb-huge.samples.csv` at 384fe65); a fixed warm-up would time that fall. `spent`
    /// counts the timed batches only: not the untimed first one, nor the untimed batch a
    /// `warmsEachTurn` subject runs before each timed one (a scan's warm-up is about twice
    /// `spent`). Subjects are warmed one after another, each right before the next.
    func calibrate(_ subject: any TimedSubject) -> (batchesPerRep: Int, spent: UInt64) {
        subject.warm()
        let window = max(plan.targetRepNanoseconds / 5, 1)
        var means: [Double] = []
        var total: UInt64 = 0
        var scratch: UInt64 = 0
        repeat {
            var spent: UInt64 = 0, count = 0
            while spent < window && count < Self.maxBatches {
                spent &+= subject.time(batches: 1, into: &scratch)
                count += 1
            }
            means.append(Double(spent) / Double(count))
            total &+= spent
        } while !Self.settled(means) && total < Self.warmupLimitNanoseconds
        let perBatch = max(means.last!, 1)
        return (Int(min(max(Double(plan.targetRepNanoseconds) / perBatch, 1), Double(Self.maxBatches))), total)
    }

    /// Whether warm-up windows (ns per batch, in the order they ran) have levelled off:
    /// the last is not `settledRatio` faster than the one halfway back. A steady subject
    /// settles after two windows, and so does one falling less than 5 % a window (a
    /// window is a fifth of `--rep-ms`): only a fall steeper than that at the start is
    /// waited out, and once one is, the comparison with the window halfway back keeps
    /// waiting through the slower end of it. A minimum of windows would catch slower
    /// falls at a cost in every row (not built: the default matrix has 13 s to spare).
    static func settled(_ means: [Double]) -> Bool {
        guard means.count >= 2 else { return false }
        return means[means.count - 1] >= settledRatio * means[(means.count - 1) / 2]
    }
}
