import ArgumentParser
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
        main(nil)
    }
}
