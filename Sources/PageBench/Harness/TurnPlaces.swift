/// Where a turn puts what the harness keeps beside the timed code (the stack its loop runs
/// on, the LIFO handle buffer) within a page: a cycle of 16 places, one in each 256-byte
/// sixteenth of the page, whose offsets within a cache line step evenly through the
/// alignment's multiples (for alignments of 4 bytes and more; a handle's is 8). Every subject
/// walks the same cycle, one place a turn; a subject's warm-up turns move it along too, so
/// subjects of a round are at different points of it, and only a repetition of 16 turns (or
/// a multiple) meets every place.
///
/// Where these sit against the simulated machine decides a turn's speed. On `legacy64`,
/// `specialist-alloc via=folio_alloc` turns took 25 ns per pair or 34 ns by the stack's shift
/// alone: slow at every shift that was a multiple of 64 bytes, in one process with the
/// handle buffer held still (`results/turn-places/`). Drawn at random each turn, the places
/// of a repetition's 16 or so turns held a share of slow ones that varied from repetition to
/// repetition, and the repetition's median flipped between the two speeds (25 and 30 ns
/// repetitions in one round, ±6 to ±9 % intervals in `reference.csv` at `ec3195f`). Over the
/// cycle every repetition of 16 turns meets the same places: stratified, as a survey
/// samples, not drawn. The stack's places are shifts from where its turn starts, which
/// address randomisation moves per process; what a process fixes still moves such a row
/// between runs, with draws as with the cycle (that folder's README).
struct TurnPlaces {
    static let count = 16
    static let lineBytes = 64
    /// The places' common divisor: the alignment of what is placed.
    let step: Int
    private var turn = 0

    init(step: Int) {
        precondition(step > 0 && Self.lineBytes % step == 0, "a place step divides a cache line")
        self.step = step
    }

    /// Moves the cycle on by `count` places without a turn.
    mutating func skip(_ count: Int) { turn += count }

    /// The next turn's offset into the page.
    mutating func next() -> Int {
        let k = turn % Self.count
        turn += 1
        return k * (PageGeometry.pageSize / Self.count) + step * (k % (Self.lineBytes / step))
    }
}
