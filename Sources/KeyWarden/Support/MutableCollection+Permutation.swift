extension MutableCollection where Self: RandomAccessCollection, Index == Int {
    /// Puts the elements in the order `permutation` gives: afterwards the element at `i` is the one
    /// that was at `permutation[i]`. Moves each element once along its cycle, in place: no second
    /// collection of the elements is made.
    mutating func apply(permutation: [Int]) {
        precondition(permutation.count == count, "a permutation of another collection")
        var placed = [Bool](repeating: false, count: count)
        for start in permutation.indices where !placed[start] {
            var position = start
            while permutation[position] != start {
                let source = permutation[position]
                swapAt(startIndex + position, startIndex + source)
                placed[position] = true
                position = source
            }
            placed[position] = true
        }
    }
}
