/// Where a turn puts what the harness keeps beside the timed code (the stack its loop runs
/// on, the LIFO handle buffer) within a page: a cycle of 16 places, one in each 256-byte
/// sixteenth of the page, whose offsets within a cache line step through the alignment's
/// multiples. Every subject walks the same cycle, one place a turn.
///
/// Where these sit against the simulated machine decides a turn's speed. On `legacy64`,
/// `specialist-alloc via=folio_alloc` turns took 25 ns per pair or 34 ns by the stack's place
/// alone: slow at every shift that was a multiple of 64 bytes (`results/turn-places/`).
/// Drawn at random each turn, the places of a repetition's 16 or so turns held a share of
/// slow ones that varied from repetition to repetition, and the repetition's median
/// flipped between the two speeds (25 and 30 ns repetitions in one round, ±6 to ±9 %
/// intervals in `reference.csv` at `ec3195f`). Over the cycle every repetition meets the
/// same places in the same proportions: stratified, as a survey samples, not drawn.
struct TurnPlaces {
    static let count = 16
    static let pageBytes = 4096
    static let lineBytes = 64
    /// The places' common divisor: the alignment of what is placed.
    let step: Int
    private var turn = 0

    init(step: Int) {
        precondition(step > 0 && Self.lineBytes % step == 0, "a place step divides a cache line")
        self.step = step
    }

    /// The next turn's offset into the page.
    mutating func next() -> Int {
        let k = turn % Self.count
        turn += 1
        return k * (Self.pageBytes / Self.count) + step * (k % (Self.lineBytes / step))
    }
}
