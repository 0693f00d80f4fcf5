import AlignmentScaleIO
import Foundation

/// The OpenAPI document, generated: its paths from the server's route table (``Explorer/routeTable(limits:)``),
/// the scenario's and the survey answer's schemas from the descriptions of the formats that the
/// readers use, so that none can drift from what the server does.
enum OpenAPIDocument {
    /// The document for `routes`, as pretty-printed JSON with sorted keys.
    static func text(routes: [Route]) -> String {
        var paths: [String: JSONObject] = [:]
        for route in routes where route.documented {
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        var schemas: JSONObject = [
            "Error": [
                "type": "object", "required": ["error"],
                "properties": ["error": ["type": "string"], "path": ["type": "string"]] as JSONObject,
            ] as JSONObject,
            "Response": foundation(JSONSchema.surveyResponse()),
            "OpenFile": [
                "type": "object", "required": ["text"], "additionalProperties": false,
                "properties": [
                    "text": ["type": "string", "description": "a scenario file's text, YAML or JSON"],
                    "file": ["type": "string", "maxLength": 200, "description": "its name, for messages"],
                ] as JSONObject,
            ] as JSONObject,
        ]
        for (name, definition) in JSONSchema.scenarioDefinitions(scaleFiles: false) {
            let text = definition.rendered().replacingOccurrences(of: "\"#/$defs/", with: "\"#/components/schemas/")
            schemas[name] = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) ?? [:]
        }
        let document: JSONObject = [
            "openapi": "3.1.0",
            "info": [
                "title": "AlignmentScale explorer API", "version": "1.0.0", "description": description,
            ],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]], "schemas": schemas,
            ] as JSONObject,
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One operation: summary, parameters, body, answers (each route's own, and those of every route).
    static func operation(_ route: Route) -> JSONObject {
        let errorBody: JSONObject = ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]
        let retryAfter: JSONObject = [
            "Retry-After": ["description": "seconds to wait before trying again", "schema": ["type": "integer", "minimum": 1]]
        ]
        var responses: JSONObject = [
            "400": [
                "description": route.body == nil
                    ? "Bad input, or a request that is not well-formed HTTP (no Host header or more than one, broken chunked encoding)"
                    : "Bad input: the command line's message, with the field's path and position", "content": errorBody,
            ] as JSONObject,
            "405": [
                "description": "The path does not answer this method (the Allow header lists those it does)",
                "content": errorBody,
            ] as JSONObject,
            "500": ["description": "An internal error, without detail", "content": errorBody] as JSONObject,
        ]
        var success: JSONObject = ["description": route.success.description, "content": route.success.content]
        if let headers = route.successHeaders { success["headers"] = headers }
        responses[String(route.success.status)] = success
        for (status, answer) in route.answers {
            var response: JSONObject = [
                "description": answer.description,
                "content": answer.schema.map { ["application/json": ["schema": $0]] as JSONObject } ?? errorBody,
            ]
            if answer.retryAfter { response["headers"] = retryAfter }
            responses[String(status)] = response
        }
        var operation: JSONObject = ["summary": route.summary, "responses": responses]
        if let description = route.description { operation["description"] = description }
        if !route.parameters.isEmpty { operation["parameters"] = route.parameters }
        if let body = route.body {
            operation["requestBody"] =
                [
                    "required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(body)"]]],
                ] as JSONObject
        }
        switch route.administrator {
        case true?: operation["security"] = [["bearer": [String]()]]
        case false?: operation["security"] = [["bearer": [String]()], [:]]
        case nil: break
        }
        return operation
    }

    /// A rendered JSON value as Foundation values.
    static func foundation(_ value: JSONValue) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(value.rendered().utf8))) ?? [:]
    }

    static let description = """
        The analyses of the alignscale command line over HTTP. Every analysis takes a scenario as JSON \
        and answers with the same JSON as `alignscale COMMAND --format json`. A scenario's `scale` is \
        `builtin` or given inline; the server reads no files. POST requests must send Content-Type: \
        application/json and come from the server's own pages, a script without an Origin header, or an \
        allowed origin.

        Rules across fields that JSON Schema cannot state, each answered 400 with the field's path: a \
        scenario's `beliefs` have one value per level of its scale (ten for the built-in one) and sum to 1 \
        within 1e-9 unless `normalize` is true; a program's `ceiling` is above its `baseline`; `requires` \
        names programs of the scenario without a cycle; an ordering's credences sum to at most 1; a \
        distribution's parameters in order (a uniform's low below its high, a triangular's mode between its \
        ends). Among the query parameters, `concentration` does not go with `beliefs=uniform`, and \
        `objective` other than mean needs `samples`. A survey answer's `beliefs` sum to 1 within 1e-6. \
        Posts from one client address are limited (429 with Retry-After), and the public summary changes \
        only in batches of answers.
        """
}
