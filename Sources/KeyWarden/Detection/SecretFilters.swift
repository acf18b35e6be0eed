import Foundation

/// The per-secret checks a rule can ask for beyond its regex.
enum SecretFilters {
    /// Whether `secret` passes `rule`'s entropy, degenerate-body and checksum checks.
    static func passes(_ secret: String, rule: Rule) -> Bool {
        if let minimum = rule.entropy, entropy(of: secret) < minimum { return false }
        if rule.rejectsDegenerate && isDegenerate(secret) { return false }
        if let checksum = rule.checksum, !checksum.isValid(Substring(secret)) { return false }
        return true
    }

    /// Shannon entropy in bits per character.
    static func entropy(of text: String) -> Double {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        return counts.reduce(0.0) { sum, count in
            guard count > 0 else { return sum }
            let probability = Double(count) / total
            return sum - probability * log2(probability)
        }
    }

    /// True for placeholder bodies: after any `prefix_` / `prefix-`, one character repeated, a run of
    /// at most 16 characters repeated, or fewer than 4 distinct characters.
    static func isDegenerate(_ secret: String) -> Bool {
        var body = Array(secret.utf8)
        if let separator = body.lastIndex(where: { $0 == 0x5F || $0 == 0x2D }), body.count - separator - 1 >= 8 {
            body = Array(body[(separator + 1)...])
        }
        guard body.count >= 2 else { return true }
        if !distinctBytes(body, atLeast: 4) { return true }
        for period in 1...min(16, body.count / 2) {
            if (period..<body.count).allSatisfy({ body[$0] == body[$0 - period] }) { return true }
        }
        return false
    }

    /// Whether `bytes` hold at least `count` distinct values, stopping as soon as they do.
    private static func distinctBytes(_ bytes: [UInt8], atLeast count: Int) -> Bool {
        var seen = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var distinct = 0
        for byte in bytes {
            let bit = UInt64(1) << UInt64(byte & 63)
            let isNew: Bool
            switch byte >> 6 {
            case 0: isNew = seen.0 & bit == 0; seen.0 |= bit
            case 1: isNew = seen.1 & bit == 0; seen.1 |= bit
            case 2: isNew = seen.2 & bit == 0; seen.2 |= bit
            default: isNew = seen.3 & bit == 0; seen.3 |= bit
            }
            if isNew {
                distinct += 1
                if distinct >= count { return true }
            }
        }
        return false
    }
}
