/// What two runs' round values of one row can say, and why not when they cannot.
struct ChangeTest {
    var ratio: Interval?
    var pValue: Double?
    var note = ""

    init(old: [Double], new: [Double]) {
        switch (old.count, new.count) {
        case (0, 0): note = "no samples in either run"
        case (0, _): note = "no samples for the old run"
        case (_, 0): note = "no samples for the new run"
        case let (o, n) where o < 2 || n < 2: note = "too few rounds to test (old \(o), new \(n))"
        case let (o, n):
            ratio = Statistics.unpairedRatio(new, old)
            pValue = Statistics.mannWhitney(new, old)
            if Statistics.smallestMannWhitneyP(o, n) >= 0.05 {
                note = "too few rounds to reach p < 0.05 (old \(o), new \(n))"
            }
        }
    }
}
