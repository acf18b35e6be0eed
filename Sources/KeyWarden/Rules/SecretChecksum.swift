import Foundation

/// An offline checksum built into some token formats.
public enum SecretChecksum: String, Sendable, Hashable, CaseIterable {
    /// GitHub and npm tokens: the last 6 characters are the base62 CRC32 of the 30 before them.
    case githubCRC32 = "github-crc32"

    /// Whether `secret` carries a valid checksum.
    public func isValid(_ secret: Substring) -> Bool {
        switch self {
        case .githubCRC32:
            let bytes = Array(secret.utf8)
            guard bytes.count >= 36 else { return false }
            let tail = bytes.suffix(36)
            let body = Array(tail.prefix(30))
            let check = Array(tail.suffix(6))
            return Base62.encode(CRC32.checksum(body), width: 6) == check
        }
    }
}

/// CRC-32 (IEEE 802.3), as zlib computes it.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { value in
        var crc = UInt32(value)
        for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        return crc
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// Base62 with the alphabet 0-9, A-Z, a-z.
enum Base62 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `value` in base62, left-padded with "0" to `width` characters.
    static func encode(_ value: UInt32, width: Int) -> [UInt8] {
        var value = value
        var digits: [UInt8] = []
        while value > 0 {
            digits.append(alphabet[Int(value % 62)])
            value /= 62
        }
        while digits.count < width { digits.append(alphabet[0]) }
        return digits.reversed()
    }
}
