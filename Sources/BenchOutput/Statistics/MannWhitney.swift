import Foundation

/// The Mann-Whitney U test: did one set of rounds tend to come out larger than the other?
///
/// It uses only the order of the values, so one wild round (a migration, a page-cache
/// flush) cannot make or unmake a verdict the way it moves a mean.
extension Statistics {
    /// Two-sided p-value for "x and y come from the same distribution". Exact (the U
    /// distribution enumerated by dynamic programming) when there are no ties and at most
    /// 30 values in all; otherwise the normal approximation with tie and continuity
    /// corrections. Nil if either side is empty.
    public static func mannWhitney(_ x: [Double], _ y: [Double]) -> Double? {
        let n = x.count, m = y.count
        guard n > 0, m > 0 else { return nil }
        let (ranks, ties) = midranks(x + y)
        let u = ranks.prefix(n).reduce(0, +) - Double(n * (n + 1)) / 2
        if ties.isEmpty && n + m <= 30 {
            let counts = exactUDistribution(n, m)
            let total = counts.reduce(0, +)
            let k = Int(u.rounded())
            let below = counts[...k].reduce(0, +) / total
            let above = counts[k...].reduce(0, +) / total
            return min(1, 2 * min(below, above))
        }
        let total = Double(n + m)
        let tieTerm = ties.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) } / (total * (total - 1))
        let variance = Double(n * m) / 12 * (total + 1 - tieTerm)
        guard variance > 0 else { return 1 }  // every value equal: no evidence either way
        let z = max(0, abs(u - Double(n * m) / 2) - 0.5) / variance.squareRoot()
        return min(1, erfc(z / 2.squareRoot()))
    }

    /// The smallest two-sided p-value the exact test can give for n and m values: 2 / C(n+m, n).
    /// Above 0.05, no outcome can be called a change, however large.
    public static func smallestMannWhitneyP(_ n: Int, _ m: Int) -> Double {
        guard n > 0, m > 0 else { return 1 }
        var arrangements = 1.0
        for i in 0..<min(n, m) { arrangements = arrangements * Double(n + m - i) / Double(i + 1) }
        return min(1, 2 / arrangements)
    }

    /// counts[u] = number of orderings of n x-values and m y-values with U = u. A sequence
    /// ending in a y adds nothing; one ending in an x adds one per y before it:
    /// f(n, m, u) = f(n, m - 1, u) + f(n - 1, m, u - m).
    static func exactUDistribution(_ n: Int, _ m: Int) -> [Double] {
        // table[i][j] is the distribution for i x-values and j y-values.
        var table = Array(repeating: Array(repeating: [1.0], count: m + 1), count: n + 1)
        for i in 1...n {
            for j in 1...m {
                var counts = Array(repeating: 0.0, count: i * j + 1)
                for (u, c) in table[i][j - 1].enumerated() { counts[u] += c }
                for (u, c) in table[i - 1][j].enumerated() { counts[u + j] += c }
                table[i][j] = counts
            }
        }
        return table[n][m]
    }

    /// Ranks 1...N in input order, tied values sharing the mean of their ranks, and the
    /// sizes of the groups of tied values (for the variance correction).
    static func midranks(_ values: [Double]) -> (ranks: [Double], tieGroups: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = Array(repeating: 0.0, count: values.count)
        var groups: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            for k in start...end { ranks[order[k]] = Double(start + end + 2) / 2 }
            if end > start { groups.append(end - start + 1) }
            start = end + 1
        }
        return (ranks, groups)
    }
}
