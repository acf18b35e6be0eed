import Crypto
import Foundation

/// Hashes that identify a secret without revealing it.
public enum SecretDigest {
    /// Lower-case hex SHA-256 of the secret's UTF-8 bytes.
    public static func sha256Hex(_ secret: String) -> String {
        hex(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Lower-case hex SHA-256 of `bytes`.
    static func sha256Hex(bytes: UnsafeRawBufferPointer) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// `rule-id:` + 32 hex digits of SHA-256 over the rule id and the secret.
    public static func fingerprint(ruleID: String, secret: String) -> String {
        let digest = SHA256.hash(data: Data("keywarden-fingerprint-v1\u{0}\(ruleID)\u{0}\(secret)".utf8))
        return ruleID + ":" + String(hex(digest).prefix(32))
    }

    /// Whether `text` has a fingerprint's shape: a rule id, `:`, and 32 lowercase hex digits.
    public static func isFingerprint(_ text: some StringProtocol) -> Bool {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else { return false }
        let digits = text[text.index(after: colon)...].utf8
        let rule = text[..<colon].utf8
        return digits.count == 32 && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
            && rule.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    static func hex<Digest: Sequence>(_ digest: Digest) -> String where Digest.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
