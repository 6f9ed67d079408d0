#include "openssl_shims.h"
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

unsigned long cs_openssl_version_number(void) { return OpenSSL_version_num(); }

// MARK: - SSL_CTX settings

int cs_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

int cs_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

void cs_SSL_CTX_set_partial_write_modes(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

void cs_SSL_CTX_release_buffers_when_idle(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
}

uint64_t cs_SSL_CTX_set_hardening_options(SSL_CTX *ctx) {
    return (uint64_t)SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION
                                                  | SSL_OP_NO_TICKET | SSL_OP_NO_SSLv3
                                                  | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
}

uint64_t cs_SSL_OP_NO_COMPRESSION(void) { return (uint64_t)SSL_OP_NO_COMPRESSION; }
uint64_t cs_SSL_OP_NO_RENEGOTIATION(void) { return (uint64_t)SSL_OP_NO_RENEGOTIATION; }
uint64_t cs_SSL_OP_NO_TICKET(void) { return (uint64_t)SSL_OP_NO_TICKET; }
uint64_t cs_SSL_CTX_get_options(const SSL_CTX *ctx) { return (uint64_t)SSL_CTX_get_options(ctx); }

int cs_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return (int)SSL_CTX_set1_groups_list(ctx, list);
}

void cs_SSL_CTX_enable_session_cache(SSL_CTX *ctx, const unsigned char *sid_ctx, unsigned int sid_ctx_length,
                                     long timeout_seconds, long cache_size) {
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
    SSL_CTX_set_session_id_context(ctx, sid_ctx, sid_ctx_length);
    SSL_CTX_set_timeout(ctx, timeout_seconds);
    SSL_CTX_sess_set_cache_size(ctx, cache_size);
    SSL_CTX_set_num_tickets(ctx, 1);
}

int cs_SSL_session_reused(const SSL *ssl) { return SSL_session_reused(ssl); }

static const unsigned char cs_alpn_http11[] = { 8, 'h', 't', 't', 'p', '/', '1', '.', '1' };

static int cs_alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                          const unsigned char *in, unsigned int inlen, void *arg) {
    (void)ssl;
    (void)arg;
    unsigned char *selected = NULL;
    unsigned char selected_length = 0;
    if (SSL_select_next_proto(&selected, &selected_length, cs_alpn_http11, sizeof cs_alpn_http11,
                              in, inlen) != OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    *out = selected;
    *outlen = selected_length;
    return SSL_TLSEXT_ERR_OK;
}

void cs_SSL_CTX_set_alpn_http11(SSL_CTX *ctx) {
    SSL_CTX_set_alpn_select_cb(ctx, cs_alpn_select, NULL);
}

int cs_SSL_CTX_require_client_certificate(SSL_CTX *ctx, const char *ca_file,
                                          int (*callback)(int, X509_STORE_CTX *)) {
    if (SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) return 0;
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ca_file);
    if (names == NULL) return 0;
    SSL_CTX_set_client_CA_list(ctx, names); // the context takes ownership of the list
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, callback);
    SSL_CTX_set_verify_depth(ctx, 4);
    return 1;
}

void cs_SSL_CTX_set_app_data(SSL_CTX *ctx, void *data) { SSL_CTX_set_app_data(ctx, data); }
void *cs_SSL_CTX_get_app_data(const SSL_CTX *ctx) { return SSL_CTX_get_app_data(ctx); }

// MARK: - SSL

int cs_SSL_attach_memory_bios(SSL *ssl, BIO **read_bio, BIO **write_bio) {
    BIO *rbio = BIO_new(BIO_s_mem());
    BIO *wbio = BIO_new(BIO_s_mem());
    if (rbio == NULL || wbio == NULL) {
        BIO_free(rbio);
        BIO_free(wbio);
        return 0;
    }
    // An empty memory BIO reports "retry" rather than end of file, so SSL_read/SSL_do_handshake
    // answer SSL_ERROR_WANT_READ until more ciphertext arrives.
    BIO_set_mem_eof_return(rbio, -1);
    BIO_set_mem_eof_return(wbio, -1);
    SSL_set_bio(ssl, rbio, wbio);
    *read_bio = rbio;
    *write_bio = wbio;
    return 1;
}

size_t cs_BIO_pending(BIO *bio) { return BIO_ctrl_pending(bio); }

size_t cs_SSL_get_alpn(const SSL *ssl, char *buffer, size_t capacity) {
    const unsigned char *data = NULL;
    unsigned int length = 0;
    if (capacity == 0) return 0;
    SSL_get0_alpn_selected(ssl, &data, &length);
    if (data == NULL || length >= capacity) length = 0;
    if (length > 0) memcpy(buffer, data, length);
    buffer[length] = 0;
    return length;
}

/// X509_NAME in RFC 2253 form (most specific RDN first, comma separated), NUL-terminated.
static size_t cs_name_rfc2253(const X509_NAME *name, char *buffer, size_t capacity) {
    if (capacity == 0) return 0;
    buffer[0] = 0;
    if (name == NULL) return 0;
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == NULL) return 0;
    size_t length = 0;
    if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0) {
        int read = BIO_read(bio, buffer, (int)(capacity - 1));
        if (read > 0) length = (size_t)read;
    }
    buffer[length] = 0;
    BIO_free(bio);
    return length;
}

size_t cs_SSL_get_verified_peer_subject(const SSL *ssl, char *buffer, size_t capacity) {
    if (capacity == 0) return 0;
    buffer[0] = 0;
    X509 *peer = SSL_get0_peer_certificate(ssl);
    if (peer == NULL || SSL_get_verify_result(ssl) != X509_V_OK) return 0;
    return cs_name_rfc2253(X509_get_subject_name(peer), buffer, capacity);
}

size_t cs_X509_STORE_CTX_leaf_subject(X509_STORE_CTX *store, char *buffer, size_t capacity) {
    if (capacity == 0) return 0;
    buffer[0] = 0;
    X509 *certificate = X509_STORE_CTX_get_current_cert(store);
    if (certificate == NULL) return 0;
    return cs_name_rfc2253(X509_get_subject_name(certificate), buffer, capacity);
}

SSL_CTX *cs_X509_STORE_CTX_get_ssl_ctx(X509_STORE_CTX *store) {
    SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    return ssl == NULL ? NULL : SSL_get_SSL_CTX(ssl);
}

void cs_X509_STORE_CTX_reject_application(X509_STORE_CTX *store) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
}

// MARK: - Certificates

int cs_SSL_CTX_certificate_summary(SSL_CTX *ctx, unsigned char *digest, char *subject,
                                   size_t subject_capacity, int64_t *not_after) {
    X509 *certificate = SSL_CTX_get0_certificate(ctx);
    if (certificate == NULL) return 0;
    unsigned int digest_length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &digest_length) != 1 || digest_length != 32) {
        return 0;
    }
    cs_name_rfc2253(X509_get_subject_name(certificate), subject, subject_capacity);
    struct tm when;
    memset(&when, 0, sizeof when);
    const ASN1_TIME *end = X509_get0_notAfter(certificate);
    if (end == NULL || ASN1_TIME_to_tm(end, &when) != 1) return 0;
    *not_after = (int64_t)timegm(&when);
    return 1;
}
