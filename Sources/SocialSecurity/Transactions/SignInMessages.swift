import Foundation
import IDCore

/// 9001 input, `{"signIn": {"opter_no", "mac", "ip"}}`: the operator and the terminal signing in.
public struct SignInInput: InterfaceMessage, Hashable {
    /// `opter_no`: the operator's code.
    public let operatorCode: String
    /// `mac`: the terminal's MAC address.
    public let macAddress: String
    /// `ip`: the terminal's IP address.
    public let ipAddress: String

    /// Creates a sign-in.
    public init(operatorCode: String, macAddress: String, ipAddress: String) {
        self.operatorCode = operatorCode
        self.macAddress = macAddress
        self.ipAddress = ipAddress
    }

    package init(json: JSONObjectReader) throws {
        let (code, mac, ip) = try json.object("signIn") { try ($0.requiredText("opter_no"), $0.requiredText("mac"), $0.requiredText("ip")) }
        self.init(operatorCode: code, macAddress: mac, ipAddress: ip)
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        .object(["signIn": .object(["opter_no": .string(operatorCode), "mac": .string(macAddress), "ip": .string(ipAddress)])])
    }
}

/// 9001 output, `{"signinoutb": {"sign_time", "sign_no"}}`: the number every later message of
/// the operator carries as `sign_no`.
public struct SignInOutput: InterfaceMessage, Hashable {
    /// `sign_time`: when the operator signed in.
    public let signedInAt: Date
    /// `sign_no`: the sign-in number.
    public let signInNumber: String

    /// Creates a sign-in answer.
    public init(signedInAt: Date, signInNumber: String) {
        self.signedInAt = signedInAt
        self.signInNumber = signInNumber
    }

    package init(json: JSONObjectReader) throws {
        let (time, number) = try json.object("signinoutb") { try ($0.dateTime("sign_time"), $0.requiredText("sign_no")) }
        self.init(signedInAt: time, signInNumber: number)
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue {
        .object(["signinoutb": .object(["sign_time": signedInAt.interfaceJSON, "sign_no": .string(signInNumber)])])
    }
}

/// 9002 input, `{"signOut": {"sign_no", "opter_no"}}`.
public struct SignOutInput: InterfaceMessage, Hashable {
    /// `sign_no`: the sign-in that ends.
    public let signInNumber: String
    /// `opter_no`: the operator's code.
    public let operatorCode: String

    /// Creates a sign-out.
    public init(signInNumber: String, operatorCode: String) {
        self.signInNumber = signInNumber
        self.operatorCode = operatorCode
    }

    package init(json: JSONObjectReader) throws {
        let (number, code) = try json.object("signOut") { try ($0.requiredText("sign_no"), $0.requiredText("opter_no")) }
        self.init(signInNumber: number, operatorCode: code)
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue { .object(["signOut": .object(["sign_no": .string(signInNumber), "opter_no": .string(operatorCode)])]) }
}

/// 9002 output, `{"signoutoutb": {"sign_time"}}`.
public struct SignOutOutput: InterfaceMessage, Hashable {
    /// `sign_time`: when the operator signed out.
    public let signedOutAt: Date

    /// Creates a sign-out answer.
    public init(signedOutAt: Date) {
        self.signedOutAt = signedOutAt
    }

    package init(json: JSONObjectReader) throws {
        try self.init(signedOutAt: json.object("signoutoutb") { try $0.dateTime("sign_time") })
    }

    /// The message as the interface's JSON object.
    public var json: JSONValue { .object(["signoutoutb": .object(["sign_time": signedOutAt.interfaceJSON])]) }
}
