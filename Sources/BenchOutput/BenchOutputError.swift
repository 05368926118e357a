import Foundation

/// The one error type this module throws.
///
/// Every failure here ends up in front of a person at a terminal (a bad `--size`, an
/// unwritable `--output`, a hand-edited CSV), so the error is just a one-line message that
/// says what went wrong and, where it helps, what would be accepted instead.
public struct BenchOutputError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// One line, no trailing newline.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
