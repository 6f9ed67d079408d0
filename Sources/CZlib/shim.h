#ifndef CLAIMSCRUBBER_CZLIB_SHIM_H
#define CLAIMSCRUBBER_CZLIB_SHIM_H
#include <zlib.h>
#endif
