/// `record --check-text`: the events decoded from the ring buffer's pages against the
/// kernel's text of the same events, read through `TraceLineParser`.
public struct TraceTextDifference: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension TraceEventLog {
    /// How many of these objects the text merges with another, or where the two first
    /// differ. The text's objects are 32-bit pointer hashes (`object(_:)`), so two of them
    /// can share a number there: each object here must always be the same one in the text,
    /// and every other field must be equal.
    public func mergedObjects(againstText text: TraceLineParser) -> Result<Int, TraceTextDifference> {
        if text.unparsed > 0 { return .failure(.init("\(text.unparsed) lines of the text unparsed, the first: \(text.unparsedExamples.first ?? "")")) }
        if unparsed > 0 { return .failure(.init("\(unparsed) records of the pages unread, the first: \(unparsedExamples.first ?? "")")) }
        guard text.events.count == events.count else { return .failure(.init("\(text.events.count) events in the text, \(events.count) in the pages")) }
        let objectKinds: Set<TraceEvent.Kind> = [.kmalloc, .kfree, .cacheAlloc, .cacheFree]
        var inText: [UInt64: UInt64] = [:]
        for i in events.indices {
            var (t, p) = (text.events[i], events[i])
            if let kind = p.kind, objectKinds.contains(kind), t.rawKind == p.rawKind {
                if let seen = inText[p.a], seen != t.a {
                    return .failure(.init("event \(i): object \(p.a) of the pages is \(t.a) in the text, and was \(seen)"))
                }
                inText[p.a] = t.a
                t.a = p.a
            }
            if t != p { return .failure(.init("event \(i): \(t) in the text, \(p) in the pages")) }
        }
        if text.strings != strings {
            let common = min(text.strings.count, strings.count)
            let i = (0..<common).first { text.strings[$0] != strings[$0] } ?? common
            return .failure(.init("string \(i): \(i < text.strings.count ? text.strings[i] : "none") in the text, \(i < strings.count ? strings[i] : "none") in the pages"))
        }
        return .success(inText.count - Set(inText.values).count)
    }
}
