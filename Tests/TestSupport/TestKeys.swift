/// Secrets generated at test time: no key-shaped literal is ever committed.
public enum TestKeys {
    /// A fresh random Runway key: `key_` + 128 lower-case hex digits.
    public static func runway(uppercase: Bool = false) -> String {
        let digits = Array(uppercase ? "0123456789ABCDEF" : "0123456789abcdef")
        return "key_" + String((0..<128).map { _ in digits.randomElement()! })
    }

    /// Random characters from `alphabet`.
    public static func random(_ count: Int, from alphabet: String = "0123456789abcdef") -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters.randomElement()! })
    }
}
