import IDCore

/// The gateway's dispatch table, written once from ``InterfaceMethods``: for each transaction,
/// how to read its input, which handler method runs it and how to write what it returns.
struct GatewayRoutes: Sendable {
    /// What a route gives back: an output, or a business refusal that carries one.
    enum Result: Sendable {
        case output(JSONValue)
        case refusal(ConnectorError, output: JSONValue)
    }

    typealias Route = @Sendable (JSONValue, InterfaceContext) async throws -> Result

    private let routes: [InterfaceTransaction: Route]

    init(handler: any BureauHandler) {
        var routes: [InterfaceTransaction: Route] = [:]
        func add<Input, Output>(_ method: InterfaceMethod<Input, Output>, _ run: @escaping @Sendable (Input, InterfaceContext) async throws -> Output) {
            routes[method.transaction] = { input, context in .output(try await run(Input(jsonValue: input), context).json) }
        }
        add(InterfaceMethods.signIn, handler.signIn)
        add(InterfaceMethods.signOut, handler.signOut)
        add(InterfaceMethods.personInfo, handler.personInfo)
        add(InterfaceMethods.registration, handler.register)
        add(InterfaceMethods.registrationCancellation, handler.cancelRegistration)
        add(InterfaceMethods.visitInformation, handler.recordVisit)
        add(InterfaceMethods.feeDetailUpload, handler.uploadFeeDetails)
        add(InterfaceMethods.feeDetailCancellation, handler.cancelFeeDetails)
        add(InterfaceMethods.preSettlement, handler.preSettle)
        add(InterfaceMethods.totalsReconciliation, handler.reconcileTotals)
        add(InterfaceMethods.detailReconciliation, handler.reconcileDetails)
        routes[.settlement] = { input, context in
            switch try await handler.settle(SettlementInput(jsonValue: input), context: context) {
            case .settled(let result):
                return .output(result.json)
            case .alreadySettled(let result):
                let id = result.info.settlementID ?? "?"
                return .refusal(ConnectorError(.alreadySettled, "Visit \(result.info.visitID)'s charge batch was settled before, as settlement \(id); it is not settled again."),
                                output: result.json)
            }
        }
        routes[.settlementReversal] = { input, context in
            switch try await handler.reverseSettlement(SettlementReversalInput(jsonValue: input), context: context) {
            case .reversed(let record):
                return .output(record.json)
            case .alreadyReversed(let record):
                return .refusal(ConnectorError(.alreadyReversed, "The settlement was reversed before, by reversal record \(record.info.settlementID ?? "?"); nothing is paid back again."),
                                output: record.json)
            }
        }
        routes[.messageReversal] = { input, context in
            let reversal = try MessageReversalInput(jsonValue: input)
            try await handler.reverseMessage(reversal.originalMessageID, transaction: reversal.originalTransaction, context: context)
            return .output(EmptyOutput().json)
        }
        self.routes = routes
    }

    /// Runs the transaction's route.
    func run(_ transaction: InterfaceTransaction, input: JSONValue, context: InterfaceContext) async throws -> Result {
        guard let route = routes[transaction] else {
            throw ConnectorError(.transactionNotAllowed, "\(transaction) has no route.")
        }
        return try await route(input, context)
    }
}
