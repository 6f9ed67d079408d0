// A minimal server on HTTPServer for measuring the HTTP layer alone (GET /healthz), side by side
// with nginx. Built by run.sh in a scratch package so the main Package.swift stays untouched.
import Dispatch
import HTTPServer
#if canImport(Glibc)
import Glibc
#endif

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8089 : 8089
let body = Array(#"{"status":"ok"}"#.utf8)
let server = HTTPServer(
    configuration: .init(host: "127.0.0.1", port: port, maxConnections: 4096),
    handler: { request, _ in
        if request.path == "/healthz" {
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
        }
        return HTTPResponse(status: 404)
    })
do {
    try server.start()
} catch {
    print("hello-server: \(error)")
    exit(1)
}
print("hello-server listening on \(server.boundPort)")
signal(SIGTERM, SIG_IGN)
let term = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .main)
term.setEventHandler {
    server.beginShutdown()
    exit(server.waitUntilStopped(timeout: 10) ? 0 : 1)
}
term.activate()
dispatchMain()
