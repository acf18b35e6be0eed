import Foundation

/// A rule or configuration file that cannot be used: which file, where, which rule, and what is wrong.
public struct RuleFileError: Error, LocalizedError, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var ruleID: String?
    public var message: String

    public init(file: String, line: Int? = nil, ruleID: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.ruleID = ruleID
        self.message = message
    }

    public var errorDescription: String? {
        var location = file
        if let line { location += ":\(line)" }
        if let ruleID { return "\(location): rule '\(ruleID)': \(message)" }
        return "\(location): \(message)"
    }
}
