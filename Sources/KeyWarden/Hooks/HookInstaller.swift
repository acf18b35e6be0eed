import Foundation
import GitStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Installs keywarden's git hooks into a repository's hooks directory (honouring `core.hooksPath`
/// and linked worktrees) without ever losing a hook that was there: it is renamed to
/// `NAME.keywarden-chained`, still runs first, and is restored byte for byte by `uninstall`. A
/// keywarden hook the user has edited is never overwritten or deleted either: it is kept as
/// `NAME.keywarden-edited`, and the message says so.
public struct HookInstaller: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case preCommit = "pre-commit"
        case prePush = "pre-push"
        case commitMessage = "commit-msg"
    }

    /// What is in a hook's place.
    public enum State: Sendable, Equatable {
        case none
        /// keywarden's hook; `chained` when it runs a hook that was there before, `edited` when it is
        /// not as keywarden wrote it.
        case keywarden(chained: Bool, edited: Bool)
        /// Somebody else's hook.
        case foreign
    }

    public struct InstallError: Error, LocalizedError, Sendable {
        public var message: String
        public var errorDescription: String? { message }
    }

    public let hooksDirectory: String

    public init(repositoryPath: String) throws(ScanError) {
        hooksDirectory = try SecretScanner.openRepository(at: repositoryPath, for: .hooks).hooksDirectory
    }

    static let chainedSuffix = ".keywarden-chained"
    static let editedSuffix = ".keywarden-edited"

    /// Moves an edited keywarden hook aside to `NAME.keywarden-edited` (or `…-edited.2`, … when
    /// that is taken); returns the name it now has.
    private func keepEdited(_ target: String) throws -> String {
        var kept = target + Self.editedSuffix
        var number = 2
        while Self.exists(kept) {
            kept = target + Self.editedSuffix + ".\(number)"
            number += 1
        }
        guard rename(target, kept) == 0 else {
            throw InstallError(message: "cannot keep your edited \(target) as \(kept): \(String(cString: strerror(errno)))")
        }
        return kept
    }

    private func path(_ kind: Kind) -> String { (hooksDirectory as NSString).appendingPathComponent(kind.rawValue) }

    public func state(of kind: Kind) -> State {
        // lstat, not a read: a dangling link or an unreadable hook is still somebody's hook to keep.
        guard Self.exists(path(kind)) else { return .none }
        guard let data = FileManager.default.contents(atPath: path(kind)) else { return .foreign }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains(HookScripts.marker) else { return .foreign }
        return .keywarden(chained: Self.exists(path(kind) + Self.chainedSuffix), edited: !HookScripts.isAsWritten(text))
    }

    /// Whether anything is at `path`, a dangling link included (`FileManager.fileExists` follows links).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Installs `kinds`; returns one line per hook saying what was done. Installing twice is harmless.
    @discardableResult
    public func install(_ kinds: [Kind], binary: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
        var messages: [String] = []
        for kind in kinds {
            guard let script = HookScripts.script(kind.rawValue, callingBinary: binary) else {
                throw InstallError(message: "no embedded script for the \(kind.rawValue) hook")
            }
            let target = path(kind)
            let chained = target + Self.chainedSuffix
            switch state(of: kind) {
            case .foreign:
                guard !Self.exists(chained) else {
                    throw InstallError(message: "\(target) is not keywarden's, and \(chained) exists already: move one of them away first")
                }
                // rename keeps the user's hook exactly: bytes, mode, owner.
                guard rename(target, chained) == 0 else {
                    throw InstallError(message: "cannot keep \(target) as \(chained): \(String(cString: strerror(errno)))")
                }
                messages.append("\(kind.rawValue): installed in \(hooksDirectory); the existing hook is kept as \(kind.rawValue)\(Self.chainedSuffix) and still runs first")
            case .keywarden(_, let edited):
                if edited {
                    let kept = try keepEdited(target)
                    messages.append(
                        "\(kind.rawValue): installed in \(hooksDirectory); the keywarden hook there had been edited: your version is kept as "
                            + "\((kept as NSString).lastPathComponent) (it does not run; merge your changes back if you need them)")
                } else {
                    messages.append("\(kind.rawValue): already installed in \(hooksDirectory); updated")
                }
            case .none:
                messages.append("\(kind.rawValue): installed in \(hooksDirectory)")
            }
            try AtomicFile.write(Data(script.utf8), to: target, newFilePermissions: 0o755)
            chmod(target, 0o755)
        }
        return messages
    }

    /// Removes keywarden's hooks of `kinds`, putting back any hook they had kept.
    @discardableResult
    public func uninstall(_ kinds: [Kind]) throws -> [String] {
        var messages: [String] = []
        for kind in kinds {
            let target = path(kind)
            let chained = target + Self.chainedSuffix
            switch state(of: kind) {
            case .none:
                messages.append("\(kind.rawValue): not installed")
            case .foreign:
                messages.append("\(kind.rawValue): the hook there is not keywarden's; left alone")
            case .keywarden(let hasChained, let edited):
                var keptNote = ""
                if edited {
                    let kept = try keepEdited(target)
                    keptNote = "; your edited version is kept as \((kept as NSString).lastPathComponent)"
                }
                if hasChained {
                    guard rename(chained, target) == 0 else {
                        throw InstallError(message: "cannot restore \(chained): \(String(cString: strerror(errno)))")
                    }
                    messages.append("\(kind.rawValue): removed; the earlier hook is restored" + keptNote)
                } else {
                    guard edited || unlink(target) == 0 else {
                        throw InstallError(message: "cannot remove \(target): \(String(cString: strerror(errno)))")
                    }
                    messages.append("\(kind.rawValue): removed" + keptNote)
                }
            }
        }
        return messages
    }
}
