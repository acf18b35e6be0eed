import Crypto
import Foundation
import GitStore

/// What the last history scan of a repository found with the same rules, so that a scan of an
/// unchanged history reads only the blobs that had findings, and a scan of a changed one does not
/// read again the blobs already judged clean.
///
/// One file per repository, keyed by the rule set, the options that change results and keywarden's
/// version, and valid for the references it was made with (`Repository.referenceState()`: the same
/// references reach the same objects, which are named by their content). It holds no secret: the
/// ids, paths and commits of the blobs with findings (their secrets are found again by reading
/// them), statistics, and for each clean blob its id with a hash of the path and commit it was
/// judged at — path-scoped rules and commit allowlists can make the same content clean at one place
/// and not at another. It holds no commit message either (a key typed into one would be stored).
///
/// The cache decides what a scan reports, so it must be the user's own: the directory is 0700, each
/// entry 0600, owned by the user, not reached through a link, and tagged with an HMAC-SHA256 keyed
/// by a secret kept in the directory (`key`, made on first use). An entry that fails any of these
/// is ignored with a note and rebuilt.
struct HistoryCache {
    let file: String
    /// The rules, options and version the entry must have been made with.
    let key: String

    /// What a scan leaves for the next one.
    struct Contents {
        /// The digest of the references the scan walked.
        var references: String
        var statistics: ScanStatistics
        var problems: [SkippedObject]
        var notes: [String]
        /// The blobs with findings and the commits that introduced them, nothing else.
        var inventory: HistoryInventory
        /// Each clean blob, with the hash of the path and commit it was judged at.
        var clean: [ObjectID: UInt64]
        /// The commit and tag messages that had findings (read again from the repository, never kept).
        var messages: [MessageEntry] = []
    }

    /// A commit or tag message with findings: which object, and what its findings are attributed to.
    struct MessageEntry: Sendable {
        var object: ObjectID
        var path: String
        var source: Finding.Source
        var commit: FindingCommit

        init(object: ObjectID, path: String, source: Finding.Source, commit: FindingCommit) {
            self.object = object
            self.path = path
            self.source = source
            self.commit = commit
        }

        init(item: BlobFeed.Item) {
            self.init(object: item.blob, path: item.path, source: item.source, commit: item.commit)
        }

        /// The item that scans the message again, read from `repository`; nil when it is gone.
        func item(in repository: Repository) -> BlobFeed.Item? {
            guard let message = repository.message(of: object) else { return nil }
            return BlobFeed.Item(
                blob: object, index: -1, path: path, commit: commit, isLaterIntroduction: false, message: message, source: source)
        }
    }

    private static let magic = "keywarden-history-cache 2"
    /// The length of the HMAC-SHA256 tag that ends every entry.
    private static let tagLength = 32

    /// What `load` found.
    enum Loaded {
        case missing
        /// An entry was there and was not used: why.
        case refused(String)
        case contents(Contents)

        var contents: Contents? {
            if case .contents(let contents) = self { return contents }
            return nil
        }
    }
    /// Entries kept in the directory; the least recently written beyond this are removed.
    private static let entriesKept = 16

