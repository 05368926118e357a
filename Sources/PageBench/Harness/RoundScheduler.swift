/// Times the subjects of one round side by side. Every subject is warmed until its batches
/// stop getting faster, and calibrated on the last of them; the first repetition, timed beside
/// the others, sizes the rest (`resized`). Each repetition is cut into
/// slices of about half a millisecond, and in every slice each subject runs its share of
/// batches, in an order shuffled anew for every slice. A fixed rotation (A B C, B C A, ...)
/// would keep each subject's neighbour fixed: a floor would always run right after its
/// layout, in the caches its layout had just warmed (a scan's floor came out up to 4x faster
/// that way). This machine has episodes of a few milliseconds in which everything runs up to
/// 1.5x slower (the host, a neighbour): sliced this finely, an episode lands on every row of the round alike, so their ratios
/// keep still while the absolute times move. A round of subjects that warm each turn (the
/// scans) is not sliced: each turn is a whole repetition (`TimedBatch.warmsEachTurn`), and
/// the shuffled order of the turns is what spreads an episode over the rows. Clock reads
/// happen only around batches. Before each slice and after a repetition's last the
/// `HostProbe` takes a sample, so a round's reading is of the time its subjects ran.
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
    /// The fewest batches a warm-up window holds, however long they are. With one, two
    /// windows of one slow batch could count as settled: at 4 TiB, 5 of 12 chased rounds
    /// stopped warming after 16 to 24 ms and stayed 30 to 50x slower throughout
    /// (`results/arena-4tib-4096/`).
    static let windowBatches = 4

    /// What one subject got in the round.
    struct Timing {
        var nsPerOp: [Double] = []
        var batchTimes: [UInt64] = []
        /// Of the last repetition: sized by the first (`resized`), unless it is the only one.
        var opsPerRep = 0
        /// Time of the timed warm-up batches before the repetitions (`calibrate`).
        var warmupNanoseconds: UInt64 = 0
    }

    func run(_ subjects: [any TimedSubject], round: Int, probe: inout HostProbe) -> [Timing] {
        var random = WorkloadRandom(seed: seed &+ UInt64(round))
        // In a round of pieces every turn is one piece a batch and the warm-up whole
        // batches, so piece k would meet place k of the cycle in every repetition of every
        // round: a fixed pairing no interval could see. The round starts every subject's
        // cycle at one place drawn for it.
        if subjects.contains(where: { $0.pieces > 1 }) {
            let start = random.below(TurnPlaces.count)
            for subject in subjects { subject.skipPlaces(start) }
        }
        let warmups = subjects.map(calibrate)
        var timings = warmups.map { Timing(warmupNanoseconds: $0.spent) }
        var batches = warmups.map(\.batchesPerRep)
        for rep in 0..<plan.reps {
            let ran = runRepetition(subjects, batches: batches, random: &random, probe: &probe, into: &timings)
            if rep == 0 { batches = resized(ran) }
        }
        return timings
    }

    /// One repetition: about `batches[i]` of subject i (a whole number a slice), in slices
    /// of shuffled turns. Appends each subject's batch times and the repetition's median
    /// ns/op; returns the batches each ran and the time they took. A round with batches
    /// in pieces has one slice per piece: each turn runs the next `batches[i]` pieces of
    /// subject i, so every repetition is `pieces` turns, each at its own place.
    func runRepetition(_ subjects: [any TimedSubject], batches: [Int], random: inout WorkloadRandom,
                       probe: inout HostProbe, into timings: inout [Timing]) -> [(batches: Int, spent: UInt64)] {
        let pieces = subjects.map(\.pieces).max() ?? 1
        precondition(pieces == 1 || subjects.allSatisfy { pieces % $0.pieces == 0 && !$0.warmsEachTurn },
                     "a round of pieces holds batches whose pieces divide its own, none warmed each turn")
        let slices = pieces > 1 ? pieces : slicesPerRep(batches: batches, wholeTurns: subjects.contains { $0.warmsEachTurn })
        let perSlice = pieces > 1 ? zip(batches, subjects).map { $1.pieces > 1 ? $0 : max($0 / pieces, 1) }
            : batches.map { max(($0 + slices / 2) / slices, 1) }
        var pieceTimes = perSlice.map { [UInt64](repeating: 0, count: $0 * slices) }
        var spent = [UInt64](repeating: 0, count: subjects.count)
        var order = Array(subjects.indices)
        for slice in 0..<slices {
            probe.sample()
            order = random.shuffled(order)
            for i in order {
                spent[i] &+= pieceTimes[i].withUnsafeMutableBufferPointer {
                    subjects[i].time(pieces: perSlice[i], into: $0.baseAddress! + slice * perSlice[i])
                }
            }
        }
        probe.sample()
        let times = subjects.indices.map { Self.batchTimes(pieceTimes[$0], pieces: subjects[$0].pieces) }
        for i in subjects.indices {
            let sorted = times[i].sorted()
            timings[i].nsPerOp.append(Double(sorted[sorted.count / 2]) / Double(subjects[i].opsPerBatch))
            timings[i].batchTimes += times[i]
            timings[i].opsPerRep = times[i].count * subjects[i].opsPerBatch
        }
        return zip(times, spent).map { ($0.count, $1) }
    }

    /// Each batch's time: the sum of its pieces' (which ran in order), or the times as they
    /// are for batches of one piece.
    static func batchTimes(_ times: [UInt64], pieces: Int) -> [UInt64] {
        guard pieces > 1 else { return times }
        precondition(times.count % pieces == 0, "a repetition runs whole batches")
        return stride(from: 0, to: times.count, by: pieces).map { times[$0..<$0 + pieces].reduce(0, &+) }
    }

    /// Batches per repetition for the repetitions after the first, in which each subject ran
    /// `batches` in `spent` nanoseconds among the round's other subjects. The warm-up times
    /// a subject alone, with the caches to itself: beside the others, a 16-byte layout's
    /// `lookup-random` repetitions lasted up to 58 ms of a planned 8, and `jemalloc`'s
    /// `alloc-free` as little as 3.6 (`reference.samples.csv` at `e6e9d9c`).
    func resized(_ ran: [(batches: Int, spent: UInt64)]) -> [Int] {
        ran.map { n, ns in
            let perBatch = max(Double(ns) / Double(n), 1)
            return Int(min(max(Double(plan.targetRepNanoseconds) / perBatch, 1), Double(Self.maxBatches)))
        }
    }

    /// Slices a repetition is cut into: one with `wholeTurns`; otherwise one per
    /// `sliceNanoseconds`, but no more than the slowest subject has batches in a repetition
    /// (a batch longer than a slice still runs once per slice, and would stretch every
    /// repetition).
    func slicesPerRep(batches: [Int], wholeTurns: Bool) -> Int {
        if wholeTurns { return 1 }
        return Int(max(min(plan.targetRepNanoseconds / Self.sliceNanoseconds, UInt64(batches.min() ?? 1)), 1))
    }

    /// Batches per repetition, and the time spent warming. After one untimed batch, batches
    /// are timed in windows of a fifth of a repetition, and of at least `windowBatches`
    /// batches, until the subject has settled
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
        let pieces = subject.pieces
        var means: [Double] = []
        var total: UInt64 = 0
        var scratch: UInt64 = 0
        repeat {
            // Whole batches, a piece a turn: a batch's pieces differ, a window of whole ones does not.
            var spent: UInt64 = 0, count = 0
            while (spent < window || count < Self.windowBatches * pieces || count % pieces != 0)
                && count < Self.maxBatches * pieces {
                spent &+= subject.time(pieces: 1, into: &scratch)
                count += 1
            }
            means.append(Double(spent) / Double(count / pieces))
            total &+= spent
        } while !Self.settled(means) && total < Self.warmupLimitNanoseconds
        let perBatch = max(means.last!, 1)
        return (Int(min(max(Double(plan.targetRepNanoseconds) / perBatch, 1), Double(Self.maxBatches))), total)
    }

    /// Whether warm-up windows (ns per batch, in the order they ran) have levelled off:
    /// the last is not `settledRatio` faster than the one halfway back. A steady subject
    /// settles after two windows, and so does one falling less than 5 % a window (a
    /// window is a fifth of `--rep-ms`, or `windowBatches` batches where those take
    /// longer): only a fall steeper than that at the start is waited out, and once one
    /// is, the comparison with the window halfway back keeps waiting through the slower
    /// end of it. A minimum of windows would catch slower falls at a cost in every row.
    static func settled(_ means: [Double]) -> Bool {
        guard means.count >= 2 else { return false }
        return means[means.count - 1] >= settledRatio * means[(means.count - 1) / 2]
    }
}
