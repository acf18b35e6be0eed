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
        var pending: [Directory] = []
        if let top = read(directory: Array(root.utf8CString.dropLast()), relative: "") { pending.append(top) }
        while var directory = pending.popLast() {
            while directory.next < directory.entries.count {
                let rawName = directory.entries[directory.next]
                directory.next += 1
                if let subdirectory = visit(rawName, in: directory) {
                    // The rest of this directory waits under its subdirectory, as a recursive walk would.
                    pending.append(directory)
                    pending.append(subdirectory)
                    break
                }
            }
        }
    }

    /// A directory being listed: its entries, sorted, and the next one to visit. Directories are
    /// walked with an explicit stack, each closed as soon as it is read: a tree nested as deep as the
    /// file system allows uses neither the call stack nor a file descriptor per level.
    private struct Directory {
        var path: [CChar]
        var relative: String
        var entries: [[CChar]]
        var next = 0
    }

    /// Reads `directory` (its bytes, not NUL-terminated) with raw names, so that files whose names are
    /// not UTF-8 are still opened; reports show such names with U+FFFD in place of the odd bytes.
    private mutating func read(directory: [CChar], relative: String) -> Directory? {
        guard let handle = opendir(directory + [0]) else {
            problems.append(SkippedObject(subject: relative.isEmpty ? root : relative, reason: Self.errnoText()))
            return nil
        }
        var entries: [[CChar]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.prefix(while: { $0 != 0 }).map { CChar(bitPattern: $0) }
            }
            if name == [46] || name == [46, 46] { continue }
            entries.append(name)
        }
        closedir(handle)
        return Directory(path: directory, relative: relative, entries: entries.sorted(by: { $0.lexicographicallyPrecedes($1) }))
    }

    /// Lists one entry of `directory`; a subdirectory to enter is returned, read.
    private mutating func visit(_ rawName: [CChar], in directory: Directory) -> Directory? {
        let name = String(decoding: rawName.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let absolute = directory.path + (directory.path == [47] ? [] : [47]) + rawName
        let path = directory.relative.isEmpty ? name : directory.relative + "/" + name
        var info = stat()
        guard lstat(absolute + [0], &info) == 0 else {
            problems.append(SkippedObject(subject: path, reason: Self.errnoText()))
            return nil
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            if name == ".git" { return nil }
            if isIgnored(path, directory: true) {
                statistics.skippedIgnored += 1
                return nil
            }
            var gitInfo = stat()
            if lstat(absolute + Array("/.git".utf8CString), &gitInfo) == 0 {
                notes.append("\(path): a nested repository or submodule, not entered (scan it on its own)")
                return nil
            }
            return read(directory: absolute, relative: path)
        case S_IFREG:
            if name == ".git" { return nil }
            if isIgnored(path, directory: false) {
                statistics.skippedIgnored += 1
                return nil
            }
            files.append(WorkingTreeFile(path: path, absolutePath: absolute + [0], size: Int(info.st_size)))
        default:
            statistics.skippedSpecial += 1
        }
        return nil
    }

    private func isIgnored(_ path: String, directory: Bool) -> Bool {
        guard let repository else { return false }
        let repositoryPath = prefixInRepository + path
        guard repository.isIgnored(directory ? repositoryPath + "/" : repositoryPath) else { return false }
        return directory ? !repository.hasTrackedFiles(under: repositoryPath + "/") : !repository.isTracked(repositoryPath)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
