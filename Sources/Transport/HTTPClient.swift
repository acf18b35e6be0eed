import CCurl

/// A small blocking HTTP client over libcurl (loaded on first use), for the few requests keywarden
/// makes when asked to. It never follows a redirect, so credentials in a request's headers go to the
/// request's URL and nowhere else, speaks only HTTP and HTTPS, and caps the body it accepts.
public struct HTTPClient: Sendable {
    public var userAgent: String
    /// The largest body accepted; a longer answer fails the request.
    public var bodyLimit: Int

    public init(userAgent: String, bodyLimit: Int = 1 << 20) {
        self.userAgent = userAgent
        self.bodyLimit = bodyLimit
    }

    /// Loads libcurl; throws when it is not installed.
    public static func checkAvailable() throws(TransportError) {
        var message = [CChar](repeating: 0, count: 512)
        if kw_curl_load(&message, message.count) != 0 {
            throw .unavailable(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }

    /// Sends a GET request and waits for the answer.
    public func get(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        try Self.checkAvailable()
        guard let handle = kw_curl_easy_init() else { throw .failed("could not start a request") }
        defer { kw_curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for header in request.headers {
            headerList = kw_curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        defer { kw_curl_slist_free_all(headerList) }
        let buffer = ResponseBuffer(bodyLimit: bodyLimit)
        var errorText = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let milliseconds = max(1, Int(request.timeout * 1000))
        let code: CURLcode = withExtendedLifetime(buffer) {
            errorText.withUnsafeMutableBufferPointer { errorPointer in
                let context = Unmanaged.passUnretained(buffer).toOpaque()
                _ = kw_curl_setopt_string(handle, CURLOPT_URL, request.url)
                _ = kw_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
                _ = kw_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
                _ = kw_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
                _ = kw_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
                _ = kw_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
                _ = kw_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
                _ = kw_curl_setopt_list(handle, CURLOPT_HTTPHEADER, headerList)
                _ = kw_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
                _ = kw_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
                _ = kw_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                    let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context!).takeUnretainedValue()
                    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
                    return buffer.appendBody(bytes) ? size * count : 0
                }
                _ = kw_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
                _ = kw_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                    let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context!).takeUnretainedValue()
                    buffer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
                    return size * count
                }
                return kw_curl_easy_perform(handle)
            }
        }
        guard code == CURLE_OK else {
            if buffer.exceededLimit { throw .failed("the answer is larger than \(bodyLimit) bytes") }
            let detail = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let message = detail.isEmpty ? String(cString: kw_curl_strerror(code)) : detail
            if code == CURLE_OPERATION_TIMEDOUT { throw .timedOut(message) }
            throw .failed(message)
        }
        return HTTPResponse(status: kw_curl_response_code(handle), headers: buffer.headers, body: buffer.body)
    }
}
