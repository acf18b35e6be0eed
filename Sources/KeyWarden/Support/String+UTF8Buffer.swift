extension String {
    /// `body` given the string's UTF-8 bytes in one buffer: a native string's own storage, else a
    /// copy (a bridged or lazily decoded string). Looking at the bytes one by one then costs no more
    /// than a loop over memory, which the writers and escapers do for every string they write.
    func withUTF8Buffer<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
