// swift-tools-version:6.0
// A program that embeds keywarden as a library: it sees only KeyWarden's public surface, as any
// package that depends on keywarden would. `make example` builds and runs it; the test suite
// type-checks it against the built module (EmbeddingExampleTests).
import PackageDescription

let package = Package(
    name: "embedding",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "keywarden", path: "../..")],
    targets: [
        .executableTarget(name: "embed-keywarden", dependencies: [.product(name: "KeyWarden", package: "keywarden")])
    ]
)
