import Foundation
import KeyWarden
import TestSupport
import Testing

@Suite struct InventoryFileTests {
    static func key(_ id: String) -> InventoryKey {
        InventoryKey(
            id: id, fingerprint: SecretDigest.sha256Hex(TestKeys.runway()), hint: "key_abcd…ef01", provider: "Runway",
            name: id, environment: "staging", owner: "ops@example.com", created: "2026-01-02", statusChanged: "2026-01-02")
    }

    @Test func addDisableRemoveKeepCommentsAndFormatting() throws {
        let directory = try TemporaryDirectory("inventory")
        let path = directory.path + "/.keywarden/inventory.toml"
        let file = InventoryFile(path: path)
        try file.add(Self.key("one"))
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "[policy]", with: "# our policy, agreed 2026-01\n[policy]")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try file.add(Self.key("two"))
        try file.add(Self.key("three"))
        try file.disable(id: "two", on: "2026-03-04")
        try file.remove(id: "one")
        let inventory = try file.load()
        #expect(inventory.keys.map(\.id) == ["two", "three"])
        #expect(inventory.key(withID: "two")?.status == .disabled)
        #expect(inventory.key(withID: "two")?.statusChanged == "2026-03-04")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("# our policy, agreed 2026-01"))
        chmod(path, 0o640)
        try file.add(Self.key("four"))
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o640, "an existing file keeps its permissions")
        #expect(throws: InventoryError.self) { try file.add(Self.key("two")) }
        #expect(throws: InventoryError.self) { try file.disable(id: "nope", on: "2026-01-01") }
    }

    @Test func brokenInventoryIsAClearErrorAndIsNotOverwritten() throws {
        let directory = try TemporaryDirectory("inventory-broken")
        let path = directory.path + "/inventory.toml"
        try "[[keys]]\nid = \"x\"\nfingerprint = \"short\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let file = InventoryFile(path: path)
        #expect(throws: InventoryError.self) { try file.load() }
        #expect(throws: InventoryError.self) { try file.add(Self.key("y")) }
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("fingerprint = \"short\""))
    }

    /// `remove` takes out the entry and nothing of its neighbours: the next entry's leading comment
    /// and the file's trailing comment stay; a header with a comment or spaces is still a header.
    @Test func removeKeepsTheNeighboursComments() throws {
        let directory = try TemporaryDirectory("inventory-remove")
        let path = directory.path + "/inventory.toml"
        let file = InventoryFile(path: path)
        try file.add(Self.key("one"))
        try file.add(Self.key("two"))
        try file.add(Self.key("three"))
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "[[keys]]\nid = \"two\"", with: "# two: the staging key, ask Dana\n[[ keys ]]  # staging\nid = \"two\"")
        text = text.replacingOccurrences(of: "[[keys]]\nid = \"three\"", with: "# three: ci\n[[keys]]\nid = \"three\"")
        text += "\n# end of the inventory\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try file.remove(id: "one")
        var after = try String(contentsOfFile: path, encoding: .utf8)
        #expect(after.contains("# two: the staging key, ask Dana\n[[ keys ]]  # staging"), "\(after)")
        try file.remove(id: "two")
        after = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!after.contains("ask Dana") && !after.contains("id = \"two\""), "\(after)")
        #expect(after.contains("# three: ci\n[[keys]]"), "\(after)")
        try file.remove(id: "three")
        after = try String(contentsOfFile: path, encoding: .utf8)
        #expect(after.contains("# end of the inventory"), "\(after)")
        #expect(try file.load().keys.isEmpty)
    }

    /// A `[keys]` table is an error, not an empty inventory.
    @Test func aKeysTableIsAnError() throws {
        let directory = try TemporaryDirectory("inventory-table")
        let path = directory.path + "/inventory.toml"
        try "[keys]\nid = \"one\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InventoryError.self) { try InventoryFile(path: path).load() }
    }

    /// A shared inventory linked into place is updated where it is; a `.lock` link is refused.
    @Test func aLinkedInventoryIsUpdatedThroughTheLinkAndALockLinkIsRefused() throws {
        let shared = try TemporaryDirectory("inventory-shared")
        let local = try TemporaryDirectory("inventory-local")
        let target = shared.path + "/team.toml"
        try InventoryFile(path: target).add(Self.key("one"))
        let link = local.path + "/inventory.toml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try InventoryFile(path: link).add(Self.key("two"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try InventoryFile(path: target).load().keys.map(\.id) == ["one", "two"])

        let victim = shared.path + "/victim"
        try FileManager.default.removeItem(atPath: target + ".lock")
        try FileManager.default.createSymbolicLink(atPath: target + ".lock", withDestinationPath: victim)
        #expect(throws: InventoryError.self) { try InventoryFile(path: target).add(Self.key("three")) }
        #expect(!FileManager.default.fileExists(atPath: victim))
    }
}
