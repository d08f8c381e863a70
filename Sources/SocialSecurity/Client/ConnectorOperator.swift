/// Who sends a partner's messages (`opter_type`, `opter`, `opter_name`): a clerk at a counter,
/// a self-service kiosk or a mobile terminal.
public struct ConnectorOperator: Sendable, Hashable {
    /// `opter_type`.
    public let type: OperatorType
    /// `opter`: the operator's or terminal's code.
    public let code: String
    /// `opter_name`.
    public let name: String

    /// Creates an operator.
    public init(type: OperatorType = .clerk, code: String, name: String) {
        self.type = type
        self.code = code
        self.name = name
    }
}

/// Which platform a connector sends a message to.
public enum ConnectorRouting: Sendable, Hashable {
    /// A designated institution talks to the platform of its own area, for every patient: the
    /// platform settles a patient insured elsewhere across provinces itself.
    case placeOfTreatment
    /// A channel service that serves patients of many areas (a wallet app) talks to the platform
    /// of each patient's place of insurance (`insuplc_admdvs`).
    case placeOfInsurance
}
