import AlignmentScale
import AlignmentScaleIO
import Foundation

/// The most recently parsed request bodies and their scenarios, with the positions of their
/// fields (least recently used dropped).
final class ParseCache: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    private var entries: [Data: ScenarioFile] = [:]
    private var order: [Data] = []

    init(capacity: Int) { self.capacity = capacity }

    subscript(body: Data) -> ScenarioFile? {
        get {
            lock.withLock {
                guard let scenario = entries[body] else { return nil }
                if let index = order.firstIndex(of: body) { order.remove(at: index) }
                order.append(body)
                return scenario
            }
        }
        set {
            guard capacity > 0, let newValue else { return }
            lock.withLock {
                if entries.updateValue(newValue, forKey: body) == nil { order.append(body) }
                while order.count > capacity { entries[order.removeFirst()] = nil }
            }
        }
    }
}
