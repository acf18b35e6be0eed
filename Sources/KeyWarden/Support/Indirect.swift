/// A value kept on the heap behind one reference: for a field of a struct held by the ten thousand
/// that is large, and either rarely set or the same for many (an inventory entry, a liveness verdict,
/// a commit's exposure), so that each struct keeps a pointer in its place and equal values can be
/// shared.
package final class Indirect<Value: Sendable & Hashable>: Sendable, Hashable {
    package let value: Value

    package init(_ value: Value) {
        self.value = value
    }

    package static func == (lhs: Indirect, rhs: Indirect) -> Bool { lhs === rhs || lhs.value == rhs.value }

    package func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
