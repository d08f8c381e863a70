"""JWE compact serialization with ECDH-ES on P-256 and AES-GCM (RFC 7516, RFC 7518) between the
SDK and jwcrypto, an independent JOSE implementation: jwcrypto decrypts what the SDK encrypts,
the SDK decrypts what jwcrypto encrypts (with and without apu/apv), and a JWE altered in any
part is refused."""
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwcrypto import jwe, jwk
from jwcrypto.common import json_encode

ENCRYPTIONS = ["A128GCM", "A256GCM"]


def key_files(folder):
    private_key = ec.generate_private_key(ec.SECP256R1())
    (folder / "key.pem").write_bytes(private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "pub.pem").write_bytes(private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return jwk.JWK.from_pem((folder / "key.pem").read_bytes())


@pytest.mark.parametrize("enc", ENCRYPTIONS)
def test_jwcrypto_decrypts_sdk(sdk, tmp_path, enc):
    key = key_files(tmp_path)
    plaintext = b'{"vp_token":{"card":["eyJhbGciOiJFUzI1NiJ9..."]},"state":"s-1"}'
    (tmp_path / "plain").write_bytes(plaintext)
    sdk("jwe-encrypt", "--to", "pub.pem", "--in", "plain", "--out", "response.jwe", "--enc", enc, "--kid", "desk-1")
    token = jwe.JWE()
    token.deserialize((tmp_path / "response.jwe").read_text(), key=key)
    assert token.payload == plaintext
    assert token.jose_header["alg"] == "ECDH-ES" and token.jose_header["enc"] == enc and token.jose_header["kid"] == "desk-1"


@pytest.mark.parametrize("enc", ENCRYPTIONS)
@pytest.mark.parametrize("parties", [False, True])
def test_sdk_decrypts_jwcrypto(sdk, tmp_path, enc, parties):
    key = key_files(tmp_path)
    plaintext = ("encrypted OpenID4VP response " + enc).encode()
    header = {"alg": "ECDH-ES", "enc": enc, "kid": "verifier-key"}
    if parties:
        header |= {"apu": "QWxpY2U", "apv": "Qm9i"}
    token = jwe.JWE(plaintext, protected=json_encode(header))
    token.add_recipient(jwk.JWK(**key.export_public(as_dict=True)))
    (tmp_path / "response.jwe").write_text(token.serialize(compact=True))
    sdk("jwe-decrypt", "--key", "key.pem", "--in", "response.jwe", "--out", "plain")
    assert (tmp_path / "plain").read_bytes() == plaintext


def test_sdk_refuses_altered_jwcrypto_jwe(sdk, tmp_path):
    key = key_files(tmp_path)
    token = jwe.JWE(b"response", protected=json_encode({"alg": "ECDH-ES", "enc": "A128GCM"}))
    token.add_recipient(jwk.JWK(**key.export_public(as_dict=True)))
    parts = token.serialize(compact=True).split(".")
    for index in (2, 3, 4):
        altered = list(parts)
        altered[index] = ("A" if altered[index][0] != "A" else "B") + altered[index][1:]
        (tmp_path / "response.jwe").write_text(".".join(altered))
        sdk("jwe-decrypt", "--key", "key.pem", "--in", "response.jwe", "--out", "plain", expect=2)
