import Foundation
import Hummingbird

/// The pages and assets, compiled into the binary by the EmbedPages build plugin (HTML, CSS and
/// plain JavaScript; nothing from a CDN), so the binary serves them wherever it is copied.
enum Pages {
    /// Assets served under `/static/`.
    static let assets: Set<String> = [
        "app.js", "explorer-state.js", "explorer-inputs.js", "survey.js", "results.js", "common.js", "style.css", "favicon.svg",
    ]

    static func response(_ name: String) throws -> Response {
        guard let text = EmbeddedPages.files[name] else { throw APIError(.notFound, "no such file") }
        let type: String
        switch (name as NSString).pathExtension {
        case "html": type = "text/html; charset=utf-8"
        case "js": type = "text/javascript; charset=utf-8"
        case "css": type = "text/css; charset=utf-8"
        case "json": type = "application/json; charset=utf-8"
        case "svg": type = "image/svg+xml"
        default: type = "application/octet-stream"
        }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
