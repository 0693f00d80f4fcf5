import Foundation
import Hummingbird

/// The pages and assets shipped as package resources (HTML, CSS and plain JavaScript; nothing
/// from a CDN).
enum Pages {
    static let assets: Set<String> = ["app.js", "survey.js", "results.js", "common.js", "style.css"]

    static func response(_ name: String) throws -> Response {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Public"),
            let data = try? Data(contentsOf: url)
        else { throw APIError(.notFound, "no such file") }
        let type: String
        switch (name as NSString).pathExtension {
        case "html": type = "text/html; charset=utf-8"
        case "js": type = "text/javascript; charset=utf-8"
        case "css": type = "text/css; charset=utf-8"
        case "json": type = "application/json; charset=utf-8"
        default: type = "application/octet-stream"
        }
        var buffer = ByteBuffer()
        buffer.writeBytes(data)
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: buffer))
    }
}
