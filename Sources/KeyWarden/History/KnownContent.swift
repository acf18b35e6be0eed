/// The findings a history scan made in the blobs that had any, each blob known by its size and the
/// SHA-256 of its bytes, with the path it was scanned as. A working-tree file with the same bytes at
/// the same path holds the same findings: the audit, which scans both, does not make them twice.
///
/// Only what is judged alike is reused: the same bytes (SHA-256, not git's SHA-1 blob id, which a
/// repository's author can collide), the same path (rules, allowlists and a manifest's namespace
/// look at it), no allowlist that names commits (a commit's findings could differ from the working
/// tree's), and a blob whose scan had no problem (a regex limit, a damaged archive).
struct KnownContent: Sendable {
    struct Entry: Sendable {
        var path: String
        var sha256: String
        var findings: [Finding]
    }

    private var bySize: [Int: [Entry]] = [:]

    /// Nothing known: every file is scanned.
    static let none = KnownContent()

    /// Remembers what a blob of `size` bytes held, scanned as `path`.
    mutating func add(size: Int, sha256: String, path: String, findings: [Finding]) {
        bySize[size, default: []].append(Entry(path: path, sha256: sha256, findings: findings))
    }

    /// The findings of the working-tree file at `path` whose bytes are `bytes`, when a blob with the
    /// same bytes was scanned as the same path; nil when the file must be scanned. Only a file whose
    /// size is a known blob's is hashed.
    func findings(forFileAt path: String, bytes: UnsafeRawBufferPointer) -> [Finding]? {
        guard let candidates = bySize[bytes.count], candidates.contains(where: { $0.path == path }) else { return nil }
        let sha256 = SecretDigest.sha256Hex(bytes: bytes)
        guard let entry = candidates.first(where: { $0.path == path && $0.sha256 == sha256 }) else { return nil }
        return entry.findings.map { $0.inWorkingTree() }
    }
}
