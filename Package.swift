// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "keywarden",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "keywarden", targets: ["keywarden"]),
        .library(name: "KeyWarden", targets: ["KeyWarden"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]),
        .systemLibrary(
            name: "CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]),
        .systemLibrary(
            name: "CVectorscan", pkgConfig: "libhs",
            providers: [.apt(["libvectorscan-dev"]), .brew(["vectorscan"])]),
        // Loads a C library at run time (dlopen), for the two below.
        .target(name: "CDynamicLibrary"),
        // libcurl's headers only: the library itself is loaded at run time, on `--verify`.
        .target(name: "CCurl", dependencies: ["CDynamicLibrary"]),
        // Starts libgit2's initialisation on its own thread while the program loads.
        .target(name: "CLibGit2StartUp", dependencies: ["Clibgit2"]),
        .target(
            name: "GitStore",
            dependencies: ["Clibgit2", "CLibGit2StartUp", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Transport", dependencies: ["CCurl"]),
        .target(name: "Matching", dependencies: ["CPCRE2", "CVectorscan"]),
        // libarchive's headers only: the library itself is loaded when a scan first meets an archive.
        .target(name: "CArchive", dependencies: ["CDynamicLibrary"]),
        // Archives and compressed files, through libarchive.
        .target(name: "Archives", dependencies: ["CArchive"]),
        // How large a report is gzip-compressed (SARIF for GitHub's 10 MB limit), through zlib,
        // which libgit2 loads anyway.
        .target(name: "CGzipSize", linkerSettings: [.linkedLibrary("z")]),
        // ThreadSanitizer annotations (no-ops unless built with --sanitize=thread).
        .target(name: "CThreadSanitizer"),
        .target(
            name: "KeyWarden",
            dependencies: [
                "GitStore", "Matching", "Transport", "Archives", "CThreadSanitizer", "CGzipSize",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "keywarden",
            dependencies: [
                "KeyWarden",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Fuzz targets: replays the corpus in ordinary builds; `make fuzz` builds it with libFuzzer.
        .target(name: "CFuzzing"),
        .executableTarget(name: "keywarden-fuzz", dependencies: ["KeyWarden", "CFuzzing"]),
        .target(name: "TestSupport", dependencies: ["KeyWarden"], path: "Tests/TestSupport"),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore", "TestSupport"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching"]),
        .testTarget(name: "KeyWardenTests", dependencies: ["KeyWarden", "TestSupport"]),
        .testTarget(name: "keywardenTests", dependencies: ["keywarden", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
