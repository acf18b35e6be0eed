/// Hides a secret for display: a short head and tail stay so that people can tell keys apart.
public enum Redaction {
    /// `key_3f9a…c210` for a Runway key: at most 8 leading and 4 trailing characters, and never more
    /// than a quarter of the secret in all. A secret shorter than 24 characters (a password) shows
    /// nothing of itself but its length: a few characters would make guessing it much easier.
    public static func redact(_ secret: String) -> String {
        let characters = Array(secret)
        guard characters.count >= 24 else { return "…(\(characters.count) chars)" }
        let head = min(8, characters.count / 4)
        let tail = min(4, characters.count / 8)
        return String(characters.prefix(head)) + "…" + String(characters.suffix(tail))
    }
}
