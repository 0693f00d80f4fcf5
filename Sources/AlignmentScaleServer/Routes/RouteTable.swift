import AlignmentScale
import AlignmentScaleApp
import AlignmentScaleIO
import Foundation
import HTTPTypes
import Hummingbird

/// A fragment of JSON Schema or OpenAPI, written as Foundation values.
typealias JSONObject = [String: Any]

/// One route of the server, with everything said about it once: the router registers its
/// handler, the request policy takes its method, the access log and the metrics take its path
/// as a label, the OpenAPI document takes its summary, parameters, body and answers, and
/// `serve --help` and the tests take the list.
struct Route: @unchecked Sendable {
    /// What a route's handler is given.
    typealias Handler = @Sendable (Explorer, Request, ExplorerRequestContext) async throws -> Response

    let method: HTTPRequest.Method
    /// As the router and the OpenAPI document write it (`/static/{file}`).
    let path: String
    let summary: String
    var description: String?
    /// Pages and assets are served but not part of the API document.
    var documented = true
    /// OpenAPI parameter objects (the query).
    var parameters: [JSONObject] = []
    /// The components schema the body must follow (`Scenario`, `Response`), if the route takes one.
    var body: String?
    /// The successful answer: its status, what it is, and its content by media type.
    var success: (status: Int, description: String, content: [String: JSONObject]) = (200, "", [:])
    /// Headers of the successful answer.
    var successHeaders: JSONObject?
    /// Answers besides success and the ones every route can give (400, 405, 500), by status.
    var answers: [Int: (description: String, schema: JSONObject?, retryAfter: Bool)] = [:]
    /// Needs the administrator's token (`true`), or accepts it optionally (`nil` means neither).
    var administrator: Bool?
    let handle: Handler

    /// The label of the access log and the metrics: the path, with a parameter's part cut
    /// (`/static/`).
    var label: String {
        guard let brace = path.firstIndex(of: "{") else { return path }
        return String(path[..<brace])
    }
}

