"""IDCore against independent implementations: Python's `cryptography` for ES256, ES384 and
Ed25519, and the `openssl` command line for SM2 with SM3 and the default distinguishing ID."""
import base64
import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

MESSAGE = "hotel check-in: 440115, room 1208, 2026-11-25T20:00:00+08:00".encode()
DEFAULT_SM2_ID = "distid:1234567812345678"

EC_ALGORITHMS = {"ES256": (ec.SECP256R1(), hashes.SHA256(), 32), "ES384": (ec.SECP384R1(), hashes.SHA384(), 48)}


def write(folder: Path, name: str, data: bytes) -> str:
    (folder / name).write_bytes(data)
    return name


def python_verify(public_key, signature: bytes, algorithm: str) -> bool:
    try:
        if algorithm == "EdDSA":
            public_key.verify(signature, MESSAGE)
        else:
            public_key.verify(signature, MESSAGE, ec.ECDSA(EC_ALGORITHMS[algorithm][1]))
        return True
    except InvalidSignature:
        return False


@pytest.mark.parametrize("algorithm", ["ES256", "ES384", "EdDSA"])
def test_cryptography_verifies_sdk_signatures(sdk, algorithm):
    sdk("generate", "--alg", algorithm, "--out", "key.pem", "--public-out", "pub.pem")
    write(sdk.folder, "message", MESSAGE)
    sdk("sign", "--key", "key.pem", "--in", "message", "--out", "signature")
    public_key = serialization.load_pem_public_key((sdk.folder / "pub.pem").read_bytes())
    signature = (sdk.folder / "signature").read_bytes()
    assert python_verify(public_key, signature, algorithm)
    tampered = bytearray(signature)
    tampered[-1] ^= 1
    assert not python_verify(public_key, bytes(tampered), algorithm)


@pytest.mark.parametrize("algorithm", ["ES256", "ES384"])
def test_raw_signatures_match_der(sdk, algorithm):
    """The JOSE r || s form the SDK writes is the DER signature's integers, left-padded."""
    width = EC_ALGORITHMS[algorithm][2]
    sdk("generate", "--alg", algorithm, "--out", "key.pem", "--public-out", "pub.pem")
    write(sdk.folder, "message", MESSAGE)
    sdk("sign", "--key", "key.pem", "--in", "message", "--out", "raw", "--format", "raw")
    raw = (sdk.folder / "raw").read_bytes()
    assert len(raw) == 2 * width
    der = encode_dss_signature(int.from_bytes(raw[:width], "big"), int.from_bytes(raw[width:], "big"))
    public_key = serialization.load_pem_public_key((sdk.folder / "pub.pem").read_bytes())
    assert python_verify(public_key, der, algorithm)


@pytest.mark.parametrize("algorithm", ["ES256", "ES384", "EdDSA"])
def test_sdk_verifies_cryptography_signatures(sdk, algorithm):
    if algorithm == "EdDSA":
        private_key = ed25519.Ed25519PrivateKey.generate()
        signature = private_key.sign(MESSAGE)
    else:
        curve, digest, width = EC_ALGORITHMS[algorithm]
        private_key = ec.generate_private_key(curve)
        signature = private_key.sign(MESSAGE, ec.ECDSA(digest))
        r, s = decode_dss_signature(signature)
        write(sdk.folder, "raw", r.to_bytes(width, "big") + s.to_bytes(width, "big"))
    public_pem = private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    write(sdk.folder, "pub.pem", public_pem)
    write(sdk.folder, "message", MESSAGE)
    write(sdk.folder, "signature", signature)
    sdk("verify", "--key", "pub.pem", "--in", "message", "--signature", "signature")
    if algorithm != "EdDSA":
        sdk("verify", "--key", "pub.pem", "--in", "message", "--signature", "raw", "--format", "raw")
    write(sdk.folder, "other", MESSAGE + b"!")
    sdk("verify", "--key", "pub.pem", "--in", "other", "--signature", "signature", expect=1)


@pytest.mark.parametrize("algorithm", ["ES256", "ES384", "EdDSA"])
def test_private_keys_cross_load(sdk, algorithm):
    """PKCS#8 PEM written by cryptography signs in the SDK, and the SDK's loads in cryptography."""
    if algorithm == "EdDSA":
        theirs = ed25519.Ed25519PrivateKey.generate()
    else:
        theirs = ec.generate_private_key(EC_ALGORITHMS[algorithm][0])
    write(sdk.folder, "theirs.pem", theirs.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    write(sdk.folder, "message", MESSAGE)
    sdk("sign", "--key", "theirs.pem", "--in", "message", "--out", "signature")
    assert python_verify(theirs.public_key(), (sdk.folder / "signature").read_bytes(), algorithm)

    sdk("generate", "--alg", algorithm, "--out", "ours.pem", "--public-out", "ours.pub.pem")
    ours = serialization.load_pem_private_key((sdk.folder / "ours.pem").read_bytes(), password=None)
    expected_public = (sdk.folder / "ours.pub.pem").read_bytes()
    assert ours.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo) == expected_public


