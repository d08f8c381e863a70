#ifndef VIRTUALIDKIT_COPENSSL_SHIM_H
#define VIRTUALIDKIT_COPENSSL_SHIM_H

// The slice of OpenSSL 3 that IDCore uses. Only the files in Sources/IDCore/Crypto/OpenSSL
// import this module.
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

// EVP_PKEY_PUBLIC_KEY is an expression macro, which Swift does not import.
static inline int virtualidkit_public_key_selection(void) { return EVP_PKEY_PUBLIC_KEY; }

#if OPENSSL_VERSION_MAJOR < 3
#error "VirtualIDKit needs OpenSSL 3 (Debian/Ubuntu: apt-get install -y libssl-dev)"
#endif

#endif
