/// Why a request got no answer. The message never contains a header value (a bearer token).
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libcurl could not be loaded or initialised.
    case unavailable(String)
    /// No answer within the request's timeout.
    case timedOut(String)
    /// The connection failed, the answer was malformed or too large.
    case failed(String)

    public var description: String {
        switch self {
        case .unavailable(let message): return "HTTP is unavailable: \(message)"
        case .timedOut(let message): return "timed out: \(message)"
        case .failed(let message): return message
        }
    }
}