extension Explorer {
    /// Every route of the server. The one table from which everything else about routes follows.
    static func routeTable(limits: Limits) -> [Route] {
        let json = "application/json"
        let object: JSONObject = ["type": "object"]
        let anyJSON: [String: JSONObject] = [json: ["schema": object]]
        let sameAsCommandLine = "The same JSON as the CLI's --format json"
        // What any post can be refused for before its body is read.
        let post: [Int: (description: String, schema: JSONObject?, retryAfter: Bool)] = [
            403: ("A post from another site's page (its Origin is not this server's)", nil, false),
            413: ("A body over the server's limit (1 MiB by default)", nil, false),
            415: ("A body that is not sent as application/json", nil, false),
        ]
        let scenarioPost = post.merging([
            422: ("Valid, but more than this server does: too many samples, programs, orderings, levels or values", nil, false),
            503: ("The server is busy (a full queue) or the work took longer than its time limit", nil, true),
        ]) { first, _ in first }
        let health: (Bool) -> JSONObject = { healthy in
            [
                "type": "object", "required": ["status", "store"],
                "properties": [
                    "status": ["enum": [healthy ? "ok" : "degraded"]],
                    "store": healthy ? ["enum": ["reachable"]] : ["enum": ["reachable", "unreachable"]],
                    "backend": ["enum": ["sqlite", "postgresql"], "description": "where responses are stored"],
                    "writes": ["type": "string", "description": "why the last write failed, while the store answers reads"],
                ] as JSONObject,
            ]
        }
        var routes: [Route] = [
            Route(
                method: .get, path: "/healthz", summary: "Liveness",
                success: (200, "The server answers and its store is reachable", [json: ["schema": health(true)]]),
                answers: [503: ("The store cannot be reached, or refuses writes", health(false), false)],
                handle: { explorer, _, _ in await explorer.health() }),
            Route(
                method: .get, path: "/metrics",
                summary: "Prometheus metrics (the administrator's token, unless the server makes them public)",
                description:
                    "Requests and their latency per route, the compute pools' queues and store errors, in Prometheus's text format.",
                success: (200, "the metrics", ["text/plain": ["schema": ["type": "string"]]]),
                answers: [
                    401: ("no or a wrong administrator's token", nil, false),
                    404: ("the server has no administrator's token and its metrics are not public", nil, false),
                ], administrator: false,
                handle: { explorer, request, _ in try explorer.metricsText(request) }),
            Route(
                method: .get, path: "/api/scale", summary: "The built-in scale (alignscale scale --format json)",
                success: (200, "levels, thresholds, failure modes", anyJSON),
                handle: { _, _, _ in Explorer.json(ScaleReport(.builtin).rendered(.json)) }),
            Route(
                method: .get, path: "/api/scenarios",
                summary: "The scenarios this server offers: the built-in default and any given to `alignscale serve`",
                success: (
                    200, "each scenario's name (for /api/scenarios/NAME and /?scenario=NAME) and title",
                    [
                        json: [
                            "schema": [
                                "type": "object", "required": ["scenarios"],
                                "properties": [
                                    "scenarios": [
                                        "type": "array",
                                        "items": [
                                            "type": "object", "required": ["name", "title"],
                                            "properties": ["name": ["type": "string"], "title": ["type": "string"]] as JSONObject,
                                        ] as JSONObject,
                                    ] as JSONObject
                                ] as JSONObject,
                            ] as JSONObject
                        ]
                    ]
                ),
                handle: { explorer, _, _ in Explorer.json(explorer.scenarioList) }),
            Route(
                method: .get, path: "/api/scenarios/{name}",
                summary: "One offered scenario in the file schema (`default`: the built-in one)",
                parameters: [
                    [
                        "name": "name", "in": "path", "required": true, "description": "a name from /api/scenarios",
                        "schema": ["type": "string", "maxLength": 200] as JSONObject,
                    ]
                ],
                success: (200, "a scenario", [json: ["schema": ["$ref": "#/components/schemas/Scenario"]]]),
                answers: [404: ("no scenario of that name", nil, false)],
                handle: { explorer, _, context in try explorer.offeredScenario(context.parameters.get("name") ?? "") }),
            Route(
                method: .post, path: "/api/open",
                summary: "Read a scenario file's text (YAML or JSON) and answer it in the file schema",
                description:
                    "The body is {\"text\": the file's text, \"file\": its name (for messages)}. The scenario is checked as every analysis checks it; an error names the file, line, column and field. What the explorer's \"Open a scenario\" sends.",
                body: "OpenFile",
                success: (200, "the scenario", [json: ["schema": ["$ref": "#/components/schemas/Scenario"]]]),
                answers: scenarioPost, handle: { explorer, request, context in try await explorer.open(request, context) }),
            Route(
                method: .get, path: "/api/presets",
                summary: "Named belief profiles over the built-in scale (the explorer's presets)",
                success: (
                    200, "presets: name, summary and beliefs p1…p10",
                    [
                        json: [
                            "schema": [
                                "type": "object", "required": ["presets"],
                                "properties": [
                                    "presets": [
                                        "type": "array",
                                        "items": [
                                            "type": "object", "required": ["name", "summary", "beliefs"],
                                            "properties": [
                                                "name": ["type": "string"], "summary": ["type": "string"],
                                                "beliefs": ["type": "array", "items": ["type": "number"]],
                                            ] as JSONObject,
                                        ] as JSONObject,
                                    ] as JSONObject
                                ] as JSONObject,
                            ] as JSONObject
                        ]
                    ]
                ),
                handle: { _, _, _ in Explorer.json(BeliefPreset.json.rendered()) }),
        ]
        for kind in AnalysisKind.allCases {
            var route = Route(
                method: .post, path: "/api/\(kind.rawValue)", summary: kind.summary, description: kind.detail,
                parameters: AnalysisQuery.parameters(for: kind).map { parameter(named: $0, of: kind, limits: limits) },
                body: "Scenario", success: (200, sameAsCommandLine, anyJSON), answers: scenarioPost,
                handle: { explorer, request, context in try await explorer.analyse(kind, request, context) })
            switch kind {
            case .race: route.success.content["image/svg+xml"] = ["schema": ["type": "string"]]
            case .report:
                route.success = (200, "The report, as an HTML download", ["text/html": ["schema": ["type": "string"]]])
                route.successHeaders = [
                    "Content-Disposition": [
                        "description": "attachment; filename=\"alignscale-report.html\"", "schema": ["type": "string"],
                    ] as JSONObject
                ]
            default: break
            }
            routes.append(route)
        }
        routes += [
            Route(
                method: .post, path: "/api/yaml", summary: "The scenario as a YAML scenario file",
                description:
                    "Checks the scenario as every analysis does, then answers it as a YAML file that `alignscale` reads back to the same scenario.",
                body: "Scenario", success: (200, "scenario.yaml, as a download", ["text/yaml": ["schema": ["type": "string"]]]),
                answers: scenarioPost, handle: { explorer, request, context in try await explorer.yaml(request, context) }),
            Route(
                method: .post, path: "/api/responses", summary: "Store one survey response",
                description:
                    "A response gives beliefs over the ten levels of the built-in scale, summing to 1 (within 1e-6), an optional id and an optional comment. A public response cannot set its weight: a `weight` key is refused with 400. The administrator sets weights (the administrator's token as a bearer token on this request, or `alignscale responses add --weight`). Posts from one client address are limited.",
                body: "Response",
                success: (
                    201, "stored", [json: ["schema": ["type": "object", "properties": ["id": ["type": "string"]]] as JSONObject]]
                ),
                answers: post.merging([
                    429: ("Too many answers from this client address; try again after Retry-After seconds", nil, true),
                    503: (
                        "The response store is unavailable for a moment: nothing was stored; try again after Retry-After seconds",
                        nil, true
                    ),
                ]) { first, _ in first }, administrator: false,
                handle: { explorer, request, context in try await explorer.addResponse(request, context) }),
            Route(
                method: .get, path: "/api/responses", summary: "Every stored response (the administrator's only)",
                success: (
                    200, "the responses",
                    [
                        json: [
                            "schema": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "properties": [
                                        "id": ["type": "string"], "weight": ["type": "number"],
                                        "beliefs": ["type": "array", "items": ["type": "number"]] as JSONObject,
                                        "comment": ["type": ["string", "null"]], "created_at": ["type": "string"],
                                    ] as JSONObject,
                                ] as JSONObject,
                            ] as JSONObject
                        ]
                    ]
                ),
                answers: [
                    401: ("no or a wrong administrator's token", nil, false),
                    404: ("the server has no administrator's token, so the listing does not exist", nil, false),
                    503: (
                        "The server is busy, the work took longer than its limit, or the response store is unavailable", nil, true
                    ),
                ], administrator: true, handle: { explorer, request, _ in try await explorer.listResponses(request) }),
            Route(
                method: .get, path: "/api/responses/summary", summary: "Pools, disagreement and consensus; no individual rows",
                success: (
                    200,
                    "The survey's public summary as last published: it changes only once a batch of new answers has arrived, and holds no pools before the first batch",
                    [json: ["schema": summarySchema]]
                ),
                answers: [
                    503: (
                        "The server is busy, the work took longer than its limit, or the response store is unavailable", nil, true
                    )
                ], handle: { explorer, _, context in try await explorer.summary(context) }),
            Route(
                method: .get, path: "/openapi.json", summary: "The OpenAPI document of this API",
                success: (200, "OpenAPI 3.1", anyJSON),
                handle: { explorer, _, _ in Explorer.json(explorer.openAPI) }),
        ]
        // Pages and assets.
        for (path, file) in [
            ("/", "index.html"), ("/survey", "survey.html"), ("/results", "results.html"), ("/favicon.ico", "favicon.svg"),
        ] {
            routes.append(
                Route(
                    method: .get, path: path, summary: "The page \(file)", documented: false,
                    handle: { _, _, _ in try Pages.response(file) }))
        }
        routes.append(
            Route(
                method: .get, path: "/static/{file}", summary: "The pages' scripts and styles", documented: false,
                handle: { _, _, context in
                    guard let file = context.parameters.get("file"), Pages.assets.contains(file) else {
                        throw APIError(.notFound, "no such file")
                    }
                    return try Pages.response(file)
                }))
        return routes
    }

    /// Every path the server answers and its methods (HEAD goes with GET), by label (a path with
    /// a parameter ends at it: `/static/`).
    static func methods(of routes: [Route]) -> [String: Set<HTTPRequest.Method>] {
        routes.reduce(into: [:]) { $0[$1.label, default: []].insert($1.method) }
    }

    /// The documented routes as `METHOD /path: summary` lines, for `serve --help`.
    public static var routeList: [String] {
        routeTable(limits: .server).filter(\.documented).map { "\($0.method.rawValue) \($0.path): \($0.summary)" }
    }

    /// A query parameter of `kind`, as the OpenAPI document describes it, within `limits` (the
    /// bounds a request's validation applies).
    static func parameter(named name: String, of kind: AnalysisKind, limits: Limits) -> JSONObject {
        let samples = kind.samples(within: limits)
        let (description, schema): (String, JSONObject) =
            switch name {
            case "seed":
                (
                    "seed of the random numbers (the same seed gives the same answer)",
                    ["type": "integer", "minimum": 0, "maximum": UInt64.max]
                )
            case "allocation":
                (
                    "an allocation, as id=amount pairs separated by commas (programs left out get their minimum)",
                    ["type": "string", "pattern": "^[a-z0-9-]+=[0-9.eE+-]+(,[a-z0-9-]+=[0-9.eE+-]+)*$"]
                )
            case "samples":
                (
                    samples.upperBound < limits.samples
                        ? "Monte Carlo draws, kept in memory (\(samples.lowerBound) to \(samples.upperBound) here)"
                        : "Monte Carlo draws (at most \(samples.upperBound) here)",
                    ["type": "integer", "minimum": samples.lowerBound, "maximum": samples.upperBound]
                )
            case "trajectories":
                (
                    "race trajectories (default \(Defaults.trajectories), at most \(limits.samples) here)",
                    ["type": "integer", "minimum": 1, "maximum": limits.samples]
                )
            case "objective":
                (
                    "with samples: mean, or cvar:ALPHA with 0 < ALPHA ≤ 1",
                    ["type": "string", "pattern": "^(mean|cvar:(0?\\.[0-9]*[1-9][0-9]*|1(\\.0*)?))$"]
                )
            case "at":
                (
                    kind == .margins
                        ? "where the margins are taken (default status-quo)"
                        : "a named allocation to use instead of the scenario's (allocation overrides it)",
                    ["enum": MarginPoint.allCases.map(\.rawValue)]
                )
            case "horizon":
                (
                    "years the fan chart covers, in (0, \(InputError.show(RaceRequest.maximumHorizon))]",
                    ["type": "number", "exclusiveMinimum": 0, "maximum": RaceRequest.maximumHorizon]
                )
            case "format": ("json (default) or svg: the fan chart", ["enum": ["json", "svg"]])
            case "cases":
                (
                    "belief profiles to draw (at most \(limits.studyCases) here; a study's default \(Defaults.studyCases)); in a report, add a study of this many",
                    ["type": "integer", "minimum": 1, "maximum": limits.studyCases]
                )
            case "concentration":
                (
                    "κ of the Dirichlet around the scenario's beliefs: small spreads widely, large stays close (not with beliefs=uniform)",
                    ["type": "number", "exclusiveMinimum": 0, "maximum": StudyRequest.maximumConcentration]
                )
            case "parameters":
                (
                    "drawn (default): each case draws the scenario's uncertain numbers; medians: holds them at their medians, so cases vary beliefs only",
                    ["type": "string", "enum": StudyRequest.ParameterMode.allCases.map(\.rawValue)]
                )
            case "search":
                (
                    "quick (default): search each case's optimum from \(Study.quickSearchStarts), and from every start only when those reach different optima (about twice as fast; agreement is evidence, not proof); full: from every start, as optimize searches",
                    ["type": "string", "enum": Optimizer.Search.allCases.map(\.rawValue)]
                )
            case "beliefs":
                (
                    "uniform: draw belief profiles evenly over all profiles instead (not with concentration)",
                    ["type": "string", "enum": ["uniform"]]
                )
            case "experiment":
                (
                    "the id of one of the scenario's experiments (optional when it lists exactly one)",
                    ["type": "string", "maxLength": 200]
                )
            case "later_value":
                (
                    "what a unit spent after the experiment's result counts in readiness, in (0, 1] (default \(InputError.show(Defaults.laterValue)))",
                    ["type": "number", "exclusiveMinimum": 0, "maximum": 1]
                )
            case "draws":
                (
                    "joint draws of the uncertain numbers, each optimised (default \(Defaults.robustDraws), at most \(limits.studyCases) here)",
                    ["type": "integer", "minimum": 1, "maximum": limits.studyCases]
                )
            case "within":
                (
                    "ε: a regret at most this counts as near-optimal, in probability units (default \(InputError.show(Defaults.within)), one percentage point)",
                    ["type": "number", "exclusiveMinimum": 0, "maximum": 1]
                )
            case "discover":
                (
                    "scenario discovery: net-negative:ID, funded:ID or regret:NAME>X (NAME a candidate, X in probability units)",
                    ["type": "string", "maxLength": 200]
                )
            case "threshold":
                (
                    "the density the discovery box must reach, in (0, 1] (default \(InputError.show(Defaults.threshold)))",
                    ["type": "number", "exclusiveMinimum": 0, "maximum": 1]
                )
            default:
                (
                    "svg: add a `charts` object to the JSON, each of the analysis's charts as SVG text by name (the pictures of `alignscale report`); none (the default): no charts",
                    ["type": "string", "enum": ["svg", "none"]]
                )
            }
        return ["name": name, "in": "query", "description": description, "schema": schema]
    }

    /// The public summary's shape.
    static var summarySchema: JSONObject {
        let properties: JSONObject = [
            "responses": ["type": "integer", "minimum": 0, "description": "answers the published summary pools"],
            "publish_every": ["type": "integer", "minimum": 1],
            "waiting": ["type": "integer", "description": "answers since the last publication"],
            "published_at": ["type": ["string", "null"], "format": "date-time"],
            "linear": ["type": "array", "items": ["type": "number"]],
            "logarithmic": ["type": "array", "items": ["type": "number"]],
            "epsilon": ["type": "number"], "mean_jensen_shannon": ["type": ["number", "null"]],
            "jensen_shannon_sample": [
                "type": "integer", "description": "the newest published answers the disagreement averages over",
            ],
            "mean_entropy": ["type": "number"], "consensus": ["type": "array", "items": ["type": "object"]],
            "groups": [
                "type": ["object", "null"],
                "description":
                    "answers in up to four groups of at least three by expected level (most optimistic first): each group's pooled beliefs and best allocation, cross_regret[i][j] what group i loses under group j's best allocation, divergence[i][j] the Jensen-Shannon divergence between their pools in bits; null with fewer than six answers",
                "properties": [
                    "groups": ["type": "array", "items": ["type": "object"]],
                    "cross_regret": ["type": "array", "items": ["type": "array", "items": ["type": "number"]]],
                    "divergence": ["type": "array", "items": ["type": "array", "items": ["type": "number"]]],
                ],
            ],
        ]
        return [
            "type": "object", "required": ["responses", "publish_every", "waiting", "published_at"], "properties": properties,
        ]
    }
}

