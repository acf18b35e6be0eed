import Matching

/// What an allowlist can look at for one match: the secret, the whole match, its line, the path
/// and the commit.
struct MatchContext {
    let buffer: UnsafeRawBufferPointer
    let match: PatternMatch
    let secret: String
    let path: String
    let commit: String?

    /// How far from the match a line is searched for its ends: bounds the work on minified
    /// one-line files.
    static let lineSearchLimit = 4096

    /// The bytes of the line holding the start of the match (at most `lineSearchLimit` either side).
    var lineRange: Range<Int> { Self.lineRange(of: match.range, in: buffer) }

    /// The bytes of the line holding the start of `range` (at most `lineSearchLimit` either side).
    static func lineRange(of range: Range<Int>, in buffer: UnsafeRawBufferPointer) -> Range<Int> {
        let start = range.lowerBound
        var lower = start
        let lowest = max(0, start - lineSearchLimit)
        while lower > lowest && buffer[lower - 1] != 0x0A { lower -= 1 }
        var upper = range.upperBound
        let highest = min(buffer.count, upper + lineSearchLimit)
        while upper < highest && buffer[upper] != 0x0A { upper += 1 }
        return lower..<upper
    }

    var line: String { String(decoding: UnsafeRawBufferPointer(rebasing: buffer[lineRange]), as: UTF8.self) }
    var matchText: String { String(decoding: UnsafeRawBufferPointer(rebasing: buffer[match.range]), as: UTF8.self) }

    /// Whether the match's line contains one of `needles`.
    func lineContainsAny(_ needles: [[UInt8]]) -> Bool {
        Self.containsAny(needles, in: UnsafeRawBufferPointer(rebasing: buffer[lineRange]))
    }

    /// Whether `bytes` contain one of `needles`.
    static func containsAny(_ needles: [[UInt8]], in bytes: UnsafeRawBufferPointer) -> Bool {
        needles.contains { needle in
            guard !needle.isEmpty, needle.count <= bytes.count else { return false }
            for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
                if needle.indices.allSatisfy({ bytes[start + $0] == needle[$0] }) { return true }
            }
            return false
        }
    }
}
