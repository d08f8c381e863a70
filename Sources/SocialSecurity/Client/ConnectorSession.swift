import Foundation
import IDCore

/// An operator signed in at the platform (9001): each transaction is a typed call that carries
/// the session's `sign_no`, and each call about a patient names the patient's place of
/// insurance (from 1101), which the envelope carries as `insuplc_admdvs`.
///
/// The calls send one message each and retry it safely; they do not journal. Money that must be
/// paid exactly once even across a crash goes through a ``SettlementDesk``.
public struct ConnectorSession: Sendable {
    /// The connector the session sends through.
    public let connector: ProvincialConnector
    /// The operator.
    public let `operator`: ConnectorOperator
    /// The sign-in number 9001 gave.
    public let signInNumber: String

    /// Creates a session from a sign-in number obtained earlier (sessions last the working day).
    public init(connector: ProvincialConnector, operator: ConnectorOperator, signInNumber: String) {
        self.connector = connector
        self.operator = `operator`
        self.signInNumber = signInNumber
    }

    /// 1101: the person behind a credential, with their insurance records and place of insurance.
    /// A channel service routed by the place of insurance says which area to ask.
    public func personInfo(_ query: PersonInfoQuery, insuredArea: InsuranceArea? = nil) async throws -> PersonInfo {
        try await call(InterfaceMethods.personInfo, query, insuredArea: insuredArea)
    }

    /// 2201: opens an outpatient visit.
    public func register(_ input: RegistrationInput, insuredArea: InsuranceArea) async throws -> RegistrationOutput {
        try await call(InterfaceMethods.registration, input, insuredArea: insuredArea)
    }

    /// 2202: cancels a visit with nothing settled.
    public func cancelRegistration(_ input: RegistrationCancellation, insuredArea: InsuranceArea) async throws {
        _ = try await call(InterfaceMethods.registrationCancellation, input, insuredArea: insuredArea)
    }

    /// 2203: records what the visit was for.
    public func recordVisit(_ input: VisitInformation, insuredArea: InsuranceArea) async throws {
        _ = try await call(InterfaceMethods.visitInformation, input, insuredArea: insuredArea)
    }

    /// 2204: uploads fee lines; the answer classifies each.
    public func uploadFeeDetails(_ input: FeeDetailUpload, insuredArea: InsuranceArea) async throws -> FeeDetailUploadResult {
        try await call(InterfaceMethods.feeDetailUpload, input, insuredArea: insuredArea)
    }

    /// 2205: withdraws a batch's unsettled fee lines.
    public func cancelFeeDetails(_ input: FeeDetailCancellation, insuredArea: InsuranceArea) async throws {
        _ = try await call(InterfaceMethods.feeDetailCancellation, input, insuredArea: insuredArea)
    }

    /// 2206: what settling the batch would pay from each source, with nothing paid.
    public func preSettle(_ input: SettlementInput, insuredArea: InsuranceArea) async throws -> SettlementResult {
        try await call(InterfaceMethods.preSettlement, input, insuredArea: insuredArea)
    }

    /// 3201: compares the institution's totals of a period with the platform's.
    public func reconcileTotals(_ input: TotalsReconciliationInput) async throws -> TotalsReconciliationResult {
        try await call(InterfaceMethods.totalsReconciliation, input, insuredArea: input.settlementAgency)
    }

    /// 3202: compares the period's settlements one by one.
    public func reconcileDetails(_ input: DetailReconciliationInput) async throws -> DetailReconciliationResult {
        try await call(InterfaceMethods.detailReconciliation, input, insuredArea: input.settlementAgency)
    }

    /// 9002: signs the operator out; the session's number ends.
    public func signOut() async throws -> SignOutOutput {
        try await call(InterfaceMethods.signOut, SignOutInput(signInNumber: signInNumber, operatorCode: `operator`.code), insuredArea: nil)
    }

    /// The envelope of message `messageID` of this session, for a caller that journals the id
    /// before sending it with ``ProvincialConnector/transmit(_:)``: built the same each time, so
    /// that sending it again sends the same message.
    public func envelope(_ transaction: InterfaceTransaction, input: JSONValue, insuredArea: InsuranceArea?, messageID: MessageID) -> InterfaceRequest {
        connector.envelope(transaction, input: input, operator: `operator`, signInNumber: signInNumber, insuredArea: insuredArea, messageID: messageID)
    }

    private func call<Input, Output>(_ method: InterfaceMethod<Input, Output>, _ input: Input, insuredArea: InsuranceArea?) async throws -> Output {
        try await connector.call(method, input, operator: `operator`, signInNumber: signInNumber, insuredArea: insuredArea)
    }
}