    /// The entry for the repository whose git directory is `gitDirectory`, in `directory`.
    init(directory: String, gitDirectory: String, ruleSet: RuleSet, options: ScanOptions) {
        let repository = URL(fileURLWithPath: gitDirectory).resolvingSymlinksInPath().path
        file = directory + "/history/" + Self.digest(repository).prefix(32) + ".kwhc"
        key = Self.digest(
            [Self.magic, KeyWardenVersion.current, String(options.maxFileSize), String(options.maxBinarySize), String(reflecting: options.archiveLimits), ruleSet.contentHash]
                .joined(separator: "\u{0}"))
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func digest(references: [String]) -> String { digest(references.joined(separator: "\n")) }

    /// The hash a clean blob is remembered with: where, and by which commit, it was judged.
    static func context(path: String, commitID: String) -> UInt64 {
        let hash = SHA256.hash(data: Data((path + "\u{0}" + commitID).utf8))
        return hash.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    // MARK: Reading

    /// The stored contents when they were made with these rules; `.missing` for none or another
    /// rule set, `.refused` for an entry that is not the user's own or fails its tag. Clean blobs are
    /// read only when `includingClean`.
    func load(includingClean: Bool) -> Loaded {
        let directory = (file as NSString).deletingLastPathComponent
        if let problem = PrivateFiles.prepareDirectory(directory) { return .refused(problem) }
        let data: Data
        switch PrivateFiles.read(file) {
        case .missing: return .missing
        case .refused(let reason): return .refused(reason)
        case .data(let contents): data = contents
        }
        let signingKey: SymmetricKey
        switch Self.signingKey(in: directory) {
        case .success(let key): signingKey = key
        case .failure(let problem): return .refused(problem.reason)
        }
        guard data.count > Self.tagLength,
            HMAC<SHA256>.isValidAuthenticationCode(
                data.suffix(Self.tagLength), authenticating: tagged(data.dropLast(Self.tagLength)), using: signingKey)
        else {
            return .refused("\(file): its integrity tag does not match (written by another keywarden, another user, or damaged)")
        }
        let body = data.dropLast(Self.tagLength)
        let parsed = body.withUnsafeBytes { bytes -> Contents? in
            var offset = 0
            func line() -> String? {
                guard let end = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
                defer { offset = end + 1 }
                return String(decoding: bytes[offset..<end], as: UTF8.self)
            }
            guard line() == Self.magic, line() == key, let references = line(), let length = line().flatMap(Int.init),
                length >= 0, offset + length <= bytes.count,
                let header = try? JSONSerialization.jsonObject(with: Data(bytes[offset..<(offset + length)])) as? [String: Any],
                var contents = Self.contents(header, references: references)
            else { return nil }
            offset += length
            guard (bytes.count - offset) % 28 == 0 else { return nil }
            if includingClean {
                contents.clean.reserveCapacity((bytes.count - offset) / 28)
                while offset < bytes.count {
                    contents.clean[ObjectID(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 20)]))] =
                        bytes.loadUnaligned(fromByteOffset: offset + 20, as: UInt64.self)
                    offset += 28
                }
            }
            return contents
        }
        return parsed.map(Loaded.contents) ?? .missing
    }

    /// What the tag covers: the entry's file name (an entry cannot stand in for another
    /// repository's) and its bytes.
    private func tagged(_ body: Data) -> Data {
        Data(((file as NSString).lastPathComponent + "\u{0}").utf8) + body
    }

    /// Why the signing key cannot be had.
    struct KeyProblem: Error {
        var reason: String
    }

    /// The secret entries are tagged with, in `directory/key`: read, or made (32 random bytes,
    /// 0600, linked into place so that no reader sees half of it) when there is none.
    static func signingKey(in directory: String) -> Result<SymmetricKey, KeyProblem> {
        let path = directory + "/key"
        for _ in 0..<2 {
            switch PrivateFiles.read(path, limit: 64) {
            case .data(let data):
                guard data.count == 32 else { return .failure(KeyProblem(reason: "\(path) is not a keywarden cache key")) }
                return .success(SymmetricKey(data: data))
            case .refused(let reason):
                return .failure(KeyProblem(reason: reason))
            case .missing:
                let key = SymmetricKey(size: .bits256)
                guard let temporary = try? AtomicFile.create(beside: path, newFilePermissions: 0o600, forcingPermissions: true) else {
                    return .failure(KeyProblem(reason: "cannot create \(path)"))
                }
                let written = key.withUnsafeBytes { AtomicFile.writeAll(temporary.descriptor, $0) } && fsync(temporary.descriptor) == 0
                close(temporary.descriptor)
                // link(2) never replaces: when another scan made the key first, its key is read.
                let linked = written && link(temporary.path, path) == 0
                unlink(temporary.path)
                if linked { return .success(key) }
            }
        }
        return .failure(KeyProblem(reason: "cannot make \(path)"))
    }

    private static func contents(_ header: [String: Any], references: String) -> Contents? {
        guard let counts = header["statistics"] as? [String: Int], let problems = header["problems"] as? [[String: String]],
            let notes = header["notes"] as? [String], let commits = header["commits"] as? [[String: Any]],
            let blobs = header["blobs"] as? [[String: Any]]
        else { return nil }
        var statistics = ScanStatistics()
        statistics.blobsScanned = counts["blobsScanned"] ?? 0
        statistics.commitsWalked = counts["commitsWalked"] ?? 0
        statistics.bytesScanned = counts["bytesScanned"] ?? 0
        statistics.skippedBinary = counts["skippedBinary"] ?? 0
        statistics.skippedTooLarge = counts["skippedTooLarge"] ?? 0
        statistics.lfsPointers = counts["lfsPointers"] ?? 0
        for skip in header["sizeSkips"] as? [[String: Any]] ?? [] {
            guard let path = skip["path"] as? String, let bytes = skip["bytes"] as? Int, let limit = skip["limit"] as? Int,
                let reason = (skip["reason"] as? String).flatMap(SizeSkip.Reason.init(rawValue:))
            else { return nil }
            statistics.sizeSkips.append(SizeSkip(path: path, object: skip["object"] as? String, bytes: bytes, limit: limit, reason: reason))
        }
        var inventory = HistoryInventory()
        for commit in commits {
            guard let id = (commit["id"] as? String).flatMap(ObjectID.init(hex:)), let name = commit["authorName"] as? String,
                let email = commit["authorEmail"] as? String, let time = commit["authorTime"] as? Int,
                let offset = commit["authorOffsetMinutes"] as? Int
            else { return nil }
            inventory.commits.append(CommitInfo(
                id: id, authorName: name, authorEmail: email, authorTime: Int64(time), authorOffsetMinutes: offset,
                summary: ""))
        }
        for blob in blobs {
            guard let id = (blob["id"] as? String).flatMap(ObjectID.init(hex:)), let path = blob["path"] as? String,
                let commit = blob["commit"] as? Int, inventory.commits.indices.contains(commit),
                let others = blob["others"] as? [[String: Any]]
            else { return nil }
            var introduction = BlobIntroduction(blob: id, path: path, commit: commit)
            for other in others {
                guard let path = other["path"] as? String, let commit = other["commit"] as? Int,
                    inventory.commits.indices.contains(commit)
                else { return nil }
                introduction.otherIntroductions.append(PathIntroduction(path: path, commit: commit))
            }
            inventory.blobs.append(introduction)
        }
        return Contents(
            references: references, statistics: statistics,
            problems: problems.compactMap { entry in
                guard let subject = entry["subject"], let reason = entry["reason"] else { return nil }
                return SkippedObject(subject: subject, reason: reason)
            },
            notes: notes, inventory: inventory, clean: [:],
            messages: (header["messages"] as? [[String: Any]] ?? []).compactMap { entry in
                guard let object = (entry["object"] as? String).flatMap(ObjectID.init(hex:)), let path = entry["path"] as? String,
                    let source = (entry["source"] as? String).flatMap(Finding.Source.init(rawValue:)),
                    let id = entry["commit"] as? String, let name = entry["authorName"] as? String,
                    let email = entry["authorEmail"] as? String, let date = entry["date"] as? String, let time = entry["time"] as? Int
                else { return nil }
                return MessageEntry(
                    object: object, path: path, source: source,
                    commit: FindingCommit(id: id, authorName: name, authorEmail: email, date: date, time: Int64(time), summary: ""))
            })
    }

    // MARK: Writing

    /// Stores `contents` (written whole, then renamed into place) and trims the directory to the
    /// most recent entries. A cache that cannot be written is no error: the next scan reads again.
    func store(_ contents: Contents) {
        let statistics = contents.statistics
        let header: JSONValue = [
            "statistics": [
                "blobsScanned": .integer(statistics.blobsScanned), "commitsWalked": .integer(statistics.commitsWalked),
                "bytesScanned": .integer(statistics.bytesScanned), "skippedBinary": .integer(statistics.skippedBinary),
                "skippedTooLarge": .integer(statistics.skippedTooLarge), "lfsPointers": .integer(statistics.lfsPointers),
            ],
            "problems": .array(contents.problems.map {
                ["subject": .string(SecretScrubber.scrubbed($0.subject)), "reason": .string(SecretScrubber.scrubbed($0.reason))]
            }),
            "notes": JSONValue(contents.notes.map(SecretScrubber.scrubbed)),
            "messages": .array(contents.messages.map { entry in
                [
                    "object": .string(entry.object.hex), "path": .string(entry.path), "source": .string(entry.source.rawValue),
                    "commit": .string(entry.commit.id), "authorName": .string(entry.commit.authorName),
                    "authorEmail": .string(entry.commit.authorEmail), "date": .string(entry.commit.date),
                    "time": .integer(Int(entry.commit.time)),
                ]
            }),
            "sizeSkips": .array(statistics.sizeSkips.map(JSONReport.sizeSkip)),
            "commits": .array(contents.inventory.commits.map { commit in
                [
                    "id": .string(commit.id.hex), "authorName": .string(commit.authorName),
                    "authorEmail": .string(commit.authorEmail), "authorTime": .integer(Int(commit.authorTime)),
                    "authorOffsetMinutes": .integer(commit.authorOffsetMinutes),
                ]
            }),
            "blobs": .array(contents.inventory.blobs.map { blob in
                [
                    "id": .string(blob.blob.hex), "path": .string(blob.path), "commit": .integer(blob.commit),
                    "others": .array(blob.otherIntroductions.map { ["path": .string($0.path), "commit": .integer($0.commit)] }),
                ]
            }),
        ]
        let json = Array(header.rendered().utf8)
        var bytes = Array("\(Self.magic)\n\(key)\n\(contents.references)\n\(json.count)\n".utf8) + json
        bytes.reserveCapacity(bytes.count + contents.clean.count * 28)
        for (id, context) in contents.clean {
            id.withBytes { bytes += $0 }
            withUnsafeBytes(of: context) { bytes += $0 }
        }
        let directory = (file as NSString).deletingLastPathComponent
        guard PrivateFiles.prepareDirectory(directory) == nil, case .success(let signingKey) = Self.signingKey(in: directory) else {
            return
        }
        var data = Data(bytes)
        data += Data(HMAC<SHA256>.authenticationCode(for: tagged(data), using: signingKey))
        guard (try? AtomicFile.write(data, to: file, newFilePermissions: 0o600, forcingPermissions: true)) != nil else { return }
        Self.trim(directory)
    }

    private static func trim(_ directory: String) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".kwhc") }
        guard names.count > entriesKept else { return }
        let dated = names.map { name -> (String, Date) in
            let path = directory + "/" + name
            return (path, (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast)
        }
        for (path, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(entriesKept) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
