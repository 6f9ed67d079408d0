#ifndef CLAIMSCRUBBER_COPENSSL_SHIM_H
#define CLAIMSCRUBBER_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/crypto.h>
#endif
