"""ISO/IEC 18013-5 Annex B certificates between the SDK and two independent X.509
implementations: OpenSSL's command line verifies the SDK's IACA, document signer and CRL, and
pyca/cryptography reads them; the SDK validates a chain and CRL that cryptography issued, and
refuses the ones that break the profile."""
import datetime
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DOCUMENT_SIGNER = x509.ObjectIdentifier("1.0.18013.5.1.2")
START = datetime.datetime(2026, 9, 21, tzinfo=datetime.timezone.utc)
DURING = str(int((START + datetime.timedelta(days=30)).timestamp()))


def write_key(path, key):
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def write_public(path, key):
    path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


def openssl_verify(folder, *arguments):
    return subprocess.run(["openssl", "verify", "-x509_strict", "-attime", DURING, *arguments], cwd=folder, capture_output=True, text=True)


def sdk_chain(sdk, folder, revoke):
    write_key(folder / "iaca-key.pem", ec.generate_private_key(ec.SECP256R1()))
    ds_key = ec.generate_private_key(ec.SECP256R1())
    write_public(folder / "ds-pub.pem", ds_key)
    start = str(int(START.timestamp()))
    sdk("iaca", "--key", "iaca-key.pem", "--name", "Utopia IACA", "--country", "UT", "--out", "iaca.pem", "--start", start)
    sdk("document-signer", "--iaca", "iaca.pem", "--iaca-key", "iaca-key.pem", "--key", "ds-pub.pem", "--name", "Utopia DS",
        "--out", "ds.pem", "--start", start)
    sdk("crl", "--iaca", "iaca.pem", "--iaca-key", "iaca-key.pem", "--out", "crl.pem", "--start", start, "--days", "60",
        *(["--revoke", "ds.pem"] if revoke else []))


@pytest.mark.parametrize("revoke", [False, True])
def test_openssl_and_cryptography_accept_the_sdk_certificates(sdk, tmp_path, revoke):
    sdk_chain(sdk, tmp_path, revoke)
    plain = openssl_verify(tmp_path, "-CAfile", "iaca.pem", "ds.pem")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    with_crl = openssl_verify(tmp_path, "-CAfile", "iaca.pem", "-crl_check", "-CRLfile", "crl.pem", "ds.pem")
    if revoke:
        assert with_crl.returncode != 0 and "revoked" in (with_crl.stdout + with_crl.stderr)
    else:
        assert with_crl.returncode == 0, with_crl.stdout + with_crl.stderr

    iaca = x509.load_pem_x509_certificate((tmp_path / "iaca.pem").read_bytes())
    ds = x509.load_pem_x509_certificate((tmp_path / "ds.pem").read_bytes())
    ds.verify_directly_issued_by(iaca)
    assert ds.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage([DOCUMENT_SIGNER])
    usage = ds.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and not usage.value.key_cert_sign
    assert ds.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier == \
        iaca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    constraints = iaca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length == 0
    assert ds.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "UT"
    crl = x509.load_pem_x509_crl((tmp_path / "crl.pem").read_bytes())
    assert crl.is_signature_valid(iaca.public_key())
    assert (crl.get_revoked_certificate_by_serial_number(ds.serial_number) is not None) == revoke

    result = sdk("iaca-validate", "--anchor", "iaca.pem", "--chain", "ds.pem", "--crl", "crl.pem", "--at", DURING, expect=1 if revoke else 0)
    assert ("certificate-revoked" in result.stdout) == revoke


def cryptography_chain(folder, purposes, country="UT"):
    """An IACA and document signer as pyca/cryptography builds them from Annex B."""
    iaca_key = ec.generate_private_key(ec.SECP384R1())
    ds_key = ec.generate_private_key(ec.SECP256R1())
    iaca_name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "UT"), x509.NameAttribute(NameOID.COMMON_NAME, "Independent IACA")])
    iaca_ski = x509.SubjectKeyIdentifier.from_public_key(iaca_key.public_key())
    iaca = (x509.CertificateBuilder().subject_name(iaca_name).issuer_name(iaca_name).public_key(iaca_key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(START).not_valid_after(START + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(iaca_ski, critical=False)
            .add_extension(x509.IssuerAlternativeName([x509.UniformResourceIdentifier("https://iaca.example")]), critical=False)
            .sign(iaca_key, hashes.SHA384()))
    ds_name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, country), x509.NameAttribute(NameOID.COMMON_NAME, "Independent DS")])
    builder = (x509.CertificateBuilder().subject_name(ds_name).issuer_name(iaca_name).public_key(ds_key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(START).not_valid_after(START + datetime.timedelta(days=365))
               .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ds_key.public_key()), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(iaca_ski), critical=False)
               .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint([x509.UniformResourceIdentifier("https://iaca.example/crl")], None, None, None)]), critical=False))
    if purposes:
        builder = builder.add_extension(x509.ExtendedKeyUsage(purposes), critical=True)
    ds = builder.sign(iaca_key, hashes.SHA384())
    (folder / "iaca.pem").write_bytes(iaca.public_bytes(serialization.Encoding.PEM))
    (folder / "ds.pem").write_bytes(ds.public_bytes(serialization.Encoding.PEM))
    crl = (x509.CertificateRevocationListBuilder().issuer_name(iaca_name).last_update(START).next_update(START + datetime.timedelta(days=60))
           .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(ds.serial_number).revocation_date(START).build())
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(iaca_ski), critical=False)
           .add_extension(x509.CRLNumber(1), critical=False).sign(iaca_key, hashes.SHA384()))
    (folder / "crl.pem").write_bytes(crl.public_bytes(serialization.Encoding.PEM))


def test_sdk_validates_a_cryptography_chain_and_its_crl(sdk, tmp_path):
    cryptography_chain(tmp_path, [DOCUMENT_SIGNER])
    result = sdk("iaca-validate", "--anchor", "iaca.pem", "--chain", "ds.pem", "--at", DURING)
    assert "valid:" in result.stdout and "no CRL" in result.stdout
    revoked = sdk("iaca-validate", "--anchor", "iaca.pem", "--chain", "ds.pem", "--crl", "crl.pem", "--at", DURING, expect=1)
    assert "certificate-revoked" in revoked.stdout


@pytest.mark.parametrize("purposes,country", [([], "UT"), ([x509.ObjectIdentifier("1.3.6.1.5.5.7.3.1")], "UT"), ([DOCUMENT_SIGNER], "ZZ")])
def test_sdk_refuses_a_cryptography_signer_outside_the_profile(sdk, tmp_path, purposes, country):
    cryptography_chain(tmp_path, purposes, country)
    result = sdk("iaca-validate", "--anchor", "iaca.pem", "--chain", "ds.pem", "--at", DURING, expect=1)
    assert "certificate-profile-violation" in result.stdout
