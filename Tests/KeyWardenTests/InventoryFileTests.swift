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
}
