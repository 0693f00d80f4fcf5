import AlignmentScale
import Foundation

/// A survey response as a client posts it: `{"id"?, "beliefs", "comment"?}` (AlignmentScale.docc/ManyViews.md).
///
/// The same reader as a respondents file's entries. A public response may not set its weight;
/// the administrator does (`alignscale responses add --weight`, or the authenticated API).
public enum SurveyPost {
    /// Decodes one posted response.
    /// - Parameters:
    ///   - weights: whether a `weight` is accepted (only from the administrator).
    ///   - newID: the id to give a response that names none.
    /// - Throws: ``InputError`` naming the field, with its line and column in the body.
    public static func decode(
        _ body: Data, levelCount: Int, weights: Bool, newID: () -> String
    ) throws -> RespondentFile.Entry {
        let document = try Document(data: body, file: "request body")
        do {
            return try withoutActuallyEscaping(newID) { newID in
                try RespondentFile.readEntry(document.root, levelCount: levelCount, weights: weights, newID: newID)
            }
        } catch let error as InputError {
            throw error.location == nil ? document.locate(error) : error
        }
    }
}
