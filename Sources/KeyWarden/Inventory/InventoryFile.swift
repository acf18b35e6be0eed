import Foundation
import TOMLKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inventory file (TOML) on disk.
///
/// Changes are made to the file's text, block by block, so a team's formatting and comments survive;
/// every change is a read-modify-write under an exclusive lock on a side file, finished by an atomic
/// rename, so two concurrent writers cannot lose each other's entries and a crash leaves the old file.
public struct InventoryFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The inventory; an empty one when the file does not exist yet.
    public func load() throws(InventoryError) -> Inventory {
        guard FileManager.default.fileExists(atPath: path) else { return Inventory() }
        return try Self.parse(try readText(), path: path)
    }

    /// Adds `key`. Throws when its id or fingerprint is already there.
    public func add(_ key: InventoryKey) throws(InventoryError) {
        try modify { text throws(InventoryError) in
            let inventory = try Self.parse(text, path: path)
            if let existing = inventory.key(withFingerprint: key.fingerprint) {
                throw InventoryError(path: path, message: "this key is already in the inventory as '\(existing.id)'")
            }
            if inventory.key(withID: key.id) != nil {
                throw InventoryError(path: path, message: "the id '\(key.id)' is taken: choose another with --id")
            }
            var text = text.isEmpty ? Self.header : text
            if !text.hasSuffix("\n") { text += "\n" }
            return text + "\n" + Self.block(for: key)
        }
    }

    /// Marks the key `id` disabled as of `date` (`YYYY-MM-DD`).
    public func disable(id: String, on date: String) throws(InventoryError) {
        try modify { text throws(InventoryError) in
            var lines = text.components(separatedBy: "\n")
            let block = try blockRange(of: id, in: lines)
            var statusSet = false
            var dateSet = false
            for index in block {
                let key = Self.fieldName(lines[index])
                if key == "status" {
                    lines[index] = "status = \"disabled\""
                    statusSet = true
                } else if key == "statusChanged" {
                    lines[index] = "statusChanged = \"\(date)\""
                    dateSet = true
                }
            }
            var insertAt = block.upperBound
            while insertAt > block.lowerBound + 1 && lines[insertAt - 1].trimmingCharacters(in: .whitespaces).isEmpty {
                insertAt -= 1
            }
            if !dateSet { lines.insert("statusChanged = \"\(date)\"", at: insertAt) }
            if !statusSet { lines.insert("status = \"disabled\"", at: insertAt) }
            return lines.joined(separator: "\n")
        }
    }

    /// Removes the key `id`.
    public func remove(id: String) throws(InventoryError) {
        try modify { text throws(InventoryError) in
            var lines = text.components(separatedBy: "\n")
            let block = try blockRange(of: id, in: lines)
            lines.removeSubrange(block)
            return lines.joined(separator: "\n")
        }
    }

    static let header = """
        # keywarden key inventory: which key belongs to which environment and person.
        # It holds SHA-256 fingerprints and redacted hints only, never a key. Keep it in version control.

        [policy]
        maxKeyAgeDays = \(Inventory.defaultMaxKeyAgeDays)

        """

    static func block(for key: InventoryKey) -> String {
        // A TOML basic string: backslash, quote and every control character escaped.
        func quoted(_ value: String) -> String {
            var text = "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": text += "\\\\"
                case "\"": text += "\\\""
                case "\n": text += "\\n"
                case "\t": text += "\\t"
                case "\r": text += "\\r"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
            return text + "\""
        }
        return """
            [[keys]]
            id = \(quoted(key.id))
            fingerprint = \(quoted(key.fingerprint))
            hint = \(quoted(key.hint))
            provider = \(quoted(key.provider))
            name = \(quoted(key.name))
            environment = \(quoted(key.environment))
            owner = \(quoted(key.owner))
            created = \(quoted(key.created))
            status = \(quoted(key.status.rawValue))
            statusChanged = \(quoted(key.statusChanged))

            """
    }

    static func parse(_ text: String, path: String) throws(InventoryError) -> Inventory {
        let table: TOMLTable
        do {
            table = try TOMLText.parse(text)
        } catch {
            throw InventoryError(path: path, message: (error.line.map { "line \($0): " } ?? "") + error.message)
        }
        var inventory = Inventory()
        if let policy = table["policy"]?.table, let days = policy["maxKeyAgeDays"] {
            guard let days = days.int, days > 0 else {
                throw InventoryError(path: path, message: "policy.maxKeyAgeDays must be a positive number of days")
            }
            inventory.maxKeyAgeDays = days
        }
        if let keys = table["keys"], keys.array == nil {
            // A `[keys]` table (or `keys = "…"`) is not "no keys": it is a file that would silently
            // hold nothing.
            throw InventoryError(path: path, message: "keys must be [[keys]] entries (an array of tables), not a [keys] table or a value")
        }
        var ids = Set<String>()
        for element in table["keys"]?.array ?? TOMLArray() {
            guard let entry = element.table else { throw InventoryError(path: path, message: "each [[keys]] entry must be a table") }
            func field(_ name: String) -> String { entry[name]?.string ?? "" }
            let id = field("id")
            guard !id.isEmpty else { throw InventoryError(path: path, message: "a [[keys]] entry has no id") }
            let fingerprint = field("fingerprint").lowercased()
            guard fingerprint.count == 64, fingerprint.allSatisfy(\.isHexDigit) else {
                throw InventoryError(path: path, message: "key '\(id)': fingerprint must be 64 hex digits (SHA-256)")
            }
            guard let status = InventoryKey.Status(rawValue: field("status").isEmpty ? "active" : field("status")) else {
                throw InventoryError(path: path, message: "key '\(id)': status must be active or disabled")
            }
            for dateField in ["created", "statusChanged"] where !field(dateField).isEmpty && DayDate.parse(field(dateField)) == nil {
                throw InventoryError(path: path, message: "key '\(id)': \(dateField) must be a date YYYY-MM-DD")
            }
            guard ids.insert(id).inserted else { throw InventoryError(path: path, message: "key id '\(id)' appears twice") }
            inventory.keys.append(InventoryKey(
                id: id, fingerprint: fingerprint, hint: field("hint"), provider: field("provider"), name: field("name"),
                environment: field("environment"), owner: field("owner"), created: field("created"), status: status,
                statusChanged: field("statusChanged")))
        }
        return inventory
    }

    /// The lines of the `[[keys]]` block whose id is `id`: from its header (with the comment lines
    /// right above it, which are its own, unless they open the file) up to the next table header,
    /// less the comments and blank lines just before that header (they belong to the next entry)
    /// or at the end of the file.
    private func blockRange(of id: String, in lines: [String]) throws(InventoryError) -> Range<Int> {
        let range = try headerToNextHeader(of: id, in: lines)
        var start = range.lowerBound
        while start > 0 && lines[start - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#") { start -= 1 }
        return (start == 0 ? range.lowerBound : start)..<range.upperBound
    }

    private func headerToNextHeader(of id: String, in lines: [String]) throws(InventoryError) -> Range<Int> {
        var start: Int?
        var index = 0
        while index < lines.count {
            if let header = Self.tableHeader(lines[index]) {
                if let start { return start..<Self.trimmingTrailingComments(start, index, lines) }
                if header == "[[keys]]" {
                    var probe = index + 1
                    while probe < lines.count && Self.tableHeader(lines[probe]) == nil {
                        if Self.fieldName(lines[probe]) == "id", Self.fieldValue(lines[probe]) == id {
                            start = index
                            break
                        }
                        probe += 1
                    }
                }
            }
            index += 1
        }
        if let start { return start..<Self.trimmingTrailingComments(start, lines.count, lines) }
        throw InventoryError(path: path, message: "no key with id '\(DisplayText.message(id))' (see `keywarden inventory list`)")
    }

    /// `end`, moved back over the comment and blank lines that end the block starting at `start`.
    private static func trimmingTrailingComments(_ start: Int, _ end: Int, _ lines: [String]) -> Int {
        var end = end
        while end > start + 1 {
            let trimmed = lines[end - 1].trimmingCharacters(in: .whitespaces)
            guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
            end -= 1
        }
        return end
    }

    /// A table header line (`[policy]`, `[[keys]]`, `[[ keys ]]  # prod`) in its plain form
    /// (`[[keys]]`), or nil for any other line (a field, a comment, a line of a multi-line array).
    static func tableHeader(_ line: String) -> String? {
        var text = Substring(line.trimmingCharacters(in: .whitespaces))
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        text = Substring(text.trimmingCharacters(in: .whitespaces))
        let double = text.hasPrefix("[[") && text.hasSuffix("]]")
        guard double || (text.hasPrefix("[") && text.hasSuffix("]")) else { return nil }
        let name = text.dropFirst(double ? 2 : 1).dropLast(double ? 2 : 1).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else { return nil }
        return double ? "[[\(name)]]" : "[\(name)]"
    }

    static func fieldName(_ line: String) -> String? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        return line[..<equals].trimmingCharacters(in: .whitespaces)
    }

    static func fieldValue(_ line: String) -> String? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        if let hash = value.range(of: " #") { value = String(value[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces) }
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }

    /// The file the inventory's path names: a symbolic link's target (a shared inventory linked into
    /// place is updated where it is, not replaced by a copy), else the path itself.
    private var target: String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
            let resolved = realpath(path, nil)
        else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func readText() throws(InventoryError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InventoryError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Runs `change` on the file's text under an exclusive lock and writes the result atomically.
    private func modify(_ change: (String) throws(InventoryError) -> String) throws(InventoryError) {
        let target = self.target
        let directory = (target as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw InventoryError(path: path, message: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        // Never through a link: a planted `.lock` link must not make keywarden create or open a file
        // elsewhere.
        let lock = open(target + ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lock >= 0 else {
            let reason = errno == ELOOP ? "\(target).lock is a symbolic link" : String(cString: strerror(errno))
            throw InventoryError(path: path, message: "cannot lock: \(reason)")
        }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw InventoryError(path: path, message: "cannot lock: \(String(cString: strerror(errno)))") }
        }
        defer { flock(lock, LOCK_UN) }
        let text = FileManager.default.fileExists(atPath: path) ? try readText() : ""
        let changed = try change(text)
        _ = try Self.parse(changed, path: path)
        do {
            try AtomicFile.write(Data(changed.utf8), to: target, newFilePermissions: 0o600)
        } catch {
            throw InventoryError(path: path, message: "\(error.localizedDescription)")
        }
    }
}
