import Foundation
import Logging
import ServiceLifecycle
import SocialSecurity
import SocialSecuritySimulator
import SocialSecuritySimulatorPostgres
import SocialSecuritySimulatorSQLite
import UnixSignals
import VirtualIDKitServer

// vidkit-server --config server.json
//
// Serves what server.json configures (Documentation/ReferenceDeployment.md): the gateway, with
// the simulated platform behind it keeping its ledger on the configured database, and the
// verifier. Prints "listening on <host>:<port>" once ready; SIGTERM or SIGINT shuts it down
// gracefully.

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, arguments.first == "--config" else {
    FileHandle.standardError.write(Data("usage: vidkit-server --config server.json\n".utf8))
    exit(2)
}

do {
    let configuration = try ServerConfiguration.load(path: arguments.last ?? "")
    let stores = try DeploymentStores(configuration)
    let platform = try configuration.gateway.map { settings -> SimulatedPlatform in
        guard let people = settings.people else { throw ServerConfigurationError("gateway.people: the simulated platform needs its people file.") }
        let area = try InsuranceArea(settings.area)
        let journal: any PlatformJournal = switch configuration.database {
        case .sqlite(let path): try SQLitePlatformJournal(path: configuration.file(path).path, area: area)
        case .postgres(let url, let poolSize): try PostgresPlatformJournal(url: url, area: area, poolSize: poolSize)
        }
        return SimulatedPlatform(area: area, people: try InsuredPerson.people(fromJSON: configuration.read(people, for: "gateway.people")),
                                 registry: NationalInsuranceRegistry(), journal: journal)
    }
    let server = try DeploymentServer(configuration: configuration, stores: stores, handler: platform)
    var logger = Logger(label: "vidkit-server")
    logger.logLevel = .notice
    let application = try server.application(logger: logger) { port in
        FileHandle.standardOutput.write(Data("listening on \(configuration.listen.host):\(port)\n".utf8))
    }
    let services = ServiceGroup(configuration: .init(services: [.init(service: application)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await services.run()
} catch {
    FileHandle.standardError.write(Data("vidkit-server: \(error)\n".utf8))
    exit(1)
}
