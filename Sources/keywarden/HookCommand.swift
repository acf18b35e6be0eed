import ArgumentParser
import Foundation
import KeyWarden

struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Install, remove or inspect keywarden's git hooks (pre-commit, pre-push, commit-msg).",
        subcommands: [Install.self, Uninstall.self, Status.self])

    struct Selection: ParsableArguments {
        @Flag(name: .customLong("pre-commit"), help: "The pre-commit hook.")
        var preCommit = false
        @Flag(name: .customLong("pre-push"), help: "The pre-push hook.")
        var prePush = false
        @Flag(name: .customLong("commit-msg"), help: "The commit-msg hook (a key typed into a commit message).")
        var commitMessage = false
        @Argument(help: "The repository (default: the current directory).")
        var path: String = "."

        /// Every hook unless some are named.
        var kinds: [HookInstaller.Kind] {
            if !preCommit && !prePush && !commitMessage { return HookInstaller.Kind.allCases }
            return (preCommit ? [.preCommit] : []) + (prePush ? [.prePush] : []) + (commitMessage ? [.commitMessage] : [])
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install the hooks; an existing hook is kept and still runs. Installing twice is harmless.")
        @OptionGroup var selection: Selection

        func run() throws {
            try ExitStatus.orCouldNotScan {
                let installer = try HookInstaller(repositoryPath: selection.path)
                for line in try installer.install(selection.kinds, binary: Self.currentExecutable()) {
                    Terminal.writeStandardOutput(line + "\n")
                }
            }
        }

        /// This binary's absolute path, so the hook works without keywarden on PATH.
        static func currentExecutable() -> String {
            #if os(Linux)
            if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
            #else
            if let path = Bundle.main.executableURL?.resolvingSymlinksInPath().path { return path }
            #endif
            return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",abstract: "Remove the hooks and restore any hook they kept.")
        @OptionGroup var selection: Selection

        func run() throws {
            try ExitStatus.orCouldNotScan {
                for line in try HookInstaller(repositoryPath: selection.path).uninstall(selection.kinds) {
                    Terminal.writeStandardOutput(line + "\n")
                }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",abstract: "Say which hooks are installed.")
        @OptionGroup var selection: Selection

        func run() throws {
            try ExitStatus.orCouldNotScan {
                let installer = try HookInstaller(repositoryPath: selection.path)
                Terminal.writeStandardOutput("hooks directory: \(installer.hooksDirectory)\n")
                for kind in selection.kinds {
                    let text: String
                    switch installer.state(of: kind) {
                    case .none: text = "not installed"
                    case .foreign: text = "another tool's hook is installed (not keywarden)"
                    case .keywarden(let chained, let edited):
                        text = "keywarden" + (chained ? " (runs the earlier hook first)" : "")
                            + (edited ? " (edited since keywarden wrote it: install and uninstall keep your version)" : "")
                    }
                    Terminal.writeStandardOutput("\(kind.rawValue): \(text)\n")
                }
            }
        }
    }
}
