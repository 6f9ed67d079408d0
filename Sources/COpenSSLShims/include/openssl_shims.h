#ifndef CLAIMSCRUBBER_OPENSSL_SHIMS_H
#define CLAIMSCRUBBER_OPENSSL_SHIMS_H
#include <openssl/ssl.h>
/// Returns the linked OpenSSL version number (a plain function so Swift can call it).
unsigned long cs_openssl_version_number(void);
#endif
