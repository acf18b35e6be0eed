import ArgumentParser
import Foundation
import KeyWarden

@main
struct KeyWardenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keywarden",
        abstract: "Find Runway API keys and other secrets in working trees and git history.",
        discussion: """
            Exit status: 0 nothing found, 1 secrets found, 2 the scan could not be done, 64 usage error.
            """,
        version: KeyWardenVersion.current,
        subcommands: [
            ScanCommand.self, AuditCommand.self, InventoryCommand.self, HookCommand.self, CICommand.self,
            BaselineCommand.self, RulesCommand.self,
        ],
        defaultSubcommand: nil)

    static func main() {
        StartUp.begin()
        var failure: Error?
        do {
            var command = try parseAsRoot(try Self.argumentsKeepingPathBytes())
            try command.run()
        } catch {
            failure = error
        }
        StartUp.end()
        if let status = failure as? ExitCode {
            // What `exit(withError:)` ends with, without the usage message it builds first (about 1 ms,
            // on every run that finds something) only to print nothing for an exit code.
            Foundation.exit(status.rawValue)
        }
        exit(withError: failure)
    }

    /// The command line, with each argument that is not UTF-8 — a directory whose name holds, say, a
    /// Latin-1 byte — replaced by an alias that names the same directory (`PathArgument`): decoded,
    /// it would name nothing.
    static func argumentsKeepingPathBytes() throws -> [String] {
        var arguments: [String] = []
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index] else { continue }
            if let text = String(validatingCString: raw) {
                arguments.append(text)
                continue
            }
            let bytes = Array(UnsafeBufferPointer(start: raw, count: strlen(raw))).map { UInt8(bitPattern: $0) }
            guard let alias = PathArgument.alias(forDirectory: bytes) else {
                throw ValidationError(
                    "argument \(index) is not UTF-8 (\(String(decoding: bytes, as: UTF8.self))): only a directory can be named with such bytes")
            }
            arguments.append(alias)
        }
        return arguments
    }
}