@pytest.mark.parametrize("algorithm", ["ES256", "EdDSA"])
def test_jwk_thumbprint_follows_rfc7638(sdk, algorithm):
    sdk("generate", "--alg", algorithm, "--out", "key.pem", "--public-out", "pub.pem")
    jwk = json.loads(sdk("jwk", "--key", "pub.pem").stdout)
    required = ["crv", "kty", "x", "y"] if jwk["kty"] == "EC" else ["crv", "kty", "x"]
    canonical = json.dumps({name: jwk[name] for name in required}, separators=(",", ":"), sort_keys=True)
    expected = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    assert jwk["kid"] == expected
    assert sdk("thumbprint", "--key", "pub.pem").stdout.strip() == expected


def openssl(*arguments: str, folder: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *arguments], cwd=folder, capture_output=True, text=True, check=check)


def test_openssl_verifies_sdk_sm2_signature(sdk):
    sdk("generate", "--alg", "SM2", "--out", "key.pem", "--public-out", "pub.pem")
    write(sdk.folder, "message", MESSAGE)
    sdk("sign", "--key", "key.pem", "--in", "message", "--out", "signature")
    verified = openssl("dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DEFAULT_SM2_ID, "-signature", "signature", "message",
                       folder=sdk.folder, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    wrong_id = openssl("dgst", "-sm3", "-verify", "pub.pem", "-sigopt", "distid:someone-else", "-signature", "signature",
                       "message", folder=sdk.folder, check=False)
    assert wrong_id.returncode != 0


def test_sdk_verifies_openssl_sm2_signature(sdk):
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "key.pem", folder=sdk.folder)
    openssl("pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem", folder=sdk.folder)
    write(sdk.folder, "message", MESSAGE)
    openssl("dgst", "-sm3", "-sign", "key.pem", "-sigopt", DEFAULT_SM2_ID, "-out", "signature", "message", folder=sdk.folder)
    sdk("verify", "--key", "pub.pem", "--in", "message", "--signature", "signature")
    write(sdk.folder, "other", MESSAGE + b"!")
    sdk("verify", "--key", "pub.pem", "--in", "other", "--signature", "signature", expect=1)


def test_sdk_verifies_openssl_sm2_signature_without_distid(sdk):
    """openssl signs with the empty distinguishing ID when given none; the SDK verifies that explicitly."""
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "key.pem", folder=sdk.folder)
    openssl("pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem", folder=sdk.folder)
    write(sdk.folder, "message", MESSAGE)
    openssl("dgst", "-sm3", "-sign", "key.pem", "-out", "signature", "message", folder=sdk.folder)
    sdk("verify", "--key", "pub.pem", "--in", "message", "--signature", "signature", "--distid", "")
    sdk("verify", "--key", "pub.pem", "--in", "message", "--signature", "signature", expect=1)
    sdk("sign", "--key", "key.pem", "--in", "message", "--out", "ours", "--distid", "")
    verified = openssl("dgst", "-sm3", "-verify", "pub.pem", "-signature", "ours", "message", folder=sdk.folder, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_sm2_pem_keys_cross_load(sdk):
    """An openssl-generated SM2 key signs in the SDK; an SDK key reads in openssl with the same public key."""
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "theirs.pem", folder=sdk.folder)
    openssl("pkey", "-in", "theirs.pem", "-pubout", "-out", "theirs.pub.pem", folder=sdk.folder)
    write(sdk.folder, "message", MESSAGE)
    sdk("sign", "--key", "theirs.pem", "--in", "message", "--out", "signature", "--distid", "hospital-4403")
    verified = openssl("dgst", "-sm3", "-verify", "theirs.pub.pem", "-sigopt", "distid:hospital-4403", "-signature", "signature",
                       "message", folder=sdk.folder, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    sdk("generate", "--alg", "SM2", "--out", "ours.pem", "--public-out", "ours.pub.pem")
    derived = openssl("pkey", "-in", "ours.pem", "-pubout", folder=sdk.folder).stdout
    assert derived == (sdk.folder / "ours.pub.pem").read_text()
