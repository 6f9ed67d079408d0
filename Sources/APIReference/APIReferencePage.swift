import StrictJSON

/// The HTML API reference `GET /docs` serves, rendered from the OpenAPI document at build time.
///
/// One self-contained page: its style is inline, it loads nothing (no script, font, image or
/// stylesheet from anywhere, not even a favicon), and it reflows to a phone's width (long tokens
/// wrap, nothing scrolls sideways). It lists every path with its operations, parameters, request
/// body and responses, then every schema of `components`, linked from where they are used.
public enum APIReferencePage {
    /// A document that is not an OpenAPI document the page can describe.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the OpenAPI YAML (`YAMLSubset`) and renders the page.
    public static func render(yaml: String) throws(Failure) -> String {
        let document: JSONValue
        do {
            document = try YAMLSubset.parse(yaml)
        } catch {
            throw Failure(message: "openapi.yaml \(error.description)")
        }
        return try render(document: document)
    }

    /// Renders the page of an OpenAPI document already read.
    public static func render(document: JSONValue) throws(Failure) -> String {
        guard case .string(let version)? = document["openapi"], version.hasPrefix("3.") else {
            throw Failure(message: "openapi.yaml: `openapi: 3.x` is missing")
        }
        guard let info = document["info"], case .string(let title)? = info["title"] else {
            throw Failure(message: "openapi.yaml: info.title is missing")
        }
        guard let paths = document["paths"]?.objectMembers else { throw Failure(message: "openapi.yaml: paths is missing") }
        var page = Renderer(document: document)
        return page.render(title: title, openapi: version, info: info, paths: paths)
    }

    /// The HTTP methods an OpenAPI path item may hold, in the order the page lists them.
    static let methods = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]
}

private struct Renderer {
    let document: JSONValue
    var out = ""
    var usedIDs: Set<String> = []

    init(document: JSONValue) { self.document = document }

