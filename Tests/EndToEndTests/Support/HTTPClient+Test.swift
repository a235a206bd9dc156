import Foundation
import HTTP

/// The requests every end-to-end test makes: an authenticated JSON call to a node, and the receiver's record.
extension HTTPClient {
    /// Sends `method url` with a bearer token and an optional JSON body; returns the status and decoded answer.
    func json(_ method: String, _ url: String, token: String, body: Any? = nil) throws -> (Int, Any?) {
        var request = HTTPClientRequest(method: method, url: url)
        request.headers["authorization"] = "Bearer \(token)"
        if let body {
            request.body = Array(try JSONSerialization.data(withJSONObject: body))
            request.headers["content-type"] = "application/json"
        }
        let response = try executeBlocking(request).get()
        let json = response.body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: Data(response.body))
        return (response.status, json)
    }

    /// Callbacks the demo receiver at `receiverURL` has recorded, oldest first.
    func receivedCallbacks(at receiverURL: String) throws -> [[String: Any]] {
        let response = try executeBlocking(HTTPClientRequest(method: "GET", url: receiverURL + "/received")).get()
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]) ?? []
    }
}
