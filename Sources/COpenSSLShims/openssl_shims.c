#include "openssl_shims.h"
unsigned long cs_openssl_version_number(void) { return OpenSSL_version_num(); }
