#ifndef VIRTUALIDKIT_CZLIB_SHIM_H
#define VIRTUALIDKIT_CZLIB_SHIM_H

// zlib (RFC 1950/1951) for the compressed bit strings of IETF Token Status Lists. Only
// Sources/IDCore/Credentials/Status/Zlib.swift imports this module.
#include <zlib.h>

// inflateInit and deflateInit are macros that Swift cannot call.
static inline int virtualidkit_inflate_init(z_stream *stream) { return inflateInit(stream); }
static inline int virtualidkit_deflate_init(z_stream *stream, int level) { return deflateInit(stream, level); }

#endif
