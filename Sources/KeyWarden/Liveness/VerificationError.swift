import Foundation

/// Why liveness checks cannot be made at all (as opposed to one key's check failing).
public struct VerificationError: Error, LocalizedError, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var errorDescription: String? { message }
}