    mutating func render(title: String, openapi: String, info: JSONValue, paths: [JSONMember]) -> String {
        let apiVersion = info["version"]?.stringValue ?? ""
        out += """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>\(html(title)) \(html(apiVersion))</title>
            <style>\(Renderer.style)</style>
            </head>
            <body>
            <header>
            <h1>\(html(title))</h1>
            <p class="meta">API version \(html(apiVersion)) · OpenAPI \(html(openapi)) · <a href="/openapi.yaml">openapi.yaml</a></p>

            """
        if let summary = info["summary"]?.stringValue { out += "<p class=\"summary\">\(inline(summary))</p>\n" }
        out += "</header>\n<main>\n"
        if let description = info["description"]?.stringValue { out += "<section id=\"overview\">\n\(paragraphs(description))</section>\n" }

        let pathIDs = paths.map { member in uniqueID("path" + slug(member.key)) }
        out += "<nav aria-label=\"Paths\" id=\"contents\">\n<h2>Paths</h2>\n<ul class=\"toc\">\n"
        for (member, id) in zip(paths, pathIDs) {
            let methods = operations(of: member.value).map { "<span class=\"m m-\($0.method)\">\($0.method.uppercased())</span>" }
            out += "<li><a href=\"#\(id)\"><code>\(html(member.key))</code></a> \(methods.joined(separator: " "))</li>\n"
        }
        out += "</ul>\n"
        if let schemas = document["components"]?["schemas"]?.objectMembers, !schemas.isEmpty {
            out += "<p><a href=\"#schemas\">Schemas</a> · " + schemas.map { "<a href=\"#\(schemaID($0.key))\">\(html($0.key))</a>" }
                .joined(separator: " · ") + "</p>\n"
        }
        out += "</nav>\n<section id=\"paths\">\n<h2>Paths</h2>\n"
        for (member, id) in zip(paths, pathIDs) { renderPath(member.key, member.value, id: id) }
        out += "</section>\n"
        renderSchemas()
        renderSecuritySchemes()
        out += "</main>\n<footer>Rendered from openapi.yaml when the server was built.</footer>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Paths and operations

    func operations(of item: JSONValue) -> [(method: String, operation: JSONValue)] {
        APIReferencePage.methods.compactMap { method in item[method].map { (method, $0) } }
    }

    mutating func renderPath(_ path: String, _ item: JSONValue, id: String) {
        out += "<section class=\"path\" id=\"\(id)\">\n<h3><code>\(html(path))</code></h3>\n"
        if let summary = item["summary"]?.stringValue { out += "<p>\(inline(summary))</p>\n" }
        let shared = item["parameters"]?.arrayElements ?? []
        for (method, operation) in operations(of: item) {
            out += "<article class=\"op\">\n<h4><span class=\"m m-\(method)\">\(method.uppercased())</span> <code>\(html(path))</code></h4>\n"
            if let summary = operation["summary"]?.stringValue { out += "<p class=\"op-summary\">\(inline(summary))</p>\n" }
            if let description = operation["description"]?.stringValue { out += paragraphs(description) }
            if let operationID = operation["operationId"]?.stringValue {
                out += "<p class=\"note\">operationId <code>\(html(operationID))</code></p>\n"
            }
            if let security = (operation["security"] ?? document["security"])?.arrayElements {
                let open = security.contains { $0.objectMembers?.isEmpty == true }
                let schemes = security.compactMap { $0.objectMembers?.map(\.key) }.flatMap { $0 }
                if open && schemes.isEmpty {
                    out += "<p class=\"note\">Open: no API key needed.</p>\n"
                } else if !schemes.isEmpty {
                    out += "<p class=\"note\">" + (open ? "API key (" : "Needs ") + schemes.map { "<code>\(html($0))</code>" }.joined(separator: ", ")
                        + (open ? ") when keys are configured." : ".") + "</p>\n"
                }
            }
            renderParameters(shared + (operation["parameters"]?.arrayElements ?? []))
            if let body = operation["requestBody"] { renderRequestBody(body) }
            if let responses = operation["responses"]?.objectMembers { renderResponses(responses) }
            out += "</article>\n"
        }
        out += "</section>\n"
    }

    mutating func renderParameters(_ parameters: [JSONValue]) {
        guard !parameters.isEmpty else { return }
        out += "<h5>Parameters</h5>\n<dl class=\"fields\">\n"
        for reference in parameters {
            let parameter = resolve(reference)
            let name = parameter["name"]?.stringValue ?? "?"
            let location = parameter["in"]?.stringValue ?? ""
            let required = parameter["required"]?.boolValue == true
            out += "<dt><code>\(html(name))</code> <span class=\"note\">\(html(location))\(required ? ", required" : "")</span></dt>\n<dd>"
            if let description = parameter["description"]?.stringValue { out += inline(description) + " " }
            if let schema = parameter["schema"] { out += schemaLine(schema) }
            out += "</dd>\n"
        }
        out += "</dl>\n"
    }

    mutating func renderRequestBody(_ reference: JSONValue) {
        let body = resolve(reference)
        out += "<h5>Request body\(body["required"]?.boolValue == true ? " (required)" : "")</h5>\n"
        if let description = body["description"]?.stringValue { out += "<p>\(inline(description))</p>\n" }
        renderContent(body["content"])
    }

    mutating func renderResponses(_ responses: [JSONMember]) {
        out += "<h5>Responses</h5>\n<dl class=\"responses\">\n"
        for member in responses {
            let response = resolve(member.value)
            out += "<dt><span class=\"status s\(member.key.prefix(1))\">\(html(member.key))</span></dt>\n<dd>"
            if let description = response["description"]?.stringValue { out += inline(description) }
            if let headers = response["headers"]?.objectMembers, !headers.isEmpty {
                out += "<br><span class=\"note\">Headers: " + headers.map { "<code>\(html($0.key))</code>" }.joined(separator: ", ") + "</span>"
            }
            out += "\n"
            renderContent(response["content"])
            out += "</dd>\n"
        }
        out += "</dl>\n"
    }

    mutating func renderContent(_ content: JSONValue?) {
        guard let members = content?.objectMembers, !members.isEmpty else { return }
        out += "<ul class=\"content\">\n"
        for member in members {
            out += "<li><code>\(html(member.key))</code>"
            if let schema = member.value["schema"] { out += ": " + schemaLine(schema) }
            out += "</li>\n"
        }
        out += "</ul>\n"
    }

    // MARK: - Schemas

    mutating func renderSchemas() {
        guard let schemas = document["components"]?["schemas"]?.objectMembers, !schemas.isEmpty else { return }
        out += "<section id=\"schemas\">\n<h2>Schemas</h2>\n"
        for member in schemas {
            let id = schemaID(member.key)
            usedIDs.insert(id)
            out += "<section class=\"schema\" id=\"\(id)\">\n<h3>\(html(member.key))</h3>\n"
            renderSchemaBody(member.value, depth: 0)
            out += "</section>\n"
        }
        out += "</section>\n"
    }

    mutating func renderSchemaBody(_ schema: JSONValue, depth: Int) {
        if let description = schema["description"]?.stringValue { out += paragraphs(description) }
        out += "<p class=\"type\">\(schemaLine(schema, withDescription: false))</p>\n"
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for part in schema[keyword]?.arrayElements ?? [] where part["$ref"] == nil && part["properties"] != nil {
                renderProperties(of: part, depth: depth)
            }
        }
        renderProperties(of: schema, depth: depth)
        if let items = schema["items"], items["$ref"] == nil, items["properties"] != nil {
            out += "<p class=\"note\">Each item:</p>\n"
            renderProperties(of: items, depth: depth)
        }
    }

