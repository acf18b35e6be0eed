/// A rule's own example: a template (see `ExampleTemplate`) and the path it is scanned as.
public struct RuleExample: Sendable, Hashable {
    public var template: String
    public var path: String

    public init(template: String, path: String = "example.txt") {
        self.template = template
        self.path = path
    }
}
