@testable import PageBench
import Testing

/// How the scheduler cuts a round's repetitions into turns.
@Suite("Turns")
struct TurnTests {
    typealias Scripted = WarmupTests.ScriptedSubject

    /// Turns each subject gets in a round of 3 repetitions of 8 ms, with batches of 10 µs
    /// (800 a repetition). The warm-up times batches one by one; a turn times them in one
    /// call, so the calls of more than one batch are the turns.
    func turns(warmsEachTurn: [Bool]) -> [Int] {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 3, targetRepNanoseconds: 8_000_000), seed: 1)
        var probe = HostProbe(seed: 1)
        let subjects = warmsEachTurn.map { Scripted(warmsEachTurn: $0) { _ in 10_000 } }
        _ = scheduler.run(subjects, round: 0, probe: &probe)
        return subjects.map { $0.calls.filter { $0 > 1 }.count }
    }

    /// 8 ms in 0.5 ms slices: 16 turns of 50 batches per repetition, for every subject.
    @Test func roundsAreSlicedFinely() {
        #expect(turns(warmsEachTurn: [false, false]) == [48, 48])
    }

    /// A scan's round (its layout and floor both warm each turn) runs a whole repetition
    /// per turn: a scan needs more of its own walks than a slice holds to get its LLC back.
    @Test func scansRunWholeRepetitionsPerTurn() {
        #expect(turns(warmsEachTurn: [true, true]) == [3, 3])
    }

    /// A subject 10 µs a batch when warmed alone and 70 µs beside the others (its caches
    /// taken): the first 8 ms repetition, sized alone, lasts 56 ms; the first sizes the
    /// others back to 8 ms (16 slices of 7 batches).
    @Test func firstRepetitionSizesTheRest() {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 3, targetRepNanoseconds: 8_000_000), seed: 1)
        var probe = HostProbe(seed: 1)
        // The untimed batch and two 1.6 ms windows warm it: batches 0 to 320.
        let subject = Scripted { $0 <= 320 ? 10_000 : 70_000 }
        let timing = scheduler.run([subject], round: 0, probe: &probe)[0]
        let warmed = subject.batches - timing.batchTimes.count
        #expect(warmed == 321)
        #expect(timing.batchTimes.count == 800 + 2 * 112)
        #expect(timing.opsPerRep == 112)
        let lastTwo: UInt64 = timing.batchTimes.suffix(224).reduce(0, +)
        #expect(lastTwo == 2 * 112 * 70_000)
    }

    /// A subject as fast beside the others as alone keeps its size, even when a repetition
    /// cannot run exactly what was asked: 24 batches of 1/3 ms in 16 slices run as 2 a slice,
    /// 32. Sized by the 24 asked for instead of the 32 run, its batches would look a third
    /// slower and the next repetitions would shrink to 16.
    @Test func resizingCountsTheBatchesThatRan() {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 3, targetRepNanoseconds: 8_000_000), seed: 1)
        var probe = HostProbe(seed: 1)
        let timing = scheduler.run([Scripted { _ in 333_333 }], round: 0, probe: &probe)[0]
        #expect(timing.batchTimes.count == 3 * 32)
        #expect(timing.opsPerRep == 32)
    }

    /// Batches of four pieces of 1, 2, 3 and 4 ms (a replay's 10 ms trace), beside a
    /// second such subject, in repetitions of 8 ms: every timed turn runs one piece, the
    /// two subjects take turns piece by piece, and each repetition is one batch whose time
    /// is its pieces' sum. Timed whole, a replay ran its batch in one turn, at one stack
    /// place (`replay-pieces/`).
    @Test func batchesInPiecesRunAPieceATurn() {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 3, targetRepNanoseconds: 8_000_000), seed: 1)
        var probe = HostProbe(seed: 1)
        var turns: [Int] = []
        let subjects = (0..<2).map { _ in Scripted(pieces: 4) { UInt64($0 % 4 + 1) * 1_000_000 } }
        for (i, subject) in subjects.enumerated() { subject.onTurn = { turns.append(i) } }
        let timings = scheduler.run(subjects, round: 0, probe: &probe)
        for (subject, timing) in zip(subjects, timings) {
            #expect(subject.calls.allSatisfy { $0 == 1 })
            #expect(timing.batchTimes == [10_000_000, 10_000_000, 10_000_000])
            #expect(timing.nsPerOp == [10_000_000, 10_000_000, 10_000_000])
            #expect(timing.opsPerRep == 1)
            #expect(subject.batches % 4 == 0)
        }
        // The 24 timed turns (the last ones) in slices of two: one turn of each subject a slice.
        let timed = turns.suffix(24)
        #expect(stride(from: timed.startIndex, to: timed.endIndex, by: 2).allSatisfy { Set(timed[$0...$0 + 1]) == [0, 1] })
    }

    /// A round of pieces starts both subjects' cycles of places at one place drawn for the
    /// round, so that piece k does not meet place k in every round; whole batches keep
    /// their cycles where they are.
    @Test func roundsOfPiecesStartTheCycleAtADrawnPlace() {
        let scheduler = RoundScheduler(plan: TimingPlan(rounds: 1, reps: 1, targetRepNanoseconds: 8_000_000), seed: 1)
        var probe = HostProbe(seed: 1)
        var starts: [Int] = []
        for round in 0..<16 {
            let subjects = (0..<2).map { _ in Scripted(pieces: 4) { _ in 1_000_000 } }
            _ = scheduler.run(subjects, round: round, probe: &probe)
            #expect(subjects[0].skips.count == 1 && subjects[0].skips == subjects[1].skips)
            starts += subjects[0].skips
            let whole = Scripted { _ in 10_000 }
            _ = scheduler.run([whole], round: round, probe: &probe)
            #expect(whole.skips.isEmpty)
        }
        #expect(starts.allSatisfy { (0..<TurnPlaces.count).contains($0) })
        #expect(Set(starts).count >= 6)
    }

    /// Handles that are plain numbers, for a LIFO batch without a machine.
    struct Counting: LIFOAllocator {
        var next = 0
        mutating func allocate() -> Int? { next += 1; return next }
        func free(_: Int) {}
        func checksum(_ handle: Int) -> UInt64 { UInt64(handle) }
    }

    /// A LIFO batch's handle buffer moves within its page every turn (where it sat decided
    /// whole rounds of `kmalloc-kfree`), through the 16 places of `TurnPlaces` and back to the
    /// first, stays inside its slack, and still returns the same batches wherever it is.
    @Test func handleBufferMovesEveryTurn() {
        var batch = LIFOBatch(Counting(), batch: 16, rounds: 2)
        let start = UInt(bitPattern: batch.live.base)
        var places = TurnPlaces(step: MemoryLayout<Int>.alignment)
        var offsets: [UInt] = []
        for _ in 0..<32 {
            batch.beginTurn()
            let at = UInt(bitPattern: batch.live.base)
            #expect(at - start == UInt(places.next()))
            offsets.append(at - start)
            let before = batch.allocator.next
            // Two rounds of 1...16 from where the count stood: 2 x (16 x before + 136).
            #expect(batch.runBatch() == UInt64(2 * (16 * before + 136) + 16 * 16))
        }
        #expect(Set(offsets).count == TurnPlaces.count)
        #expect(Array(offsets[16...]) == Array(offsets[..<16]))
    }

    /// One cycle of places puts one in each 256-byte sixteenth of the page, spreads them
    /// evenly over the step's offsets within a cache line, and keeps a line's room before
    /// the page's end; the next cycle repeats it. Random draws (as before) would meet some
    /// sixteenths twice and others never in a cycle, and repetitions would hold different
    /// shares of slow places.
    @Test(arguments: [4, 8, 16, 32, 64])
    func turnPlacesCoverThePageEvenly(step: Int) {
        var places = TurnPlaces(step: step)
        let cycle = (0..<TurnPlaces.count).map { _ in places.next() }
        #expect(cycle.map { $0 / 256 } == Array(0..<16))
        let inLine = Dictionary(grouping: cycle, by: { $0 % 64 }).mapValues(\.count)
        #expect(inLine.keys.sorted() == Array(stride(from: 0, to: 64, by: step)))
        #expect(Set(inLine.values) == [16 / (64 / step)])
        #expect(cycle.allSatisfy { $0 % step == 0 && $0 + 64 <= 4096 })
        #expect((0..<TurnPlaces.count).map { _ in places.next() } == cycle)
    }

    /// A batch that reports where its stack frame is.
    struct StackProbe: TimedBatch {
        var opsPerBatch: Int { 1 }
        mutating func runBatch() -> UInt64 {
            var local: UInt64 = 0
            return withUnsafeMutablePointer(to: &local) { UInt64(UInt(bitPattern: $0)) }
        }
    }

    /// Each turn runs its batches somewhere else in the stack (where the stack sat decided
    /// whole runs), at the 16 places of `TurnPlaces`, spread over most of 4 KiB.
    @Test func turnsRunAtShiftedStacks() {
        let subject = Subject(StackProbe(), owner: nil)
        var frames = Set<UInt64>()
        var time: UInt64 = 0
        for _ in 0..<32 {
            let before = subject.checksum
            _ = subject.time(pieces: 1, into: &time)
            frames.insert(subject.checksum &- before)
        }
        #expect(frames.count == TurnPlaces.count)
        #expect(frames.max()! - frames.min()! < 4096 + 64)
        #expect(frames.max()! - frames.min()! >= 15 * 256)
        // Four frames at each 16-byte offset in a cache line, wherever the stack started.
        #expect(Dictionary(grouping: frames, by: { $0 % 64 }).values.map(\.count).sorted() == [4, 4, 4, 4])
    }
}