    mutating func renderProperties(of schema: JSONValue, depth: Int) {
        guard let properties = schema["properties"]?.objectMembers, !properties.isEmpty else { return }
        let required = Set(schema["required"]?.arrayElements?.compactMap(\.stringValue) ?? [])
        out += "<dl class=\"fields\">\n"
        for property in properties {
            out += "<dt><code>\(html(property.key))</code>\(required.contains(property.key) ? " <span class=\"req\">required</span>" : "")</dt>\n<dd>"
            out += schemaLine(property.value)
            let nested = property.value["properties"] != nil ? property.value
                : (property.value["items"]?["properties"] != nil ? property.value["items"] : nil)
            if let nested, depth < 8 {
                out += "\n"
                renderProperties(of: nested, depth: depth + 1)
            }
            out += "</dd>\n"
        }
        out += "</dl>\n"
    }

    /// One line describing a schema: its type (or the schema it refers to), format, allowed values,
    /// bounds and, unless asked not to, its description.
    func schemaLine(_ schema: JSONValue, withDescription: Bool = true) -> String {
        var parts: [String] = []
        if let reference = schema["$ref"]?.stringValue { parts.append(link(reference)) }
        if let type = schema["type"] {
            let types = type.arrayElements?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            var text = types.map { "<span class=\"t\">\(html($0))</span>" }.joined(separator: " or ")
            if types.contains("array"), let items = schema["items"] { text += " of " + schemaLine(items, withDescription: false) }
            parts.append(text)
        }
        for (keyword, word) in [("allOf", "all of"), ("anyOf", "any of"), ("oneOf", "one of")] {
            if let options = schema[keyword]?.arrayElements {
                parts.append(word + ": " + options.map { schemaLine($0, withDescription: false) }.joined(separator: "; "))
            }
        }
        if let format = schema["format"]?.stringValue { parts.append("format <code>\(html(format))</code>") }
        if let values = schema["enum"]?.arrayElements {
            parts.append("one of " + values.map { "<code>\(html(literal($0)))</code>" }.joined(separator: ", "))
        }
        if let constant = schema["const"] { parts.append("always <code>\(html(literal(constant)))</code>") }
        let bounds: [(String, String)] = [
            ("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<"),
            ("minLength", "length ≥"), ("maxLength", "length ≤"), ("minItems", "items ≥"), ("maxItems", "items ≤"),
        ]
        for (keyword, symbol) in bounds {
            if let value = schema[keyword] { parts.append("\(symbol) \(html(literal(value)))") }
        }
        if schema["uniqueItems"]?.boolValue == true { parts.append("unique items") }
        if let pattern = schema["pattern"]?.stringValue { parts.append("pattern <code>\(html(pattern))</code>") }
        if schema["additionalProperties"]?.boolValue == false { parts.append("no other fields") }
        var line = parts.joined(separator: ", ")
        if withDescription, let description = schema["description"]?.stringValue {
            line += (line.isEmpty ? "" : ". ") + inline(description)
        }
        return line.isEmpty ? "any value" : line
    }

    mutating func renderSecuritySchemes() {
        guard let schemes = document["components"]?["securitySchemes"]?.objectMembers, !schemes.isEmpty else { return }
        out += "<section id=\"security\">\n<h2>Security</h2>\n<dl class=\"fields\">\n"
        for scheme in schemes {
            let type = [scheme.value["type"]?.stringValue, scheme.value["scheme"]?.stringValue].compactMap { $0 }.joined(separator: " ")
            out += "<dt><code>\(html(scheme.key))</code></dt>\n<dd>\(html(type))"
            if let description = scheme.value["description"]?.stringValue { out += ". " + inline(description) }
            out += "</dd>\n"
        }
        out += "</dl>\n</section>\n"
    }

    // MARK: - References, ids and text

    /// A `$ref` into `components` followed (one level), so responses and bodies show their content.
    func resolve(_ value: JSONValue) -> JSONValue {
        guard let reference = value["$ref"]?.stringValue, reference.hasPrefix("#/") else { return value }
        var target: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            target = target?[String(part).replacingTilde]
        }
        return target ?? value
    }

    func link(_ reference: String) -> String {
        let name = String(reference.split(separator: "/").last ?? "")
        if reference.hasPrefix("#/components/schemas/") {
            return "<a href=\"#\(schemaID(name))\">\(html(name))</a>"
        }
        return "<code>\(html(name))</code>"
    }

    func schemaID(_ name: String) -> String { "schema" + slug(name) }

    mutating func uniqueID(_ base: String) -> String {
        var id = base
        var n = 2
        while usedIDs.contains(id) { id = "\(base)-\(n)"; n += 1 }
        usedIDs.insert(id)
        return id
    }

    /// `-` and the letters and digits of `text`, other characters as `-`.
    func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let c = Character(scalar)
            out.append(c.isASCII && (c.isLetter || c.isNumber) ? c : "-")
        }
        return "-" + out.split(separator: "-").joined(separator: "-")
    }

    func literal(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        default: return String(decoding: value.serialized(), as: UTF8.self)
        }
    }

    /// Text with HTML's special characters escaped.
    func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// One line of description: escaped, with `code` spans.
    func inline(_ text: String) -> String {
        let pieces = text.split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count > 2 else { return html(text) }
        var out = ""
        for (index, piece) in pieces.enumerated() {
            if index % 2 == 1 && index < pieces.count - 1 {
                out += "<code>\(html(String(piece)))</code>"
            } else {
                out += html((index % 2 == 1 ? "`" : "") + String(piece))
            }
        }
        return out
    }

    /// Paragraphs (separated by blank lines) of description text.
    func paragraphs(_ text: String) -> String {
        var out = ""
        for block in text.split(separator: "\n\n") {
            let joined = block.split(separator: "\n").map { String($0).trimmingSpaces }.joined(separator: " ")
            if !joined.isEmpty { out += "<p>\(inline(joined))</p>\n" }
        }
        return out
    }

    static let style = """
        *,*::before,*::after{box-sizing:border-box}\
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;\
        color:#1b1f24;background:#fff;overflow-wrap:anywhere;word-break:break-word}\
        header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}\
        header{padding-top:1rem;border-bottom:1px solid #d8dee4}\
        h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.35rem;margin:2rem 0 .75rem}\
        h3{font-size:1.15rem;margin:1.5rem 0 .5rem}h4{font-size:1rem;margin:1rem 0 .25rem}\
        h5{font-size:.9rem;margin:.75rem 0 .25rem;text-transform:uppercase;letter-spacing:.03em;color:#57606a}\
        p{margin:.4rem 0}a{color:#0550ae}\
        code{font:.9em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f5f7;\
        padding:.05em .25em;border-radius:3px}\
        .meta,.note{color:#57606a;font-size:.9rem}.summary{font-size:1.05rem}\
        .toc{list-style:none;padding:0;margin:0}.toc li{padding:.2rem 0;border-bottom:1px solid #eef1f4}\
        .m{display:inline-block;font:700 .7rem/1.6 ui-monospace,monospace;padding:0 .35em;border-radius:3px;\
        color:#fff;background:#57606a;vertical-align:middle}\
        .m-get{background:#1a7f37}.m-post{background:#0550ae}.m-head{background:#6e7781}\
        .m-options{background:#8250df}.m-put,.m-patch{background:#9a6700}.m-delete{background:#cf222e}\
        .path{border-top:2px solid #d8dee4;padding-top:.25rem}\
        .op{margin:.75rem 0;padding:.5rem .75rem;border:1px solid #d8dee4;border-radius:6px}\
        .op h4 code{background:none;padding:0}\
        dl{margin:.25rem 0}dt{font-weight:600;margin-top:.4rem}dd{margin:0 0 .25rem 1rem}\
        .fields .fields{border-left:2px solid #eef1f4;padding-left:.5rem}\
        .status{font:700 .85rem ui-monospace,monospace}.s2{color:#1a7f37}.s4,.s5{color:#cf222e}\
        .req{font-size:.75rem;color:#cf222e;font-weight:600}.t{font-style:italic}\
        .content{margin:.25rem 0;padding-left:1.25rem}\
        footer{color:#57606a;font-size:.85rem;padding:2rem 1rem}\
        @media (min-width:48rem){dd{margin-left:1.5rem}}
        """
}

private extension String {
    /// A JSON pointer token's escapes (RFC 6901): `~1` is `/`, `~0` is `~`.
    var replacingTilde: String {
        var out = ""
        var chars = makeIterator()
        while let c = chars.next() {
            if c == "~" {
                switch chars.next() {
                case "1": out.append("/")
                case "0": out.append("~")
                case let other?: out.append("~"); out.append(other)
                case nil: out.append("~")
                }
            } else {
                out.append(c)
            }
        }
        return out
    }
}
