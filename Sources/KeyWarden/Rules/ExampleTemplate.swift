import Foundation

/// Expands a rule example template (`${hex:128}`, `${base64:…}`, …) into concrete text with fresh
/// random characters, so that no secret-shaped literal is ever stored in a rule file.
/// The syntax is described in `docs/rule-format.md`.
package struct ExampleTemplate: Sendable {
    package var source: String

    package init(_ source: String) {
        self.source = source
    }

    /// A template that cannot be expanded.
    package struct SyntaxError: Error, LocalizedError, Sendable {
        package var template: String
        package var message: String
        package var errorDescription: String? { "example template \(template.debugDescription): \(message)" }
    }

    /// The template with every `${…}` replaced, drawing from the system's random generator.
    package func expand() throws(SyntaxError) -> String {
        var generator = SystemRandomNumberGenerator()
        return try expand(using: &generator)
    }

    /// The template with every `${…}` replaced, drawing from `generator` (a seeded one gives the same
    /// text every time). Every generator writes a fixed number of characters, so each expansion of a
    /// template has the same length and its secret sits at the same offset.
    package func expand<Generator: RandomNumberGenerator>(using generator: inout Generator) throws(SyntaxError) -> String {
        var parser = Parser(characters: Array(source), position: 0, template: source)
        return try parser.parseText(until: nil, using: &generator)
    }

    static let alphabets: [String: [Character]] = [
        "hex": Array("0123456789abcdef"),
        "HEX": Array("0123456789ABCDEF"),
        "alnum": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
        "upper": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        "lower": Array("abcdefghijklmnopqrstuvwxyz"),
        "digits": Array("0123456789"),
        "upperdigits": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        "lowerdigits": Array("abcdefghijklmnopqrstuvwxyz0123456789"),
        "base32": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        "b64": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
        "b64url": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"),
    ]

    private struct Parser {
        let characters: [Character]
        var position: Int
        let template: String

        func error(_ message: String) -> SyntaxError { SyntaxError(template: template, message: message) }

        /// Text up to the closing `}` of an enclosing `${base64:…}` (or the end).
        mutating func parseText<Generator: RandomNumberGenerator>(
            until terminator: Character?, using generator: inout Generator
        ) throws(SyntaxError) -> String {
            var output = ""
            while position < characters.count {
                let character = characters[position]
                if character == terminator { return output }
                if character == "$", position + 2 < characters.count, characters[position + 1] == "$",
                    characters[position + 2] == "{"
                {
                    output += "${"
                    position += 3
                } else if character == "$", position + 1 < characters.count, characters[position + 1] == "{" {
                    position += 2
                    output += try parsePlaceholder(using: &generator)
                } else {
                    output.append(character)
                    position += 1
                }
            }
            if terminator != nil { throw error("a ${ is never closed") }
            return output
        }

        private mutating func parsePlaceholder<Generator: RandomNumberGenerator>(
            using generator: inout Generator
        ) throws(SyntaxError) -> String {
            guard let colon = characters[position...].firstIndex(of: ":") else { throw error("a ${ has no ':'") }
            let name = String(characters[position..<colon])
            position = colon + 1
            if name == "base64" {
                let inner = try parseText(until: "}", using: &generator)
                position += 1
                return Data(inner.utf8).base64EncodedString()
            }
            guard let close = characters[position...].firstIndex(of: "}") else { throw error("${\(name): is never closed") }
            let argument = String(characters[position..<close])
            position = close + 1
            switch name {
            case "repeat":
                let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let count = Int(parts[1]), count >= 0, !parts[0].isEmpty else {
                    throw error("${repeat:TEXT:N} needs a text and a count")
                }
                return String(repeating: String(parts[0]), count: count)
            case "crc":
                let body = String((0..<30).map { _ in alphabets["alnum"]!.randomElement(using: &generator)! })
                let check = Base62.encode(CRC32.checksum(Array(body.utf8)), width: 6)
                return argument + body + String(decoding: check, as: UTF8.self)
            default:
                guard let alphabet = alphabets[name] else { throw error("unknown generator '\(name)'") }
                guard let count = Int(argument), (0...100_000).contains(count) else {
                    throw error("${\(name):N} needs a count, not '\(argument)'")
                }
                return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
            }
        }
    }
}
