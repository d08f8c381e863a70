"""COSE_Sign1 and COSE_Mac0 (RFC 9052) between the SDK and pycose, an independent COSE
implementation: pycose verifies what the SDK signs and authenticates (carried and detached
payloads, external data), the SDK verifies what pycose signs and authenticates, and cbor2 reads
the SDK's encoding."""
import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from pycose.keys import CoseKey, SymmetricKey
from pycose.messages import Mac0Message, Sign1Message
from pycose.algorithms import Es256, Es384, EdDSA, HMAC256, HMAC384, HMAC512
from pycose.headers import Algorithm

ALGORITHMS = {"ES256": (Es256, lambda: ec.generate_private_key(ec.SECP256R1())),
              "ES384": (Es384, lambda: ec.generate_private_key(ec.SECP384R1())),
              "EdDSA": (EdDSA, ed25519.Ed25519PrivateKey.generate)}


def cose_key(private_key):
    return CoseKey._from_cryptography_key(private_key)


def pem_files(folder, private_key):
    (folder / "key.pem").write_bytes(private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "pub.pem").write_bytes(private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


@pytest.mark.parametrize("name", ALGORITHMS)
@pytest.mark.parametrize("detached", [False, True])
def test_pycose_verifies_sdk_sign1(sdk, tmp_path, name, detached):
    _, generate = ALGORITHMS[name]
    private_key = generate()
    pem_files(tmp_path, private_key)
    payload = b"mobile security object " + name.encode()
    (tmp_path / "payload").write_bytes(payload)
    (tmp_path / "aad").write_bytes(b"\x01\x02external")
    sdk("cose-sign", "--key", "key.pem", "--in", "payload", "--out", "message.cbor", "--aad", "aad", *(["--detached", "yes"] if detached else []))
    encoded = (tmp_path / "message.cbor").read_bytes()
    assert cbor2.loads(encoded).tag == 18
    message = Sign1Message.decode(encoded)
    message.key = cose_key(private_key)
    message.external_aad = b"\x01\x02external"
    if detached:
        assert message.payload is None
        assert message.verify_signature(detached_payload=payload)
    else:
        assert message.payload == payload
        assert message.verify_signature()
    message.external_aad = b"other"
    assert not (message.verify_signature(detached_payload=payload) if detached else message.verify_signature())


@pytest.mark.parametrize("name", ALGORITHMS)
def test_sdk_verifies_pycose_sign1(sdk, tmp_path, name):
    algorithm, generate = ALGORITHMS[name]
    private_key = generate()
    pem_files(tmp_path, private_key)
    message = Sign1Message(phdr={Algorithm: algorithm}, payload=b"signed by pycose")
    message.key = cose_key(private_key)
    (tmp_path / "message.cbor").write_bytes(message.encode())
    sdk("cose-verify", "--key", "pub.pem", "--message", "message.cbor")
    tampered = bytearray(message.encode())
    tampered[-1] ^= 1
    (tmp_path / "tampered.cbor").write_bytes(bytes(tampered))
    sdk("cose-verify", "--key", "pub.pem", "--message", "tampered.cbor", expect=1)


MAC_ALGORITHMS = {"SHA-256": HMAC256, "SHA-384": HMAC384, "SHA-512": HMAC512}


@pytest.mark.parametrize("hash_name", MAC_ALGORITHMS)
def test_mac0_both_ways(sdk, tmp_path, hash_name):
    secret = bytes(range(32))
    (tmp_path / "secret.bin").write_bytes(secret)
    (tmp_path / "payload").write_bytes(b"device authentication")
    (tmp_path / "aad").write_bytes(b"session transcript")
    sdk("cose-mac", "--secret", "secret.bin", "--in", "payload", "--out", "sdk.cbor", "--hash", hash_name, "--aad", "aad")
    message = Mac0Message.decode((tmp_path / "sdk.cbor").read_bytes())
    message.key = SymmetricKey(k=secret)
    message.external_aad = b"session transcript"
    assert message.verify_tag()
    message.external_aad = b"another transcript"
    assert not message.verify_tag()

    theirs = Mac0Message(phdr={Algorithm: MAC_ALGORITHMS[hash_name]}, payload=b"from pycose", external_aad=b"session transcript")
    theirs.key = SymmetricKey(k=secret)
    (tmp_path / "pycose.cbor").write_bytes(theirs.encode())
    sdk("cose-mac-verify", "--secret", "secret.bin", "--message", "pycose.cbor", "--aad", "aad")
    (tmp_path / "wrong.bin").write_bytes(bytes(reversed(secret)))
    sdk("cose-mac-verify", "--secret", "wrong.bin", "--message", "pycose.cbor", "--aad", "aad", expect=1)


def public_pem(private_key):
    return private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


@pytest.mark.parametrize("name", ALGORITHMS)
def test_cose_key_both_ways(sdk, tmp_path, name):
    algorithm, generate = ALGORITHMS[name]
    private_key = generate()
    pem_files(tmp_path, private_key)

    # pycose's COSE_Key of the public key reads in the SDK as that same key.
    theirs = CoseKey._from_cryptography_key(private_key.public_key())
    (tmp_path / "pycose-key.cbor").write_bytes(theirs.encode())
    sdk("cose-key", "--cose", "pycose-key.cbor", "--out", "from-pycose.pem")
    assert (tmp_path / "from-pycose.pem").read_bytes().strip() == public_pem(private_key).strip()

    # The SDK's COSE_Key decodes in pycose and verifies what the private key signed.
    sdk("cose-key", "--key", "pub.pem", "--out", "sdk-key.cbor")
    ours = CoseKey.decode((tmp_path / "sdk-key.cbor").read_bytes())
    message = Sign1Message(phdr={Algorithm: algorithm}, payload=b"device key check")
    message.key = cose_key(private_key)
    decoded = Sign1Message.decode(message.encode())
    decoded.key = ours
    assert decoded.verify_signature()
