import CThreadSanitizer
import Synchronization

/// A value behind a `Mutex`, kept in a class so that the lock has an address ThreadSanitizer can be
/// told about.
///
/// On Linux a contended `Mutex` waits in the kernel (`FUTEX_LOCK_PI`), which ThreadSanitizer does not
/// model: it reports every contended critical section as a race (a four-thread program that only
/// appends under `Mutex.withLock` is reported; the same with a pthread lock is not). Each critical
/// section here acquires and releases the object's address for ThreadSanitizer, saying what the
/// lock guarantees; without `--sanitize=thread` those calls do nothing.
package final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    package func withLock<Result, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        let token = Unmanaged.passUnretained(self).toOpaque()
        return try mutex.withLock { (value: inout sending Value) throws(E) -> sending Result in
            kw_tsan_acquire(token)
            defer { kw_tsan_release(token) }
            return try body(&value)
        }
    }
}
