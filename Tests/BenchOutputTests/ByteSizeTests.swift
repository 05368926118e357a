import Testing
@testable import BenchOutput

@Suite("ByteSize")
struct ByteSizeTests {
    static let accepted: [(String, Int)] = [
        ("64MiB", 64 << 20), ("4GiB", 4 << 30), ("1TiB", 1 << 40), ("512KiB", 512 << 10),
        ("64M", 64 << 20), ("4G", 4 << 30), ("1T", 1 << 40), ("4K", 4096),
        ("64MB", 64 << 20), ("4kb", 4096), ("64mib", 64 << 20), ("4gIb", 4 << 30),
        ("4096", 4096), ("4096B", 4096), ("4096b", 4096), ("1", 1),
        ("1.5GiB", 3 << 29), ("0.5K", 512), ("2.0M", 2 << 20), ("0.25KiB", 256),
        ("8388607TiB", 8_388_607 << 40),
    ]

    static let formatted: [(Int, String)] = [
        (64 << 20, "64MiB"), (4 << 30, "4GiB"), (1 << 40, "1TiB"), (1536 << 10, "1536KiB"),
        (4096, "4KiB"), (4097, "4097B"), (3 << 29, "1536MiB"), (1, "1B"), (0, "0B"),
    ]

    static let approximated: [(Int, String)] = [
        (5792 << 10, "5.7 MiB"), (64 << 20, "64 MiB"), (2896 << 20, "2.8 GiB"), (181 << 20, "181 MiB"),
        (1 << 40, "1 TiB"), (10_200 << 10, "10 MiB"), (9_999 << 10, "9.8 MiB"), (512, "512 B"), (1536, "1.5 KiB"),
    ]

    @Test(arguments: approximated)
    func approximates(_ bytes: Int, _ text: String) {
        #expect(ByteSize.approximate(bytes) == text)
    }

    @Test(arguments: accepted)
    func accepts(_ text: String, _ bytes: Int) throws {
        #expect(try ByteSize.parse(text) == bytes)
    }

    @Test(arguments: [
        "", "0", "0MiB", "0.0G", "-1", "-64MiB", "+64MiB", "MiB", "abc", "64XB", "4XB", "64 MiB", " 64MiB",
        "64MiB ", "1.5.3G", "1.5xG", "1.", ".5G", "1.3K", "1.5", "0x10", "64MiBB", "64iB",
        "8388608TiB", "9223372036854775808", "99999999999999999999K", "1e3",
    ])
    func rejects(_ text: String) {
        #expect(throws: BenchOutputError.self) { try ByteSize.parse(text) }
    }

    @Test func errorMessageSaysWhatIsAccepted() {
        do {
            _ = try ByteSize.parse("4XB")
            Issue.record("4XB was accepted")
        } catch {
            #expect(error.message.hasPrefix("invalid size \"4XB\": "))
            #expect(error.message.contains("MiB"))
            #expect(error.message.contains("e.g. 64MiB"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test(arguments: formatted)
    func formats(_ bytes: Int, _ text: String) {
        #expect(ByteSize.format(bytes) == text)
    }

    @Test(arguments: [1, 4095, 4096, 1536 << 10, 64 << 20, 3 << 29, 1 << 40, 5 << 41, Int.max] as [Int])
    func formatRoundTrips(_ bytes: Int) throws {
        #expect(try ByteSize.parse(ByteSize.format(bytes)) == bytes)
    }
}
