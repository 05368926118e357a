/// `pcp->batch` and `pcp->high` as mm/page_alloc.c (v6.15) derives them at boot for a zone of
/// `managed` pages shared by `cpus` CPUs: `zone_batchsize`, and `zone_highsize` from the zone's
/// low watermark (`calculate_min_free_kbytes`, `__setup_per_zone_wmarks`). The machine is one
/// zone holding all its pages, none reserved, so the zone's managed pages are the machine's and
/// its watermarks are computed from them alone.
public struct PCPSizing: Equatable, Sendable {
    /// `pcp->batch`: blocks moved per refill (scaled by `nr_pcp_alloc`) and the floor of a drain.
    public let batch: Int
    /// `pcp->high_min`: the lists are drained when they hold this many pages.
    public let high: Int

    /// The CPUs `high` is split over: this machine's two (`nr_split_cpus`).
    public static let cpus = 2

    public init(managedPages: Int, cpus: Int = PCPSizing.cpus) {
        batch = Self.zoneBatchSize(managedPages)
        high = Self.zoneHighSize(managedPages, batch: batch, cpus: cpus)
    }

    /// `zone_batchsize`: a quarter of the smaller of 0.1 % of the zone and 1 MiB, made
    /// 2^n - 1 (`rounddown_pow_of_two(batch + batch / 2) - 1`), so that two CPUs refilling in
    /// turn do not split the page colours between them; at least 1
    /// (`zone_set_pageset_high_and_batch`). 63 from 1 GiB up.
    static func zoneBatchSize(_ managed: Int) -> Int {
        let quarter = max(min(managed >> 10, (1 << 20) / PageGeometry.pageSize) / 4, 1)
        let sum = quarter + quarter / 2
        return max(1 << (Int.bitWidth - 1 - sum.leadingZeroBitCount) - 1, 1)
    }

    /// `calculate_min_free_kbytes`: `int_sqrt(lowmem_kbytes * 16)`, within 128 KiB to 256 MiB.
    static func minFreeKbytes(_ managed: Int) -> Int {
        let lowmemKbytes = managed * (PageGeometry.pageSize >> 10)
        return min(max(intSqrt(lowmemKbytes * 16), 128), 262_144)
    }

    /// `int_sqrt`: the largest r with r * r <= x.
    static func intSqrt(_ x: Int) -> Int {
        var r = Int(Double(x).squareRoot())
        while r * r > x { r -= 1 }
        while (r + 1) * (r + 1) <= x { r += 1 }
        return r
    }

    /// `low_wmark_pages` of the only zone (`__setup_per_zone_wmarks`): `WMARK_MIN` is
    /// `min_free_kbytes` in pages, and `WMARK_LOW` adds the larger of a quarter of it and
    /// `watermark_scale_factor` (10, i.e. 0.1 %) of the zone.
    static func lowWatermark(_ managed: Int) -> Int {
        let minimum = minFreeKbytes(managed) >> (PageGeometry.pageShift - 10)
        return minimum + max(minimum >> 2, managed * 10 / 10_000)
    }

    /// `zone_highsize` with `percpu_pagelist_high_fraction` unset: the low watermark split
    /// over the CPUs, at least 4 x `batch`. This is `pcp->high_min`, where `pcp->high` starts.
    static func zoneHighSize(_ managed: Int, batch: Int, cpus: Int) -> Int {
        max(lowWatermark(managed) / cpus, batch << 2)
    }
}
