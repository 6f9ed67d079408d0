/// Facts gathered from the framing-relevant header fields of one request.
struct FramingFacts: Sendable {
    var contentLength: Int?
    var transferEncodingSeen = false
    var chunkedCount = 0
    var lastIsChunked = false
    var otherCoding = false
    var hostCount = 0
    var close = false
    var keepAlive = false
    var expectsContinue = false
    var unknownExpectation = false
}
