import Foundation

/// SHA-256 computed by another implementation (Python's hashlib), so tests check keywarden's digests
/// against a reference rather than against themselves.
public enum IndependentDigest {
    public static func sha256(_ text: String) -> String {
        let result = try? ProcessRunner.run(
            "/usr/bin/env", ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(sys.stdin.read().encode()).hexdigest())"], input: text)
        return result?.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
}
