// swift-tools-version:6.2
import PackageDescription

/// The reference deployment: the SDK's bureau gateway and credential verifier served by
/// Hummingbird 2 over TLS. A package of its own, so that the SDK's root package keeps no package
/// dependencies; it depends on the SDK by path, as an integrator's service would by URL.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "VirtualIDKitServer",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "VirtualIDKitServer", targets: ["VirtualIDKitServer"]),
        .executable(name: "vidkit-server", targets: ["vidkit-server"]),
    ],
    dependencies: [
        .package(name: "VirtualIDKit", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "VirtualIDKitServer",
            dependencies: [
                .product(name: "IDCore", package: "VirtualIDKit"),
                .product(name: "IDCoreSQLite", package: "VirtualIDKit"),
                .product(name: "IDCorePostgres", package: "VirtualIDKit"),
                .product(name: "SocialSecurity", package: "VirtualIDKit"),
                .product(name: "SocialSecuritySQLite", package: "VirtualIDKit"),
                .product(name: "SocialSecurityPostgres", package: "VirtualIDKit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "vidkit-server",
            dependencies: [
                "VirtualIDKitServer",
                .product(name: "SocialSecurity", package: "VirtualIDKit"),
                .product(name: "SocialSecuritySimulator", package: "VirtualIDKit"),
                .product(name: "SocialSecuritySimulatorSQLite", package: "VirtualIDKit"),
                .product(name: "SocialSecuritySimulatorPostgres", package: "VirtualIDKit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VirtualIDKitServerTests",
            dependencies: [
                "VirtualIDKitServer",
                .product(name: "IDCore", package: "VirtualIDKit"),
                .product(name: "SocialSecurity", package: "VirtualIDKit"),
                .product(name: "SocialSecuritySimulator", package: "VirtualIDKit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
