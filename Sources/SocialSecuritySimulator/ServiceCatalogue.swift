import SocialSecurity

/// The items of the national catalogue a simulated platform prices (医保目录): each code's
/// coverage class, the share of a class-B item the patient pays first, and its kind.
public struct ServiceCatalogue: Sendable {
    /// One catalogue item.
    public struct Item: Sendable, Hashable {
        /// The coverage class: A covered, B covered after a self-paid share, C not covered.
        public let level: ChargeItemLevel
        /// For class B, the share paid first by the patient.
        public let selfPayProportion: Proportion
        /// The kind of charge.
        public let type: ChargeItemType

        /// Creates an item.
        public init(level: ChargeItemLevel, selfPayProportion: Proportion = .zero, type: ChargeItemType) {
            self.level = level
            self.selfPayProportion = selfPayProportion
            self.type = type
        }
    }

    private let items: [String: Item]

    /// Creates a catalogue of `items` by national code.
    public init(_ items: [String: Item]) {
        self.items = items
    }

    /// The item of `code`, or `not-found`.
    func item(_ code: String) throws -> Item {
        guard let item = items[code] else { throw ConnectorError(.notFound, "\(code.prefix(50)) is not in the platform's catalogue.") }
        return item
    }

    /// A few items of a general outpatient visit, with the codes the examples bill.
    public static let outpatientSample: ServiceCatalogue = {
        func item(_ level: ChargeItemLevel, selfPayTenThousandths: Int64 = 0, _ type: String) -> Item {
            Item(level: level, selfPayProportion: Proportion(uncheckedScaledValue: selfPayTenThousandths), type: ChargeItemType(known: type))
        }
        return ServiceCatalogue([
            Codes.registrationFee: item(.selfPaid, "13"),
            Codes.consultation: item(.classA, "02"),
            Codes.amoxicillin: item(.classB, selfPayTenThousandths: 1000, "09"),
            Codes.bloodTest: item(.classA, "04"),
            Codes.patentMedicine: item(.classB, selfPayTenThousandths: 2000, "11"),
            Codes.uncoveredTreatment: item(.selfPaid, "05"),
        ])
    }()

    /// The codes of ``outpatientSample``.
    public enum Codes {
        /// 挂号费, not covered.
        public static let registrationFee = "001101000010000-11010000101"
        /// 普通门诊诊察费, class A.
        public static let consultation = "001102000010000-11020000101"
        /// 阿莫西林胶囊, class B with 10 % paid first.
        public static let amoxicillin = "XJ01CAA040A001010101445"
        /// 血常规, class A.
        public static let bloodTest = "002503010010000-250301001"
        /// A patent medicine, class B with 20 % paid first.
        public static let patentMedicine = "XR05CBA022E001010102467"
        /// A treatment the fund does not cover.
        public static let uncoveredTreatment = "003101000010000-310100001"
    }
}
