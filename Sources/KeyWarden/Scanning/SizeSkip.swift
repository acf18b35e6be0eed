/// A file or blob not scanned because of its size: named in every report, never only counted.
public struct SizeSkip: Sendable, Hashable {
    /// Why it was passed over.
    public enum Reason: String, Sendable, Hashable {
        /// Larger than the size limit (`--max-file-size`, `maxFileSize`, 1 GiB by default).
        case tooLarge = "too-large"
        /// Binary content (it cannot be text) larger than the limit for binary content.
        case binaryTooLarge = "binary-too-large"
    }

    public var path: String
    /// The blob's id in history scans; nil for files.
    public var object: String?
    public var bytes: Int
    public var limit: Int
    public var reason: Reason

    public init(path: String, object: String? = nil, bytes: Int, limit: Int, reason: Reason) {
        self.path = path
        self.object = object
        self.bytes = bytes
        self.limit = limit
        self.reason = reason
    }

    /// "big.json (12000000 bytes): larger than the 1073741824-byte limit, not scanned"
    public var sentence: String {
        let what = reason == .binaryTooLarge ? "binary content larger than the \(limit)-byte limit for binary content" : "larger than the \(limit)-byte size limit"
        return "\(path)\(object.map { " (\($0.prefix(12)))" } ?? "") (\(bytes) bytes): \(what), not scanned"
    }
}
