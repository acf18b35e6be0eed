import Foundation

/// `.keywardenignore`: findings the team has decided not to report, by fingerprint, each with a
/// reason and an optional expiry date. An expired entry stops suppressing, and says so.
///
/// ```
/// # fingerprint                                 [expires=YYYY-MM-DD]  reason
/// runway-api-key:0f3a…                          expires=2026-12-31    test key, disabled in the portal
/// generic-api-key:77c1…                                               documentation example
/// ```
///
/// A `.gitleaksignore` is read too (where a repository has no `.keywardenignore`, or when given):
/// its lines are gitleaks fingerprints, `file:rule-id:line` or `commit:file:rule-id:line`, with no
/// reason; keywarden fingerprints may stand there as well.
public struct IgnoreFile: Sendable, Hashable {
    public static let fileName = ".keywardenignore"
    public static let gitleaksFileName = ".gitleaksignore"

    public struct Entry: Sendable, Hashable {
        public var fingerprint: String
        public var reason: String
        /// `YYYY-MM-DD`, or nil for no expiry.
        public var expires: String?
        public var line: Int
    }

    public var entries: [Entry]
    /// gitleaks' entries: findings named by file, rule and line.
    public var locations: [IgnoredLocation]
    /// Lines of a `.gitleaksignore` that are no entry, each said in a note (gitleaks warns and goes on).
    public var unreadLines: [String] = []

    public init(entries: [Entry] = [], locations: [IgnoredLocation] = []) {
        self.entries = entries
        self.locations = locations
    }

    /// How many findings' entries the file holds.
    public var count: Int { entries.count + locations.count }

    public struct ParseError: Error, LocalizedError, Sendable {
        public var path: String
        public var line: Int
        public var message: String
        public var errorDescription: String? { "\(path):\(line): \(message)" }
    }

    public static func parse(_ text: String, path: String) throws(ParseError) -> IgnoreFile {
        var entries: [Entry] = []
        var locations: [IgnoredLocation] = []
        var unread: [String] = []
        let isGitleaks = path.split(separator: "/").last.map { $0.lowercased().contains("gitleaksignore") } ?? false
        // Read as bytes, not Characters (a gitleaks ignore file of a thousand lines is read by every
        // hook run): lines end at "\n", and a "\r" before it (Windows) is trimmed with the blanks.
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        for (index, raw) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let start = raw.firstIndex { !isBlank($0) } ?? raw.endIndex
            let end = raw.lastIndex { !isBlank($0) }.map(raw.index(after:)) ?? start
            let line = String(Substring(raw[start..<max(start, end)]))
            if line.isEmpty || line.hasPrefix("#") { continue }
            var words = line.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
            let fingerprint = words.removeFirst()
            if isGitleaks {
                if SecretDigest.isFingerprint(fingerprint) {
                    let reason = words.isEmpty ? "listed in \(gitleaksFileName)" : words.joined(separator: " ")
                    entries.append(Entry(fingerprint: fingerprint, reason: reason, expires: nil, line: index + 1))
                } else if let location = IgnoredLocation.parse(line, sourceLine: index + 1) {
                    locations.append(location)
                } else {
                    // Not quoted: the line may be a key pasted there.
                    unread.append("\(path) line \(index + 1) is not a gitleaks fingerprint (file:rule-id:line or commit:file:rule-id:line): ignored")
                }
                continue
            }
            guard SecretDigest.isFingerprint(fingerprint) else {
                // Not quoted: a line that is not a fingerprint may be the key itself, pasted.
                throw ParseError(
                    path: path, line: index + 1,
                    message: "the first word (\(Redaction.redact(fingerprint))) is not a fingerprint: rule-id:32 hex digits, as reports print it")
            }
            var expires: String?
            if let first = words.first, first.hasPrefix("expires=") {
                let date = String(first.dropFirst("expires=".count))
                guard DayDate.parse(date) != nil else {
                    throw ParseError(path: path, line: index + 1, message: "expires must be a date YYYY-MM-DD")
                }
                expires = date
                words.removeFirst()
            }
            guard !words.isEmpty else {
                throw ParseError(path: path, line: index + 1, message: "give a reason after the fingerprint")
            }
            entries.append(Entry(fingerprint: fingerprint, reason: words.joined(separator: " "), expires: expires, line: index + 1))
        }
        var file = IgnoreFile(entries: entries, locations: locations)
        file.unreadLines = unread
        return file
    }

    public static func load(from path: String) throws(ParseError) -> IgnoreFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(path: path, line: 0, message: "cannot read")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The `.keywardenignore` at the root of the repository holding `path`, else its
    /// `.gitleaksignore`, if there is one.
    public static func discover(for path: String) throws(ParseError) -> IgnoreFile? {
        guard let file = discoveredPath(for: path) else { return nil }
        return try load(from: file)
    }

    /// The file `discover(for:)` reads.
    public static func discoveredPath(for path: String) -> String? {
        guard let root = RepositoryPaths.repositoryRoot(for: path) else { return nil }
        return [fileName, gitleaksFileName].map { root + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
