import Foundation
import IDCore
import SocialSecurity
import Synchronization

/// The national services every simulated platform consults: which area insures a person (the
/// national person index behind cross-province settlement), and the medical-insurance
/// e-voucher, whose tokens a patient's wallet shows as a code at the counter.
///
/// A token stands for its holder for `tokenLifetime` (two hours by default, the length of a
/// visit), is 32 random base64url characters, and is known only to this registry.
public final class NationalInsuranceRegistry: Sendable {
    private struct State {
        var areas: [String: InsuranceArea] = [:]
        var cardHolders: [String: ResidentIDNumber] = [:]
        var vouchers: [String: (idNumber: ResidentIDNumber, expires: Date)] = [:]
    }

    private let state = Mutex(State())
    private let random: any RandomByteSource
    private let clock: @Sendable () -> Date
    private let tokenLifetime: TimeInterval

    /// Creates an empty registry.
    public init(tokenLifetime: TimeInterval = 2 * 3600, random: any RandomByteSource = SecureRandom(), clock: @escaping @Sendable () -> Date = Date.init) {
        self.tokenLifetime = tokenLifetime
        self.random = random
        self.clock = clock
    }

    /// Records that `area` insures the person with `idNumber`, who carries `card`.
    public func register(_ idNumber: ResidentIDNumber, card: SocialSecurityCardNumber?, insuredIn area: InsuranceArea) {
        state.withLock { state in
            state.areas[idNumber.fullNumber] = area
            if let card { state.cardHolders[card.fullNumber] = idNumber }
        }
    }

    /// What the wallet does when the patient opens their e-voucher: a fresh token for the person.
    public func issueVoucher(for idNumber: ResidentIDNumber) throws -> ElectronicVoucherToken {
        let token = try ElectronicVoucherToken(random.bytes(count: 24).base64URLEncodedString())
        let expires = clock().addingTimeInterval(tokenLifetime)
        state.withLock { $0.vouchers[token.value] = (idNumber, expires) }
        return token
    }

    /// The person a credential stands for, and the area that insures them; `not-found` for a
    /// person the index does not know, `not-insured` for a token that expired or was never issued.
    func resolve(_ credential: MedicalCredential) throws -> (ResidentIDNumber, InsuranceArea) {
        let now = clock()
        return try state.withLock { state in
            let idNumber: ResidentIDNumber
            switch credential {
            case .electronicVoucher(let token):
                guard let voucher = state.vouchers[token.value], voucher.expires > now else {
                    throw ConnectorError(.notInsured, "The e-voucher \(token) has expired or was never issued; ask the patient to show a fresh one.")
                }
                idNumber = voucher.idNumber
            case .identityCard(let number):
                idNumber = number
            case .socialSecurityCard(let number, _):
                guard let holder = state.cardHolders[number.fullNumber] else { throw ConnectorError(.notFound, "No insured person holds card \(number).") }
                idNumber = holder
            }
            guard let area = state.areas[idNumber.fullNumber] else { throw ConnectorError(.notFound, "No insured person has identity number \(idNumber).") }
            return (idNumber, area)
        }
    }
}
