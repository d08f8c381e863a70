// swift-tools-version:6.0
import PackageDescription

/// Settings every Swift target shares: Swift 6 strict concurrency plus the upcoming features
/// that keep existential types and imported members explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "VirtualIDKit",
    products: [
        .library(name: "IDCore", targets: ["IDCore"]),
        .library(name: "FaceMatch", targets: ["FaceMatch"]),
        .library(name: "SocialSecurity", targets: ["SocialSecurity"]),
        // Keys in a hardware security module through its PKCS#11 library, loaded at run time:
        // nothing to install to build it.
        .library(name: "IDCorePKCS11", targets: ["IDCorePKCS11"]),
        // Durable stores in an SQLite file, the embedded default for one instance: only those
        // who choose them need libsqlite3.
        .library(name: "IDCoreSQLite", targets: ["IDCoreSQLite"]),
        .library(name: "SocialSecuritySQLite", targets: ["SocialSecuritySQLite"]),
        // The same stores on PostgreSQL, shared by many instances: only those who choose them
        // need libpq.
        .library(name: "IDCorePostgres", targets: ["IDCorePostgres"]),
        .library(name: "SocialSecurityPostgres", targets: ["SocialSecurityPostgres"]),
        // Test doubles, for an integrator's tests and demonstrations, kept out of the
        // production products so that no production build carries them (as NIO ships
        // NIOEmbedded): in-memory verifier stores, and simulated medical-security platforms
        // with an in-process transport and an in-memory idempotency store.
        .library(name: "IDCoreTesting", targets: ["IDCoreTesting"]),
        .library(name: "SocialSecuritySimulator", targets: ["SocialSecuritySimulator"]),
        // A simulated platform's ledger journal in an SQLite file or on PostgreSQL, for
        // simulated platforms that outlive a process or run as several instances.
        .library(name: "SocialSecuritySimulatorSQLite", targets: ["SocialSecuritySimulatorSQLite"]),
        .library(name: "SocialSecuritySimulatorPostgres", targets: ["SocialSecuritySimulatorPostgres"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            path: "Sources/COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "IDCore", dependencies: ["COpenSSL", "CZlib"], swiftSettings: strictSettings),
        .target(name: "SQLiteSupport", dependencies: ["CSQLite"], swiftSettings: strictSettings),
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "PostgresSupport", dependencies: ["CLibPQ"], swiftSettings: strictSettings),
        .target(name: "IDCorePostgres", dependencies: ["IDCore", "PostgresSupport"], swiftSettings: strictSettings),
        .target(name: "SocialSecurityPostgres", dependencies: ["IDCore", "SocialSecurity", "PostgresSupport"], swiftSettings: strictSettings),
        .target(name: "IDCoreSQLite", dependencies: ["IDCore", "SQLiteSupport"], swiftSettings: strictSettings),
        .target(name: "SocialSecuritySQLite", dependencies: ["IDCore", "SocialSecurity", "SQLiteSupport"], swiftSettings: strictSettings),
        .target(name: "IDCoreTesting", dependencies: ["IDCore"], swiftSettings: strictSettings),
        .target(name: "CPKCS11"),
        .target(name: "IDCorePKCS11", dependencies: ["IDCore", "CPKCS11"], swiftSettings: strictSettings),
        .target(name: "CFaceKernels"),
        .target(name: "FaceMatch", dependencies: ["CFaceKernels"], swiftSettings: strictSettings),
        .target(name: "SocialSecurity", dependencies: ["IDCore"], swiftSettings: strictSettings),
        .target(name: "SocialSecuritySimulator", dependencies: ["IDCore", "IDCoreTesting", "SocialSecurity"], swiftSettings: strictSettings),
        .target(name: "SocialSecuritySimulatorSQLite", dependencies: ["SocialSecurity", "SocialSecuritySimulator", "SQLiteSupport"], swiftSettings: strictSettings),
        .target(name: "SocialSecuritySimulatorPostgres", dependencies: ["SocialSecurity", "SocialSecuritySimulator", "PostgresSupport"], swiftSettings: strictSettings),

        .target(name: "ExampleSupport", path: "Examples/ExampleSupport", swiftSettings: strictSettings),
        .target(
            name: "HotelCheckInKit",
            dependencies: ["IDCore", "IDCoreTesting", "FaceMatch"],
            path: "Examples/HotelCheckInKit",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "HotelCheckIn",
            dependencies: ["HotelCheckInKit", "ExampleSupport"],
            path: "Examples/HotelCheckIn",
            swiftSettings: strictSettings
        ),
        .target(
            name: "HospitalVisitKit",
            dependencies: ["IDCore", "SocialSecurity", "SocialSecuritySimulator"],
            path: "Examples/HospitalVisitKit",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "HospitalVisit",
            dependencies: ["HospitalVisitKit", "IDCore", "ExampleSupport"],
            path: "Examples/HospitalVisit",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "KeyTool",
            dependencies: ["IDCore", "ExampleSupport"],
            path: "Examples/KeyTool",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "CredentialTool",
            dependencies: ["IDCore", "IDCoreTesting", "ExampleSupport"],
            path: "Examples/CredentialTool",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "BureauServer",
            dependencies: ["IDCore", "IDCoreTesting", "SocialSecurity", "SocialSecuritySimulator", "ExampleSupport"],
            path: "Examples/BureauServer",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "Benchmarks",
            dependencies: ["IDCore", "IDCoreTesting", "FaceMatch", "SocialSecurity", "SocialSecuritySimulator",
                           "IDCoreSQLite", "SocialSecuritySQLite", "IDCorePostgres", "SocialSecurityPostgres",
                           "SocialSecuritySimulatorSQLite", "SocialSecuritySimulatorPostgres", "StoreTestSupport"],
            path: "Benchmarks/Sources",
            swiftSettings: strictSettings
        ),

        .target(name: "StoreTestSupport", dependencies: ["PostgresSupport"], path: "Tests/StoreTestSupport", swiftSettings: strictSettings),
        .testTarget(name: "IDCoreTests", dependencies: ["IDCore", "IDCoreTesting", "IDCoreSQLite", "IDCorePostgres", "StoreTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "IDCorePKCS11Tests", dependencies: ["IDCore", "IDCoreTesting", "IDCorePKCS11"], swiftSettings: strictSettings),
        .testTarget(name: "FaceMatchTests", dependencies: ["FaceMatch", "CFaceKernels"], swiftSettings: strictSettings),
        .testTarget(
            name: "ExampleTests",
            dependencies: ["ExampleSupport", "HotelCheckInKit", "HospitalVisitKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SocialSecurityTests",
            dependencies: ["IDCore", "IDCoreTesting", "SocialSecurity", "SocialSecuritySimulator", "SocialSecuritySQLite",
                           "SocialSecurityPostgres", "IDCorePostgres", "SocialSecuritySimulatorSQLite", "SocialSecuritySimulatorPostgres",
                           "StoreTestSupport"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
