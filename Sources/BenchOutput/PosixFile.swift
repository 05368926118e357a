#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over open(2)/write(2)/close(2).
///
/// Used instead of FileHandle/Data.write because they write through with no user-space
/// buffer and fail with `strerror(errno)` text ("Permission denied", "Not a directory"),
/// which is what a person needs to fix a bad output path.
enum PosixFile {
    /// Opens (creating or truncating) `path` for writing. Throws the errno text.
    static func create(_ path: String) throws(PosixError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PosixError() }
        return fd
    }

    /// Writes all of `text`, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ text: String) throws(PosixError) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw PosixError()
            }
            bytes = bytes.dropFirst(written)
        }
    }

    static func closeFile(_ fd: Int32) {
        _ = close(fd)
    }

    /// Creates `path` with `text`, or replaces its contents.
    static func writeWholeFile(_ path: String, _ text: String) throws(PosixError) {
        let fd = try create(path)
        defer { closeFile(fd) }
        try writeAll(fd, text)
    }

    /// Fails if `path` could not be opened for writing, changing nothing on disk: an existing
    /// file is opened without truncation; a missing one is created exclusively, then removed.
    static func checkWritable(_ path: String) throws(PosixError) {
        if access(path, F_OK) == 0 {
            // O_NONBLOCK: a FIFO with no reader fails instead of hanging.
            let fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else { throw PosixError() }
            closeFile(fd)
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PosixError() }
        closeFile(fd)
        _ = unlink(path)
    }
}

/// errno at the time of failure, as `strerror` text.
struct PosixError: Error {
    let message: String
    init() { message = String(cString: strerror(errno)) }
}
