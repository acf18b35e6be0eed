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
            var command = try parseAsRoot()
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
}
