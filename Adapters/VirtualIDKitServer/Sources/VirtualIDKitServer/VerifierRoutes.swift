import Foundation
import HTTPTypes
import Hummingbird
import IDCore
import NIOCore

extension Router {
    /// The desk's two calls: `POST /verifier/nonces` issues a nonce for one presentation;
    /// `POST /verifier/presentations` with `{"nonce", "presentation"}` verifies it and answers
    /// every check, the failures with their codes, and the disclosed claims when accepted
    /// (200 accepted, 422 refused, 400 a body that is not such an object, 503 a store down).
    func addVerifier(_ verifier: CredentialVerifier, audience: String, requiredClaims: [ClaimPath], maximumBodyBytes: Int) {
        post("/verifier/nonces") { _, _ -> Response in
            do {
                return .json(status: .created, ["nonce": .string(try await verifier.issueNonce()), "audience": .string(audience)])
            } catch {
                return .problem(status: .serviceUnavailable, code: (error as? IDCoreError)?.code.description ?? "store-unavailable",
                                message: "No nonce could be recorded; try again.")
            }
        }
        post("/verifier/presentations") { request, _ -> Response in
            let nonce: String
            let presentation: String
            do {
                let body = try JSONValue(parsing: Array(buffer: try await request.body.collect(upTo: maximumBodyBytes)))
                guard let given = body["nonce"]?.stringValue, let text = body["presentation"]?.stringValue else {
                    return .problem(status: .badRequest, code: "malformed-request", message: "Send {\"nonce\": …, \"presentation\": …}.")
                }
                (nonce, presentation) = (given, text)
            } catch is NIOTooManyBytesError {
                return .problem(status: .contentTooLarge, code: "body-too-large", message: "The body is over \(maximumBodyBytes) bytes.")
            } catch {
                return .problem(status: .badRequest, code: "malformed-request", message: "The body is not JSON.")
            }
            let outcome = await verifier.verify(presentation, for: PresentationRequest(nonce: nonce, audience: audience, requiredClaims: requiredClaims))
            var report: JSONObject = [
                "accepted": .bool(outcome.isAccepted),
                "checks": .object(JSONObject(keepingLast: outcome.checks.map { (key: $0.name, value: JSONValue.string($0.result.description)) })),
                "failures": .array(outcome.failureReasons.map { .object(["code": .string($0.code.description), "detail": .string($0.detail)]) }),
            ]
            if let claims = outcome.claims { report["claims"] = .object(claims.all) }
            return .json(status: outcome.isAccepted ? .ok : .unprocessableContent, report)
        }
    }

    /// `GET /health`: 200 while the database answers, 503 when it does not.
    func addHealth(_ stores: DeploymentStores) {
        get("/health") { _, _ -> Response in
            do {
                try await stores.check()
                return .json(status: .ok, ["status": .string("ok")])
            } catch {
                return .json(status: .serviceUnavailable, ["status": .string("unavailable"), "code": .string("store-unavailable")])
            }
        }
    }
}

extension Response {
    static func json(status: HTTPResponse.Status, _ object: JSONObject) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(object).serialized)))
    }

    static func problem(status: HTTPResponse.Status, code: String, message: String) -> Response {
        json(status: status, ["code": .string(code), "message": .string(message)])
    }
}
