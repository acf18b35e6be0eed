/// A GET request: where, which headers, and how long to wait for the whole answer.
public struct HTTPRequest: Sendable {
    public var url: String
    /// Header names and values, sent in order.
    public var headers: [(name: String, value: String)]
    /// Seconds for the whole exchange, connection included.
    public var timeout: Double

    public init(url: String, headers: [(name: String, value: String)] = [], timeout: Double = 10) {
        self.url = url
        self.headers = headers
        self.timeout = timeout
    }
}
