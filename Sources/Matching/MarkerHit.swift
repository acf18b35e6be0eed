/// Where a marker literal ended in a scanned buffer.
public struct MarkerHit: Sendable, Hashable {
    /// Index of the marker in the database's marker list.
    public var marker: Int
    /// Offset just past the marker's last byte.
    public var end: Int
}
