/// Something the team should do about a key, with the reason and the exact steps.
public struct Recommendation: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, CaseIterable, Comparable {
        case disableNow = "disable-now"
        case removeBeforePush = "remove-before-push"
        case replaceShared = "replace-shared"
        case rotate = "rotate"
        case identifyOwner = "identify-owner"
        case removeFromCode = "remove-from-code"
        case useSecretStore = "use-secret-store"

        /// Most urgent first.
        var urgency: Int {
            switch self {
            case .disableNow: 0
            case .removeBeforePush: 1
            case .replaceShared: 2
            case .rotate: 3
            case .identifyOwner: 4
            case .removeFromCode: 5
            case .useSecretStore: 6
            }
        }

        public static func < (lhs: Action, rhs: Action) -> Bool { lhs.urgency < rhs.urgency }

        /// The heading a person reads.
        public var title: String {
            switch self {
            case .disableNow: return "DISABLE NOW"
            case .removeBeforePush: return "REMOVE BEFORE YOU PUSH"
            case .replaceShared: return "REPLACE SHARED KEY"
            case .rotate: return "ROTATE"
            case .identifyOwner: return "IDENTIFY OWNER"
            case .removeFromCode: return "REMOVE FROM CODE"
            case .useSecretStore: return "USE A SECRET STORE"
            }
        }
    }

    public var action: Action
    /// Why, in terms of this key's facts.
    public var reason: String
    /// Exactly what to do, in the provider's portal and in the repository.
    public var steps: String

    public init(action: Action, reason: String, steps: String) {
        self.action = action
        self.reason = reason
        self.steps = steps
    }
}
