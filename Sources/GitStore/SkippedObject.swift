/// An object or file that could not be read, and why; the scan went on without it.
public struct SkippedObject: Sendable, Hashable {
    /// An object id, or a path where there is no id.
    public var subject: String
    public var reason: String

    public init(subject: String, reason: String) {
        self.subject = subject
        self.reason = reason
    }
}
