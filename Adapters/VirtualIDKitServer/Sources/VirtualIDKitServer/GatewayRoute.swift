import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SocialSecurity

extension Router {
    /// Posts to `path` go to the gateway as they arrived: the path, every header field and the
    /// body's exact bytes, which the partner's signature covers. A body past the limit is not
    /// read further and is answered as the gateway answers one.
    func addGateway(_ gateway: BureauGateway, path: String, maximumBodyBytes: Int) {
        post(RouterPath(path)) { request, _ -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maximumBodyBytes)
            } catch is NIOTooManyBytesError {
                return Response(gateway.unsignedRefusal(ConnectorError(.bodyTooLarge, "The body is over \(maximumBodyBytes) bytes.")))
            }
            let headers: ConnectorHTTPHeaders
            do {
                headers = try ConnectorHTTPHeaders(request.headers.map { ($0.name.rawName, $0.value) })
            } catch {
                return Response(gateway.unsignedRefusal(ConnectorError(.malformedRequest, "A header field is not one HTTP allows: \(error)")))
            }
            let answer = await gateway.handle(ConnectorHTTPRequest(method: request.method.rawValue, path: request.uri.path, headers: headers,
                                                                    body: Data(body.readableBytesView)))
            return Response(answer)
        }
    }
}

extension Response {
    /// The gateway's answer as Hummingbird sends it.
    init(_ answer: ConnectorHTTPResponse) {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            // The gateway only writes names and values it checked; a name HTTP refuses is dropped.
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        self.init(status: HTTPResponse.Status(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
