import Foundation
import GitStore

/// What one side of a change says about its own scan: the configuration, ignore file and baseline
/// as a commit holds them, as the working tree has them, or none at all (the built-in rules).
package struct RepositoryPolicy: Sendable {
    /// Where the files were read.
    package enum Source: Sendable, Hashable, CustomStringConvertible {
        case commit(ObjectID)
        case workingTree
        /// Nothing from the repository: the reason says why.
        case builtIn(reason: String)

        package var description: String {
            switch self {
            case .commit(let id): return "commit \(id.hex.prefix(12))"
            case .workingTree: return "the working tree"
            case .builtIn: return "keywarden's built-in rules (nothing read from the repository)"
            }
        }
    }

    package var source: Source
    package var configuration: Configuration?
    package var ignoreFile: IgnoreFile?
    package var baseline: Baseline?
    /// The files read, with the name each report gives them (`.keywarden.toml at 0123456789ab`).
    private var names: (configuration: String?, ignoreFile: String?, baseline: String?) = (nil, nil, nil)
    /// The blob each in-repository file is on this side (nil: not there), by repository path, to tell
    /// which of them a change touched.
    private(set) var versions: [String: ObjectID?] = [:]

    /// The files as `commit` holds them; those outside the repository from disk.
    static func committed(
        _ commit: ObjectID, files: PolicyFiles, in repository: Repository
    ) throws(ScanError) -> RepositoryPolicy {
        var policy = RepositoryPolicy(source: .commit(commit))
        var versions: [String: ObjectID?] = [:]
        let include: RuleFileParser.Includer = { path, from throws(RuleFileError) in
            guard let inRepository = RepositoryPolicy.repositoryPath(path, from: from) else {
                throw RuleFileError(file: from, message: "[extend] path \(path.debugDescription) leads outside the repository: not read")
            }
            guard let file = try? repository.committedFile(inRepository, at: commit.hex),
                let text = String(data: Data(file.bytes), encoding: .utf8)
            else {
                throw RuleFileError(file: from, message: "[extend] path \(path.debugDescription): no such UTF-8 file at \(commit.hex.prefix(12))")
            }
            return (text, "\(inRepository) at \(commit.hex.prefix(12))")
        }
        try policy.read(files, include: include) { path throws(ScanError) in
            do {
                guard let file = try repository.committedFile(path, at: commit.hex) else {
                    versions[path] = .some(nil)
                    return nil
                }
                versions[path] = file.blob
                return (Data(file.bytes), "\(path) at \(commit.hex.prefix(12))")
            } catch {
                throw .policy("cannot read \(path) at \(commit.hex.prefix(12)): \(error)")
            }
        }
        policy.versions = versions
        return policy
    }

    /// The files as the working tree at `root` (ending in `/`) has them.
    static func workingTree(root: String, files: PolicyFiles) throws(ScanError) -> RepositoryPolicy {
        var policy = RepositoryPolicy(source: .workingTree)
        try policy.read(files, include: Configuration.diskIncluder(confinedTo: root)) { path throws(ScanError) in
            let file = root + path
            guard FileManager.default.fileExists(atPath: file) else { return nil }
            guard let data = FileManager.default.contents(atPath: file) else { throw .policy("\(file): cannot read") }
            return (data, file)
        }
        return policy
    }

    /// No file from the repository; those outside it are still read.
    static func builtIn(reason: String, files: PolicyFiles) throws(ScanError) -> RepositoryPolicy {
        var policy = RepositoryPolicy(source: .builtIn(reason: reason))
        try policy.read(files) { _ throws(ScanError) in nil }
        return policy
    }

    /// `path`, relative to the in-repository file `from` names ("dir/.gitleaks.toml at 0123…"), as a
    /// path from the repository root; nil when it leads outside.
    static func repositoryPath(_ path: String, from: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        let file = from.components(separatedBy: " at ").first ?? from
        var parts = file.split(separator: "/").dropLast().map(String.init)
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    private init(source: Source) {
        self.source = source
    }

    /// Reads each file: those in the repository through `inRepository`, which returns the bytes and
    /// the name to report (nil: the file is not there); those outside from disk.
    private mutating func read(
        _ files: PolicyFiles, include: RuleFileParser.Includer? = nil, inRepository: (String) throws(ScanError) -> (Data, String)?
    ) throws(ScanError) {
        func contents(_ location: PolicyFiles.Location) throws(ScanError) -> (Data, String)? {
            switch location {
            case .inRepository(let path):
                return try inRepository(path)
            case .outside(let path):
                guard let data = FileManager.default.contents(atPath: path) else { throw .policy("\(path): cannot read") }
                return (data, path)
            }
        }
        var standIn = false
        var configurationFile = try contents(files.configuration)
        if configurationFile == nil, let fallback = files.configurationFallback {
            configurationFile = try contents(.inRepository(fallback))
            standIn = configurationFile != nil
        }
        if let (data, name) = configurationFile {
            guard let text = String(data: data, encoding: .utf8) else { throw .policy("\(name): the configuration is not UTF-8 text") }
            do {
                // A configuration given from outside the repository extends files beside it, on disk.
                var extendFrom = include
                if case .outside = files.configuration, !standIn { extendFrom = Configuration.diskIncluder(confinedTo: nil) }
                configuration = try RuleFileParser.parseConfiguration(text, origin: name, include: extendFrom)
            } catch {
                throw .policy(error.localizedDescription)
            }
            if standIn { configuration?.notes.insert(Configuration.gitleaksNote(for: name), at: 0) }
            names.configuration = name
        }
        var ignore = try contents(files.ignoreFile)
        if ignore == nil, let fallback = files.ignoreFileFallback { ignore = try contents(.inRepository(fallback)) }
        if let (data, name) = ignore {
            do {
                ignoreFile = try IgnoreFile.parse(String(decoding: data, as: UTF8.self), path: name)
            } catch {
                throw .policy(error.localizedDescription)
            }
            names.ignoreFile = name
        }
        if let (data, name) = try contents(files.baseline) {
            do {
                baseline = try Baseline.parse(data, path: name)
            } catch {
                throw .policy(error.localizedDescription)
            }
            names.baseline = name
        }
    }

    /// The rules this side's configuration resolves to.
    func ruleSet() throws(ScanError) -> RuleSet {
        do {
            return try RuleSet.resolve(configuration)
        } catch {
            throw .policy(error.localizedDescription)
        }
    }

    /// The size limit this side's configuration sets, if any.
    var maxFileSize: Int? { configuration?.maxFileSize }

    /// The baseline and ignore file of this side, applied to the commits of a change.
    var filter: FindingFilter { FindingFilter(baseline: baseline, ignoreFile: ignoreFile, checksChange: true) }

    /// The in-repository files that differ between this side and `other`, in `files`' order.
    func changedFiles(comparedWith other: RepositoryPolicy, files: PolicyFiles) -> [String] {
        files.repositoryPaths.filter { path in
            let mine = versions[path] ?? nil
            let theirs = other.versions[path] ?? nil
            return mine != theirs
        }
    }

    /// What a report says was applied.
    func applied(rules: Int) -> AppliedPolicy {
        AppliedPolicy(
            source: source.description, configuration: names.configuration, ignoreFile: names.ignoreFile,
            ignoreEntries: ignoreFile?.count, baseline: names.baseline, baselineEntries: baseline?.entries.count,
            rules: rules)
    }
}
