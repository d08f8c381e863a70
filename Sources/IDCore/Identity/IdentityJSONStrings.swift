/// The identity types JSON carries as one string, each as its `Codable` form writes it.
extension ResidentIDNumber: JSONStringValue {
    package init(jsonString: String) throws { try self.init(jsonString) }
    package var jsonString: String { fullNumber }
}

extension CalendarDate: JSONStringValue {
    package init(jsonString: String) throws { try self.init(iso8601: jsonString) }
    package var jsonString: String { description }
}

extension PersonName: JSONStringValue {
    package init(jsonString: String) throws { try self.init(jsonString) }
    package var jsonString: String { value }
}

extension SocialSecurityCardNumber: JSONStringValue {
    package init(jsonString: String) throws { try self.init(jsonString) }
    package var jsonString: String { fullNumber }
}

extension AdministrativeDivision: JSONStringValue {
    package init(jsonString: String) throws { try self.init(code: jsonString) }
    package var jsonString: String { code }
}
