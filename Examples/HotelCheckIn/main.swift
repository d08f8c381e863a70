import ExampleSupport
import Foundation
import HotelCheckInKit

// HotelCheckIn: a guest checks in at a Guangzhou Nansha hotel with the virtual ID card.
//
//   swift run HotelCheckIn                         the normal guest
//   swift run HotelCheckIn --scenario photo-attack one scenario (see --list)
//   swift run HotelCheckIn --all                   every scenario, then a table

func printReport(_ report: CheckInReport) {
    print("Scenario \(report.scenario.rawValue): \(report.scenario.summary)")
    for (index, step) in report.steps.enumerated() {
        print("  \(index + 1). \(step.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(format: "%7.2f ms", step.milliseconds))  \(step.detail)")
    }
    print("  => \(report.decision.rawValue): \(report.reason)\n")
}

do {
    let arguments = try Arguments(["run"] + Array(CommandLine.arguments.dropFirst()), flags: ["all", "list"])
    if arguments.isSet("list") {
        CheckInScenario.allCases.forEach { print("\($0.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)) \($0.summary)") }
        exit(0)
    }
    print("VirtualIDKit hotel check-in (face embeddings and camera frames are simulated from fixed seeds, as a face model would report them)\n")
    let desk = try HotelDesk()
    let scenarios: [CheckInScenario]
    if arguments.isSet("all") {
        scenarios = CheckInScenario.allCases
    } else if let name = arguments.optional("scenario") {
        guard let scenario = CheckInScenario(rawValue: name) else { throw UsageError("Unknown scenario '\(name)'; `--list` shows them.") }
        scenarios = [scenario]
    } else {
        scenarios = [.normalGuest]
    }
    var reports: [CheckInReport] = []
    for scenario in scenarios {
        let report = try await desk.checkIn(scenario)
        printReport(report)
        reports.append(report)
    }
    if reports.count > 1 {
        print("scenario                 decision     reason")
        for report in reports {
            print("\(report.scenario.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)) \(report.decision.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(report.reason)")
        }
    }
} catch {
    FileHandle.standardError.write(Data("HotelCheckIn: \(error)\n".utf8))
    exit(2)
}