extension AnalysisKind {
    /// One line on what the analysis answers, for the API document and `serve --help`.
    var summary: String {
        switch self {
        case .evaluate: "Safety of an allocation"
        case .optimize: "The optimal allocation and the heuristics"
        case .margins: "Marginal values and critical probabilities"
        case .voi: "Value of information"
        case .plan: "Act now or learn first: a two-stage plan around an experiment"
        case .robust: "How firm the advice is when the numbers are wrong"
        case .race: "The race over time"
        case .sensitivity: "Tornado and Sobol indices"
        case .study: "Study across many belief profiles"
        case .report: "A self-contained HTML report"
        }
    }

    /// More, where a line is not enough.
    var detail: String? {
        switch self {
        case .plan:
            "Spend part of the budget now, run one of the scenario's experiments, then spend the rest after its result, where a unit spent later counts later_value. The best such plan, beside spending everything now (act now) and spending nothing beyond the minimums until the result (learn first). The same JSON as `alignscale plan --format json`."
        case .robust:
            "Draws the scenario's uncertain numbers (and beliefs, with belief_concentration) `draws` times and optimises each draw on its own; scores the optimum at the medians, the allocation that is best on average over the draws, the one with the smallest worst-case regret, the simple rules and the scenario's allocation by their regret against each draw's optimum; gives the range of each program's amount within `within` of the optimum, the values of each uncertain number at which the funded programs change, and, with `discover`, the box of drawn numbers where an event happens. The same JSON as `alignscale robust --format json`; the same seed gives the same answer."
        case .study:
            "The source's two questions across belief profiles drawn around the scenario's (a Dirichlet with concentration κ: the scenario's belief_concentration unless `concentration` is given, else 2) or evenly (beliefs=uniform): what each simple rule loses against the optimum, and whether every technique past the frontier helps at the margin. The same JSON as `alignscale study --format json`; the same seed gives the same answer."
        case .report:
            "The page `alignscale report` writes for the same scenario: every analysis as a chart, a sentence and a table, with the scenario embedded. It needs no script and fetches nothing."
        default: nil
        }
    }
}
