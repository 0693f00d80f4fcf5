import Hummingbird
import NIOCore

/// The context of each request: Hummingbird's basics, plus the connection, whose closing tells a
/// long computation that nobody is waiting for its answer any more.
public struct ExplorerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's connection (`nil` where a test builds the request without one).
    let channel: (any Channel)?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
