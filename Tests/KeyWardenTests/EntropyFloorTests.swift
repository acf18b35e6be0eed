import Foundation
@testable import KeyWarden
import TestSupport
import Testing

/// A rule's `entropy` floor is there to drop placeholders (`sk_xxxx…`, `key_000…`), not real keys: a
/// key drawn at random from its alphabet is sometimes less even than the average, and a floor at that
/// average misses such keys. Measured on 10^6 random secrets of the shape of each default example, the
/// lowest entropy of the million lies at most 3.3 / sqrt(length) bits below the 1-in-1,000 quantile
/// (0.73 bits for a 20-character hex secret, 0.36 for 64). So a floor 3.3 / sqrt(length) bits below
/// the lowest of 1,000 seeded expansions of every example misses at most about one real key in a
/// million. (Before this test, 58 rules missed more: supabase-access-token one random `sbp_` token in
/// 2,700, travisci-api-token one in 6,500.)
@Suite struct EntropyFloorTests {
    static let samples = 1_000
    /// How far below the lowest of `samples` the floor must sit, for a secret of `length` bytes.
    static func margin(length: Int) -> Double { 3.3 / Double(length).squareRoot() }

    @Test func everyFloorAdmitsRandomSecretsOfItsExamples() throws {
        let defaults = try RuleSet.defaults()
        var withoutFloors = defaults
        for index in withoutFloors.rules.indices { withoutFloors.rules[index].entropy = nil }
        let scanner = SecretScanner(rules: try CompiledRuleSet(withoutFloors, cacheDirectory: nil), options: ScanOptions(threads: 1))
        let detector = try SecretDetector(rules: scanner.rules)
        var checked = 0
        var tooHigh: [String] = []
        for rule in defaults.rules {
            guard let floor = rule.entropy else { continue }
            for (number, example) in rule.examples.enumerated() where example.template.contains("${") {
                let template = ExampleTemplate(example.template)
                var generator = SeededGenerator(seed: UInt64(truncatingIfNeeded: checked) &+ 0x5EED)
                func secret(in text: [UInt8]) throws -> String? {
                    let findings = try text.withUnsafeBytes {
                        try scanner.findings(in: $0, path: example.path, detector: detector, source: .worktree, commit: nil) ?? []
                    }
                    return findings.first { $0.ruleID == rule.id }?.secret
                }
                let text = Array(try template.expand(using: &generator).utf8)
                guard let first = try secret(in: text) else {
                    Issue.record("\(rule.id) example \(number + 1): no finding even without the entropy floor")
                    continue
                }
                // Where the secret stands in the text, every expansion has it at the same offset; a secret
                // the text holds encoded (`${base64:…}`) is found by scanning each expansion.
                let length = first.utf8.count
                let offset = SecretScanner.range(of: Array(first.utf8), in: text)?.lowerBound
                var lowest = Double.infinity
                for _ in 0..<Self.samples {
                    let sample = Array(try template.expand(using: &generator).utf8)
                    let drawn: String
                    if let offset {
                        drawn = String(decoding: sample[offset..<(offset + length)], as: UTF8.self)
                    } else if let found = try secret(in: sample) {
                        drawn = found
                    } else {
                        Issue.record("\(rule.id) example \(number + 1): an expansion without a finding")
                        break
                    }
                    lowest = min(lowest, SecretFilters.entropy(of: drawn))
                }
                if floor > lowest - Self.margin(length: length) {
                    tooHigh.append("\(rule.id) example \(number + 1): floor \(floor), lowest of \(Self.samples) \((lowest * 1000).rounded() / 1000), margin \((Self.margin(length: length) * 1000).rounded() / 1000)")
                }
                checked += 1
            }
        }
        #expect(tooHigh.isEmpty, "floors too close to what random secrets reach:\n\(tooHigh.joined(separator: "\n"))")
        #expect(checked > 300)
    }
}
