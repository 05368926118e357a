/// Allocation orders drawn like a page cache with large folios sees them: mostly order 0,
/// some order 2 to 4 (readahead), a few order 9 (THP). Shared by the mixed workloads and
/// their jemalloc rows so both draw the same sizes.
@inline(__always)
func pageCacheOrder(_ random: inout WorkloadRandom) -> Int {
    switch random.below(100) {
    case 0..<80: 0
    case 80..<87: 2
    case 87..<92: 3
    case 92..<97: 4
    default: 9
    }
}
