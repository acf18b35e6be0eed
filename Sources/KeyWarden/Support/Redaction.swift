/// Hides a secret for display: a short head and tail stay so that people can tell keys apart.
package enum Redaction {
    /// `key_3f9a…c210` for a Runway key: at most 8 leading and 4 trailing characters, and never more
    /// than a quarter of the secret in all. A secret shorter than 24 characters (a password) shows
    /// nothing of itself but its length: a few characters would make guessing it much easier.
    ///
    /// Characters are grapheme clusters. A secret of ASCII without a CR LF pair (nearly every key)
    /// has one cluster per byte, so its bytes are counted and cut directly.
    package static func redact(_ secret: String) -> String {
        var secret = secret
        if let redacted = secret.withUTF8(redactedASCII) { return redacted }
        let characters = Array(secret)
        return redacted(count: characters.count, head: { String(characters.prefix($0)) }, tail: { String(characters.suffix($0)) })
    }

    /// nil when the bytes are not ASCII, or hold a CR LF (one character of two bytes).
    private static func redactedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte >= 0x80 || (byte == 0x0A && previous == 0x0D) { return nil }
            previous = byte
        }
        return redacted(
            count: bytes.count, head: { String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix($0)), as: UTF8.self) },
            tail: { String(decoding: UnsafeBufferPointer(rebasing: bytes.suffix($0)), as: UTF8.self) })
    }

    private static func redacted(count: Int, head: (Int) -> String, tail: (Int) -> String) -> String {
        guard count >= 24 else { return "…(\(count) chars)" }
        return head(min(8, count / 4)) + "…" + tail(min(4, count / 8))
    }
}
