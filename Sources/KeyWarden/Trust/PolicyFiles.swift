import Foundation

/// Where a scan reads the three files a repository can weaken its own scan with: its configuration,
/// its ignore file and its baseline. A file inside the repository is read from whichever side a
/// scan trusts (a commit, or the working tree); a file outside it is the same on every side.
public struct PolicyFiles: Sendable, Hashable {
    /// Where one of the files is.
    public enum Location: Sendable, Hashable {
        /// A `/`-separated path relative to the repository root.
        case inRepository(String)
        /// A file outside the repository (given on the command line).
        case outside(String)
    }

    public var configuration: Location = .inRepository(Configuration.fileName)
    public var ignoreFile: Location = .inRepository(IgnoreFile.fileName)
    public var baseline: Location = .inRepository(Baseline.fileName)

    public init() {}

    /// The location of a file given on a command line as `path`: inside the repository whose working
    /// tree is `root` (ending in `/`), its path there; else the file itself.
    public static func location(of path: String, repositoryRoot root: String?) -> Location {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if let root {
            let base = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path + "/"
            if absolute.hasPrefix(base) { return .inRepository(String(absolute.dropFirst(base.count))) }
        }
        return .outside(absolute)
    }

    /// Where the configuration is looked for when it is not at its default place: gitleaks' file.
    var configurationFallback: String? {
        configuration == .inRepository(Configuration.fileName) ? Configuration.gitleaksFileName : nil
    }

    /// Where the ignore file is looked for when it is not at its default place: gitleaks' file.
    var ignoreFileFallback: String? {
        ignoreFile == .inRepository(IgnoreFile.fileName) ? IgnoreFile.gitleaksFileName : nil
    }

    /// The in-repository paths, in the order configuration, ignore file, baseline (each followed by
    /// the gitleaks file that stands in for it).
    var repositoryPaths: [String] {
        let primary: [String?] = [configuration, ignoreFile, baseline].map { location in
            if case .inRepository(let path) = location { return path }
            return nil
        }
        return [primary[0], configurationFallback, primary[1], ignoreFileFallback, primary[2]].compactMap { $0 }
    }
}
