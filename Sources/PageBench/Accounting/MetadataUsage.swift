/// What the machine spends on describing its memory: the memmap plus the separately
/// allocated descriptors, counted as the slab pages their caches hold (so the slack of
/// partly used descriptor slabs is included, as it would be in the kernel), plus the
/// free-list heads (bitmaps, for a bitmap store).
public struct MetadataUsage: Equatable, Sendable {
    public let pageCount: Int
    /// `pageCount * sizeof(struct page)`, less the memmap pages HVO has freed.
    public let memmapBytes: Int
    /// Pages held by the descriptor caches (folio, slab, ptdesc, netmem), in bytes.
    public let descriptorBytes: Int
    /// Bytes of those pages holding live descriptors.
    public let liveDescriptorBytes: Int
    /// The free-list heads: a few bytes for lists, a bitmap per list for a bitmap store.
    public let freeListBytes: Int

    public var slackBytes: Int { descriptorBytes - liveDescriptorBytes }
    public var totalBytes: Int { memmapBytes + descriptorBytes + freeListBytes }
    /// The arithmetic: what the memmap and the live descriptors need, without slack.
    public var arithmeticBytesPerPage: Double {
        Double(memmapBytes + liveDescriptorBytes + freeListBytes) / Double(pageCount)
    }
    public var bytesPerPage: Double { Double(totalBytes) / Double(pageCount) }
    public var fractionOfRAM: Double { Double(totalBytes) / Double(pageCount << PageGeometry.pageShift) }
}

extension Machine {
    public var metadata: MetadataUsage {
        var held = 0, live = 0
        for slot in CacheIndex.descriptorCaches {
            let c = cache(slot).pointee
            held += c.slabBytes
            live += c.liveObjects * c.size
            if c.selfHosted { live += c.nrSlabs * c.size }  // each slab's own descriptor
        }
        return MetadataUsage(pageCount: pageCount, memmapBytes: L.memmapBytes(pageCount: pageCount) - vmemmapSavedBytes,
                             descriptorBytes: held, liveDescriptorBytes: live, freeListBytes: freeListBytes)
    }
}
