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
        visit(directory: root, relative: "")
    }

    private mutating func visit(directory: String, relative: String) {
        guard let handle = opendir(directory) else {
            problems.append(SkippedObject(subject: relative.isEmpty ? directory : relative, reason: Self.errnoText()))
            return
        }
        defer { closedir(handle) }
        var entries: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            entries.append(name)
        }
        for name in entries.sorted() {
            let absolute = directory == "/" ? "/" + name : directory + "/" + name
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(absolute, &info) == 0 else {
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
                if lstat(absolute + "/.git", &gitInfo) == 0 {
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
                files.append(WorkingTreeFile(path: path, absolutePath: absolute, size: Int(info.st_size)))
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
