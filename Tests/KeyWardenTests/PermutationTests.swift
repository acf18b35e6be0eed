@testable import KeyWarden
import Testing

@Suite struct PermutationTests {
    /// Applying a permutation in place gives what building a new array from it gives, for every
    /// shape of cycles: the identity, one long cycle, swaps, and random orders.
    @Test(arguments: [0, 1, 2, 3, 7, 64, 1000])
    func applyingAPermutationInPlaceMatchesBuildingTheNewOrder(count: Int) {
        var generator = SystemRandomNumberGenerator()
        var permutations: [[Int]] = [Array(0..<count), Array(0..<count).reversed()]
        if count > 1 { permutations.append(Array(1..<count) + [0]) }
        for _ in 0..<5 { permutations.append(Array(0..<count).shuffled(using: &generator)) }
        for permutation in permutations {
            let original = (0..<count).map { "element \($0)" }
            var inPlace = original
            inPlace.apply(permutation: permutation)
            #expect(inPlace == permutation.map { original[$0] })
        }
    }
}
