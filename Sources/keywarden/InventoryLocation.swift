import ArgumentParser
import Foundation
import KeyWarden

/// `--inventory FILE`, else `KEYWARDEN_INVENTORY`, else `.keywarden/inventory.toml` in the root of the
/// repository holding the current directory (or the current directory itself).
struct InventoryLocation: ParsableArguments {
    @Option(help: "The inventory file (default: $KEYWARDEN_INVENTORY or .keywarden/inventory.toml in the repository root).")
    var inventory: String?

    var path: String {
        if let inventory { return inventory }
        if let fromEnvironment = ProcessInfo.processInfo.environment["KEYWARDEN_INVENTORY"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return Inventory.defaultLocation(from: FileManager.default.currentDirectoryPath)
    }

    var file: InventoryFile { InventoryFile(path: path) }
}
