import Foundation

/// An inventory that cannot be read or changed as asked.
public struct InventoryError: Error, LocalizedError, Sendable, Equatable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var errorDescription: String? { "\(path): \(message)" }
}
