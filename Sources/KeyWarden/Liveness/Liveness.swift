/// Whether a found key still works, as its provider answered (`--verify`).
public enum Liveness: String, Sendable, Hashable, CaseIterable {
    /// The provider accepted the key: anyone holding it can spend the organization's credits.
    case live
    /// The provider rejected the key (401): disabled, revoked or never valid.
    case invalid
    /// Asked, but no usable answer (throttled, outage, timeout, network failure, odd answer).
    case unknown
    /// Not asked: `--verify` not given, or not a key keywarden knows how to check.
    case unchecked

    /// Which of two verdicts for the same key to keep (merging reports): the most alarming.
    var precedence: Int {
        switch self {
        case .live: return 0
        case .invalid: return 1
        case .unknown: return 2
        case .unchecked: return 3
        }
    }
}
