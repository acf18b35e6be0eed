import GitStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the regular files under a directory: symbolic links are never followed, FIFOs, sockets and
/// devices are skipped, `.git` is never entered, and in a repository `.gitignore` rules are honoured
/// (a tracked file is listed even when an ignore rule matches it). A nested repository or submodule
/// is not entered; it is named in the notes.
struct WorkingTreeWalker {
    let root: String
    /// The repository holding `root`, if any, and `root`'s path relative to its working directory.
    let repository: Repository?
    let prefixInRepository: String

    private(set) var files: [WorkingTreeFile] = []
    private(set) var statistics = ScanStatistics()
    private(set) var problems: [SkippedObject] = []
    private(set) var notes: [String] = []

    init(root: String, repository: Repository?) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.repository = repository
        if let workdir = repository?.workingDirectory {
            let resolvedRoot = Self.realPath(root) ?? root
            let resolvedWorkdir = Self.realPath(workdir) ?? workdir
            if resolvedRoot == resolvedWorkdir {
                prefixInRepository = ""
            } else if resolvedRoot.hasPrefix(resolvedWorkdir + "/") {
                prefixInRepository = String(resolvedRoot.dropFirst(resolvedWorkdir.count + 1)) + "/"
            } else {
                prefixInRepository = ""
            }
        } else {
            prefixInRepository = ""
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    mutating func walk() {
        visit(directory: Array(root.utf8CString.dropLast()), relative: "")
    }

    /// Walks `directory` (its bytes, not NUL-terminated) with raw names, so that files whose names are
    /// not UTF-8 are still opened; reports show such names with U+FFFD in place of the odd bytes.
    private mutating func visit(directory: [CChar], relative: String) {
        guard let handle = opendir(directory + [0]) else {
            problems.append(SkippedObject(subject: relative.isEmpty ? root : relative, reason: Self.errnoText()))
            return
        }
        defer { closedir(handle) }
        var entries: [[CChar]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.prefix(while: { $0 != 0 }).map { CChar(bitPattern: $0) }
            }
            if name == [46] || name == [46, 46] { continue }
            entries.append(name)
        }
        for rawName in entries.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let name = String(decoding: rawName.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let absolute = directory + (directory == [47] ? [] : [47]) + rawName
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(absolute + [0], &info) == 0 else {
                problems.append(SkippedObject(subject: path, reason: Self.errnoText()))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if name == ".git" { continue }
                if isIgnored(path, directory: true) {
                    statistics.skippedIgnored += 1
                    continue
                }
                var gitInfo = stat()
                if lstat(absolute + Array("/.git".utf8CString), &gitInfo) == 0 {
                    notes.append("\(path): a nested repository or submodule, not entered (scan it on its own)")
                    continue
                }
                visit(directory: absolute, relative: path)
            case S_IFREG:
                if name == ".git" { continue }
                if isIgnored(path, directory: false) {
                    statistics.skippedIgnored += 1
                    continue
                }
                files.append(WorkingTreeFile(path: path, absolutePath: absolute + [0], size: Int(info.st_size)))
            default:
                statistics.skippedSpecial += 1
            }
        }
    }

    private func isIgnored(_ path: String, directory: Bool) -> Bool {
        guard let repository else { return false }
        let repositoryPath = prefixInRepository + path
        guard repository.isIgnored(directory ? repositoryPath + "/" : repositoryPath) else { return false }
        return directory ? !repository.hasTrackedFiles(under: repositoryPath + "/") : !repository.isTracked(repositoryPath)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
