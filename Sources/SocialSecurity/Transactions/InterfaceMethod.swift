/// A transaction described once: its code and the types of its input and output. The gateway's
/// dispatch table and the connector's typed calls are both driven from these descriptions.
struct InterfaceMethod<Input: InterfaceMessage, Output: InterfaceMessage>: Sendable {
    let transaction: InterfaceTransaction
}

/// The transactions of ``InterfaceTransaction`` with their messages. 2207's refusal
/// `already-settled` carries a ``SettlementResult`` as well; 2601 is answered by the gateway
/// itself around ``BureauHandler/reverseMessage(_:transaction:context:)``.
enum InterfaceMethods {
    static let signIn = InterfaceMethod<SignInInput, SignInOutput>(transaction: .signIn)
    static let signOut = InterfaceMethod<SignOutInput, SignOutOutput>(transaction: .signOut)
    static let personInfo = InterfaceMethod<PersonInfoQuery, PersonInfo>(transaction: .personInfo)
    static let registration = InterfaceMethod<RegistrationInput, RegistrationOutput>(transaction: .registration)
    static let registrationCancellation = InterfaceMethod<RegistrationCancellation, EmptyOutput>(transaction: .registrationCancellation)
    static let visitInformation = InterfaceMethod<VisitInformation, EmptyOutput>(transaction: .visitInformation)
    static let feeDetailUpload = InterfaceMethod<FeeDetailUpload, FeeDetailUploadResult>(transaction: .feeDetailUpload)
    static let feeDetailCancellation = InterfaceMethod<FeeDetailCancellation, EmptyOutput>(transaction: .feeDetailCancellation)
    static let preSettlement = InterfaceMethod<SettlementInput, SettlementResult>(transaction: .preSettlement)
    static let settlement = InterfaceMethod<SettlementInput, SettlementResult>(transaction: .settlement)
    static let settlementReversal = InterfaceMethod<SettlementReversalInput, SettlementResult>(transaction: .settlementReversal)
    static let messageReversal = InterfaceMethod<MessageReversalInput, EmptyOutput>(transaction: .messageReversal)
    static let totalsReconciliation = InterfaceMethod<TotalsReconciliationInput, TotalsReconciliationResult>(transaction: .totalsReconciliation)
    static let detailReconciliation = InterfaceMethod<DetailReconciliationInput, DetailReconciliationResult>(transaction: .detailReconciliation)
}
