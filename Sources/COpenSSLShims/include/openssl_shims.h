#ifndef CLAIMSCRUBBER_OPENSSL_SHIMS_H
#define CLAIMSCRUBBER_OPENSSL_SHIMS_H
// Plain (non-inline) C functions for the OpenSSL function-like macros and SSL_OP_BIT constants
// that Swift cannot import. Plain functions, not `static inline`, so that every Swift module
// that imports this header links against one definition (swift-nio-ssl PR #41).
#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>

/// Returns the linked OpenSSL version number (a plain function so Swift can call it).
unsigned long cs_openssl_version_number(void);

// MARK: - SSL_CTX settings (macros over SSL_CTX_ctrl)

/// SSL_CTX_set_min_proto_version / SSL_CTX_set_max_proto_version; return 1 on success.
int cs_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version);
int cs_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version);
/// SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER):
/// SSL_write may return after writing part of a buffer, and a retry may pass a different address.
void cs_SSL_CTX_set_partial_write_modes(SSL_CTX *ctx);
/// SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS): an idle connection gives back its ~34 KB of
/// record buffers (nginx does the same), so many idle keep-alive connections stay cheap.
void cs_SSL_CTX_release_buffers_when_idle(SSL_CTX *ctx);
/// SSL_CTX_set_options with NO_COMPRESSION (CRIME), NO_RENEGOTIATION, NO_TICKET and
/// NO_SSLv3/TLSv1/TLSv1_1 (belt and braces next to the minimum protocol version).
/// Returns the options now set.
uint64_t cs_SSL_CTX_set_hardening_options(SSL_CTX *ctx);
/// The SSL_OP_* bits checked by the tests.
uint64_t cs_SSL_OP_NO_COMPRESSION(void);
uint64_t cs_SSL_OP_NO_RENEGOTIATION(void);
uint64_t cs_SSL_OP_NO_TICKET(void);
/// SSL_CTX_get_options (a real function in OpenSSL 3, wrapped for symmetry).
uint64_t cs_SSL_CTX_get_options(const SSL_CTX *ctx);
/// SSL_CTX_set1_groups_list (macro); returns 1 on success.
int cs_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list);
/// Session resumption through a server-side session cache only (Mozilla "intermediate": session
/// cache on, stateless tickets off, so there is no ticket key to protect or rotate). With
/// SSL_OP_NO_TICKET, TLS 1.3 sends one stateful ticket that names a cache entry; TLS 1.2 resumes
/// by session ID. `sid_ctx` scopes the cache (required for resumption when client certificates
/// are verified); `timeout_seconds` bounds how long a session can be resumed.
void cs_SSL_CTX_enable_session_cache(SSL_CTX *ctx, const unsigned char *sid_ctx, unsigned int sid_ctx_length,
                                     long timeout_seconds, long cache_size);
/// SSL_session_reused (a macro in some versions), for tests and logs.
int cs_SSL_session_reused(const SSL *ssl);
/// ALPN (RFC 7301): selects "http/1.1" when the client offers it; when the client offers ALPN
/// without http/1.1 the handshake fails with no_application_protocol (RFC 7301 §3.2);
/// clients that send no ALPN extension are served HTTP/1.1 as usual.
void cs_SSL_CTX_set_alpn_http11(SSL_CTX *ctx);
/// Requires a client certificate signed by one of the CAs in `ca_file` (PEM) and sends their
/// names in the CertificateRequest. `callback` may be NULL; it runs for each certificate in the
/// chain (preverify_ok, X509_STORE_CTX*). Returns 1 on success, 0 on failure (error queue set).
int cs_SSL_CTX_require_client_certificate(SSL_CTX *ctx, const char *ca_file,
                                          int (*callback)(int, X509_STORE_CTX *));
/// SSL_CTX_set_app_data / SSL_CTX_get_app_data (macros over ex_data index 0).
void cs_SSL_CTX_set_app_data(SSL_CTX *ctx, void *data);
void *cs_SSL_CTX_get_app_data(const SSL_CTX *ctx);

// MARK: - SSL (per connection)

/// Creates two memory BIOs and gives them to `ssl` (SSL_set_bio: `ssl` owns and frees them).
/// The read BIO returns "retry" when empty (not EOF), so an empty read means WANT_READ.
/// Returns 1 on success.
int cs_SSL_attach_memory_bios(SSL *ssl, BIO **read_bio, BIO **write_bio);
/// BIO_pending on a memory BIO: bytes waiting to be read.
size_t cs_BIO_pending(BIO *bio);
/// The ALPN protocol negotiated ("" when none), copied into `buffer` (NUL-terminated).
/// Returns its length.
size_t cs_SSL_get_alpn(const SSL *ssl, char *buffer, size_t capacity);
/// The verified peer certificate's subject in RFC 2253 form ("CN=gateway,O=Clinic"), copied into
/// `buffer` (NUL-terminated). Returns its length, 0 when there is no certificate or it did not
/// verify (SSL_get_verify_result != X509_V_OK).
size_t cs_SSL_get_verified_peer_subject(const SSL *ssl, char *buffer, size_t capacity);
/// The subject of the certificate at `depth` 0 of a verify callback, in RFC 2253 form.
size_t cs_X509_STORE_CTX_leaf_subject(X509_STORE_CTX *store, char *buffer, size_t capacity);
/// The SSL_CTX of the connection a verify callback runs for (NULL when unknown).
SSL_CTX *cs_X509_STORE_CTX_get_ssl_ctx(X509_STORE_CTX *store);
/// Sets X509_V_ERR_APPLICATION_VERIFICATION on a verify callback's store.
void cs_X509_STORE_CTX_reject_application(X509_STORE_CTX *store);

// MARK: - Certificates

/// The certificate the context serves: SHA-256 of its DER encoding into `digest` (32 bytes),
/// its subject (RFC 2253) into `subject` (NUL-terminated), and its notAfter as seconds since
/// 1970 into `not_after`. Returns 1 on success, 0 when the context has no certificate.
int cs_SSL_CTX_certificate_summary(SSL_CTX *ctx, unsigned char *digest, char *subject,
                                   size_t subject_capacity, int64_t *not_after);

#endif
