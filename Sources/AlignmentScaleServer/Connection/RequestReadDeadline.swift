import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client takes longer than `timeout` to send a whole request, counted
/// from the connection's start or from the first byte of a later request: a slow client cannot
/// hold a connection open by trickling bytes (idle timeouts alone reset on every byte). Between
/// requests no deadline of this handler runs, so an idle keep-alive connection lasts the server's
/// idle timeout, not this one.
///
/// It also closes the connection when the client closes its side (the server allows half-closed
/// connections, so nothing else would notice a client that went away while its request was being
/// computed): closing fires the channel's `closeFuture`, which cancels the request's work. A client
/// that half-closes after sending a request and still waits for the answer loses it; HTTP/1.1
/// clients do not do that.
final class RequestReadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Whether a request is being read (from its first byte to its end).
    private var reading = false

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        // Bytes arrive before the HTTP decoder has a whole head; watch them at the pipeline's front.
        let watcher = FirstByteWatcher { [weak self] in self?.requestStarted(context) }
        try? context.pipeline.syncOperations.addHandler(watcher, position: .first)
        if context.channel.isActive { requestStarted(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        requestStarted(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The whole request is in: the computation's own time limit applies from here.
        if case .end = unwrapInboundIn(data) {
            reading = false
            disarm()
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    /// The first byte of a request (or a new connection): the request must be whole within `timeout`.
    private func requestStarted(_ context: ChannelHandlerContext) {
        guard !reading else { return }
        reading = true
        disarm()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Tells its owner when bytes arrive, before any decoding.
private final class FirstByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let arrived: () -> Void

    init(_ arrived: @escaping () -> Void) { self.arrived = arrived }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        arrived()
        context.fireChannelRead(data)
    }
}
