import COpenSSL

/// Elliptic-curve Diffie–Hellman through OpenSSL's derive interface (SEC 1 3.3.1): the shared
/// secret is the x-coordinate of the product of the private scalar and the peer's point.
enum EVPKeyAgreement {
    static func sharedSecret(privateKey: EVPKey, peer: EVPKey) throws -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, privateKey.key, nil) else {
            throw OpenSSLErrorQueue.error(.cryptographicFailure, "Could not create a key agreement context.")
        }
        defer { EVP_PKEY_CTX_free(context) }
        try OpenSSLErrorQueue.check(EVP_PKEY_derive_init(context), .cryptographicFailure, "Could not start the key agreement.")
        try OpenSSLErrorQueue.check(EVP_PKEY_derive_set_peer(context, peer.key), .invalidKey, "The peer's key does not fit this key agreement.")
        var length = 0
        try OpenSSLErrorQueue.check(EVP_PKEY_derive(context, nil, &length), .cryptographicFailure, "Could not size the shared secret.")
        var secret = [UInt8](repeating: 0, count: length)
        try OpenSSLErrorQueue.check(EVP_PKEY_derive(context, &secret, &length), .cryptographicFailure, "Could not derive the shared secret.")
        return Array(secret.prefix(length))
    }
}
