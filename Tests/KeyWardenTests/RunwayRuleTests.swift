import Foundation
import KeyWarden
import TestSupport
import Testing

@Suite struct RunwayRuleTests {
    static let scanner: SecretScanner = {
        let rules = try! CompiledRuleSet(try! RuleSet.defaults())
        return SecretScanner(rules: rules, options: ScanOptions(threads: 1))
    }()

    static func runwayFindings(_ text: String, path: String = "file.txt") throws -> [Finding] {
        try scanner.findings(in: Array(text.utf8), path: path).filter { $0.ruleID == "runway-api-key" }
    }

    static let contexts: [String] = [
        "RUNWAYML_API_SECRET=%K", "export RUNWAY_API_KEY=\"%K\"", "api_key: '%K'\r\n", "{\"k\":\"%K\"}",
        "{\"cfg\": \"{\\\"key\\\": \\\"%K\\\"}\"}", "\"A=1\\n%K\\nB=2\"", "https://x.example/?k=%K&y=1",
        "curl -H 'Authorization: Bearer %K'", "var a=1;const k=\"%K\";", "# comment %K", "%K",
    ]

    @Test(arguments: contexts)
    func findsTheKeyInContext(_ context: String) throws {
        for uppercase in [false, true] {
            let key = TestKeys.runway(uppercase: uppercase)
            let found = try Self.runwayFindings(context.replacingOccurrences(of: "%K", with: key))
            #expect(found.map(\.secret) == [key])
        }
    }

    @Test func findsBase64EncodedKeysInKubernetesSecretsAndBlobs() throws {
        let key = TestKeys.runway()
        let encoded = Data(key.utf8).base64EncodedString()
        let manifest = "apiVersion: v1\nkind: Secret\ndata:\n  RUNWAYML_API_SECRET: \(encoded)\n"
        let found = try Self.runwayFindings(manifest, path: "k8s/secret.yaml")
        #expect(found.map(\.secret) == [key])
        #expect(found.first?.encoding == "base64")
        #expect(found.first?.line == 4)
        for prefix in ["", "x", "xy"] {
            let blob = Data("\(prefix){\"runway\":\"\(key)\"}".utf8).base64EncodedString()
            #expect(try Self.runwayFindings("CONFIG=\(blob)").map(\.secret) == [key], "prefix \(prefix)")
        }
    }

    /// A base64 run is decoded only near each encoded keyword (a huge run used to be decoded whole for
    /// every keyword in it): a key encoded deep inside a long run, at any alignment, is still found —
    /// also when another encoded keyword just under 16 KiB earlier opens a window that ends mid-key
    /// (random base64 holds such chance keyword fragments often enough to have failed CI once).
    @Test func findsABase64EncodedKeyDeepInsideAVeryLongRun() throws {
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let encodedKeyword = Data("key_".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        for padding in 0..<3 {
            for decoyDistance in [nil, 16_384 - 40, 16_384, 16_384 + 40] as [Int?] {
                let key = TestKeys.runway()
                var before = Array(TestKeys.random(100_000 + padding * 4, from: alphabet).utf8)
                let after = TestKeys.random(100_000, from: alphabet)
                let encoded = Data((String(repeating: " ", count: padding) + "{\"runway\":\"\(key)\"}").utf8)
                    .base64EncodedString()
                if let decoyDistance {
                    let decoyEnd = before.count + encoded.count / 2 - decoyDistance
                    before.replaceSubrange((decoyEnd - encodedKeyword.utf8.count)..<decoyEnd, with: encodedKeyword.utf8)
                }
                let line = "blob=" + String(decoding: before, as: UTF8.self)
                    + encoded.replacingOccurrences(of: "=", with: "") + after + "\n"
                #expect(
                    try Self.runwayFindings(line).map(\.secret) == [key],
                    "padding \(padding), decoy \(decoyDistance.map(String.init) ?? "none")")
            }
        }
    }

    @Test func findsKeysInNonUTF8AndUTF16Files() throws {
        let key = TestKeys.runway()
        let latin1: [UInt8] = [0x63, 0x61, 0x66, 0xE9, 0x20] + Array(key.utf8) + [0xFF, 0x0A]
        #expect(try Self.scanner.findings(in: latin1, path: "a.txt").map(\.secret) == [key])
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "token = \(key)\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try Self.scanner.findings(in: utf16, path: "a.txt").filter { $0.ruleID == "runway-api-key" }.map(\.secret) == [key])
    }

    static let lookAlikes: [String] = [
        "key_" + TestKeys.random(127), "key_" + TestKeys.random(129), "key_" + TestKeys.random(64),
        "key_" + String(repeating: "0", count: 128), "key_" + String(repeating: "abc123", count: 21) + "ab",
        "key_" + String(repeating: "0123456789abcdef", count: 8), "monkey_" + TestKeys.random(128),
        "api_key_" + TestKeys.random(128), "key_" + TestKeys.random(128) + "g", "key_value_store",
        "key_" + TestKeys.random(60) + "xyz" + TestKeys.random(65), "key_<your key here>",
    ]

    @Test(arguments: lookAlikes)
    func rejectsLookAlikes(_ text: String) throws {
        #expect(try Self.runwayFindings("value = \(text)\n").isEmpty)
    }

    @Test func noEntropyCutoffDropsARealKey() throws {
        // A real random body measures just under 4 bits per character; every one must be found.
        for _ in 0..<200 {
            let key = TestKeys.runway()
            #expect(try Self.runwayFindings("K=\(key)").count == 1)
        }
    }

    @Test func inlineAllowCommentsSuppressTheLine() throws {
        let key = TestKeys.runway()
        #expect(try Self.runwayFindings("k = \"\(key)\"  # keywarden:allow").isEmpty)
        #expect(try Self.runwayFindings("k = \"\(key)\"  // gitleaks:allow").isEmpty)
        #expect(try Self.runwayFindings("# keywarden:allow\nk = \"\(key)\"").count == 1)
    }

    @Test func lineAndColumnAreOneBased() throws {
        let key = TestKeys.runway()
        let found = try Self.runwayFindings("a\r\nbb\r\n  K=\(key)\n")
        #expect(found.first?.line == 3)
        #expect(found.first?.column == 5)
    }
}
