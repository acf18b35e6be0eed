import ArgumentParser
import Foundation
import KeyWarden

struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Record which key belongs to which environment and person (fingerprints only, never keys).",
        subcommands: [Add.self, Import.self, List.self, Disable.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a key, read from an environment variable or standard input (never from the command line).")

        @Option(name: .customLong("env"), help: "The environment it is for: production, staging, development, ci, …")
        var environment: String
        @Option(help: "The person or team it belongs to.")
        var owner: String
        @Option(help: "The key's name in the provider's portal (Runway's API Keys tab).")
        var name: String = ""
        @Option(help: "An id for the entry (default: derived from the name or environment).")
        var id: String?
        @Option(help: "The day the key was created, YYYY-MM-DD (default: today).")
        var created: String?
        @Option(name: .customLong("from-env"), help: "Read the key from this environment variable.")
        var fromEnvironment: String?
        @Flag(help: "Read the key from standard input (one line).")
        var stdin = false
        @OptionGroup var location: InventoryLocation

        func validate() throws {
            if (fromEnvironment == nil) == !stdin { throw ValidationError("give exactly one of --from-env VAR or --stdin") }
            if let created, DayDate.parse(created) == nil { throw ValidationError("--created must be YYYY-MM-DD") }
        }

        func run() throws {
            let secret: String
            if let variable = fromEnvironment {
                guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                    Terminal.printError("keywarden: error: the environment variable " + Terminal.quoting(variable) + " is not set")
                    throw ExitStatus.couldNotScan
                }
                secret = value
            } else {
                secret = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
            }
            try ExitStatus.orCouldNotScan {
                let entry = try InventoryRecorder(file: location.file).add(
                    secret: secret, environment: environment, owner: owner, name: name, id: id,
                    created: created ?? DayDate.today)
                Terminal.writeStandardOutput(Terminal.quoting("added \(entry.id): \(entry.hint) (\(entry.provider), \(entry.environment), \(entry.owner)) to \(location.path)") + "\n")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Fingerprint the keys found in files (e.g. .env.production); the environment comes from the file name.")

        @Argument(help: "Files to read keys from.")
        var files: [String]
        @Option(help: "The person or team the imported keys belong to.")
        var owner: String = ""
        @OptionGroup var location: InventoryLocation

        func run() throws {
            try ExitStatus.orCouldNotScan {
                let added = try InventoryRecorder(file: location.file).importKeys(from: files, owner: owner)
                for entry in added {
                    Terminal.writeStandardOutput(Terminal.quoting("added \(entry.id): \(entry.hint) (\(entry.provider), \(entry.environment.isEmpty ? "no environment" : entry.environment))") + "\n")
                }
                Terminal.writeStandardOutput("\(added.count) key\(added.count == 1 ? "" : "s") added to \(location.path)\n")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the keys in the inventory.")
        @OptionGroup var location: InventoryLocation

        func run() throws {
            let inventory = try ExitStatus.orCouldNotScan { try location.file.load() }
            var text = ""
            for key in inventory.keys {
                // Each field through the same escaping: an inventory is a file anyone may have edited.
                text += Terminal.quoting("\(key.id)  \(key.hint)  \(key.provider)  env=\(key.environment)  owner=\(key.owner)  created=\(key.created)  \(key.status.rawValue)"
                    + (key.statusChanged.isEmpty ? "" : " since \(key.statusChanged)") + (key.name.isEmpty ? "" : "  portal name \"\(key.name)\"")) + "\n"
            }
            text += "\(inventory.keys.count) keys; policy: rotate after \(inventory.maxKeyAgeDays) days\n"
            Terminal.writeStandardOutput(text)
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",abstract: "Record that a key was disabled in the portal.")
        @Argument var id: String
        @OptionGroup var location: InventoryLocation

        func run() throws {
            try ExitStatus.orCouldNotScan {
                try location.file.disable(id: id, on: DayDate.today)
                Terminal.writeStandardOutput("\(id) marked disabled on \(DayDate.today)\n")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",abstract: "Remove a key's entry from the inventory.")
        @Argument var id: String
        @OptionGroup var location: InventoryLocation

        func run() throws {
            try ExitStatus.orCouldNotScan {
                try location.file.remove(id: id)
                Terminal.writeStandardOutput("\(id) removed\n")
            }
        }
    }
}
