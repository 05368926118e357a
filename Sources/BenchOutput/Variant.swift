import Foundation

/// The `key=value;key=value` parameter string in `ResultRow.variant`, as a set of pairs.
///
/// Comparisons match rows by their parameters, not by the exact spelling, so
/// `layout=legacy64;order=0` and `order=0;layout=legacy64` name the same floor row.
struct Variant: Hashable {
    /// Key to value; a bare `key` without `=` maps to "".
    var parameters: [String: String]

    init(_ text: String) {
        var parameters: [String: String] = [:]
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty else { continue }
            if let eq = item.firstIndex(of: "=") {
                parameters[String(item[..<eq])] = String(item[item.index(after: eq)...])
            } else {
                parameters[item] = ""
            }
        }
        self.parameters = parameters
    }

    /// The same parameters plus `key=value` (replacing any earlier value of `key`).
    func adding(_ key: String, _ value: String) -> Variant {
        var copy = self
        copy.parameters[key] = value
        return copy
    }

    /// The same parameters without `key`.
    func removing(_ key: String) -> Variant {
        var copy = self
        copy.parameters[key] = nil
        return copy
    }

    /// `key=value` pairs sorted by key, joined by `;`.
    var text: String {
        parameters.sorted { $0.key < $1.key }.map { $0.value.isEmpty ? $0.key : "\($0.key)=\($0.value)" }
            .joined(separator: ";")
    }
}
