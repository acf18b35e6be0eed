/// Why an archive's members could not all be read.
public enum ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A limit against bombs was reached: what was read until then was still scanned.
    case limitReached(String)
    /// libarchive could not read on (a damaged or truncated archive).
    case unreadable(String)

    /// The same error, saying which nested member it happened in (the innermost one only).
    public func inside(_ path: String) -> ArchiveError {
        guard !description.hasSuffix(")") || !description.contains(" (in ") else { return self }
        switch self {
        case .limitReached(let message): return .limitReached("\(message) (in \(path))")
        case .unreadable(let message): return .unreadable("\(message) (in \(path))")
        }
    }

    public var description: String {
        switch self {
        case .limitReached(let message): return "archive limit reached: \(message)"
        case .unreadable(let message): return "archive cannot be read: \(message)"
        }
    }
}
