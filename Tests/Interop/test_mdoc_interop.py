"""ISO/IEC 18013-5 mdocs between the SDK and two independent Python implementations: isomdoc
verifies the SDK's DeviceResponses (issuer signature, digests and the device signature over the
session transcript) and pymdoccbor verifies their issuer side against the IACA; the SDK
presents and verifies what isomdoc and pymdoccbor issue; cbor2 re-encodes every structure the
SDK writes byte for byte."""
import datetime

import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from isomdoc import create_mdoc, verify_device_response
from pymdoccbor.mdoc.issuer import MdocCborIssuer
from pymdoccbor.mdoc.verifier import MdocCbor

DOCTYPE = "org.iso.18013.5.1.mDL"
NAMESPACE = "org.iso.18013.5.1"
START = datetime.datetime(2026, 9, 21, tzinfo=datetime.timezone.utc)
DURING = str(int((START + datetime.timedelta(days=10)).timestamp()))
TRANSCRIPT = [None, None, ["OpenID4VPHandover", b"\x07" * 32, b"\x09" * 32]]
ELEMENTS = {NAMESPACE: {"family_name": "Zhang", "given_name": "Min", "age_over_18": True, "document_number": "UT-0042",
                        "birth_date": cbor2.CBORTag(1004, "1990-05-17"), "portrait": b"\xff" * 32,
                        "driving_privileges": [{"vehicle_category_code": "B"}]}}
DISCLOSED = ["family_name", "age_over_18", "portrait", "driving_privileges"]


def write_pem_key(path, key):
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def authority(sdk, folder, start=START):
    """An IACA and document signer from the SDK valid from `start`, and a wallet key; returns
    the private keys."""
    iaca_key, ds_key, wallet_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    write_pem_key(folder / "iaca-key.pem", iaca_key)
    write_pem_key(folder / "ds-key.pem", ds_key)
    write_pem_key(folder / "wallet-key.pem", wallet_key)
    for name, key in [("ds-pub.pem", ds_key), ("wallet-pub.pem", wallet_key)]:
        (folder / name).write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    start = str(int(start.timestamp()))
    sdk("iaca", "--key", "iaca-key.pem", "--name", "Utopia IACA", "--country", "UT", "--out", "iaca.pem", "--start", start)
    sdk("document-signer", "--iaca", "iaca.pem", "--iaca-key", "iaca-key.pem", "--key", "ds-pub.pem", "--name", "Utopia DS",
        "--out", "ds.pem", "--start", start)
    (folder / "transcript.cbor").write_bytes(cbor2.dumps(TRANSCRIPT))
    return ds_key, wallet_key


def present_and_verify(sdk, require=",".join(f"{NAMESPACE}/{name}" for name in DISCLOSED), expect=0, at=DURING):
    sdk("mdoc-present", "--issued", "issued.cbor", "--device-key", "wallet-key.pem", "--doctype", DOCTYPE, "--transcript", "transcript.cbor",
        "--disclose", ",".join(f"{NAMESPACE}/{name}" for name in DISCLOSED), "--out", "response.cbor")
    return sdk("mdoc-verify", "--anchor", "iaca.pem", "--response", "response.cbor", "--doctype", DOCTYPE, "--transcript", "transcript.cbor",
               "--require", require, "--at", at, expect=expect)


def sdk_issue(sdk, folder):
    (folder / "elements.cbor").write_bytes(cbor2.dumps(ELEMENTS))
    sdk("mdoc-issue", "--key", "ds-key.pem", "--certificate", "ds.pem", "--device-key", "wallet-pub.pem", "--doctype", DOCTYPE,
        "--elements", "elements.cbor", "--out", "issued.cbor", "--start", str(int(START.timestamp())))


def test_isomdoc_and_pymdoccbor_verify_the_sdk_presentation(sdk, tmp_path):
    authority(sdk, tmp_path)
    sdk_issue(sdk, tmp_path)
    present_and_verify(sdk)
    response = (tmp_path / "response.cbor").read_bytes()

    verified = verify_device_response(response, TRANSCRIPT)
    document = verified.documents[0]
    assert document.doctype == DOCTYPE
    assert document.issuer_signed.get_element_value(NAMESPACE, "family_name") == "Zhang"
    assert document.issuer_signed.get_element_value(NAMESPACE, "given_name") is None
    with pytest.raises(Exception):
        verify_device_response(response, [None, None, "another session"])

    iaca = x509.load_pem_x509_certificate((tmp_path / "iaca.pem").read_bytes())
    mdoc = MdocCbor()
    mdoc.loads(response)
    assert mdoc.verify(trusted_root_certs=[iaca])
    assert mdoc.documents[0].hash_verification["verified"] == len(DISCLOSED)

    # A changed element value fails both.
    tampered = response.replace(b"Zhang", b"Zhong")
    with pytest.raises(Exception):
        verify_device_response(tampered, TRANSCRIPT)
    forged = MdocCbor()
    forged.loads(tampered)
    assert not forged.verify(trusted_root_certs=[iaca])


def test_cbor2_reencodes_the_sdk_structures_byte_for_byte(sdk, tmp_path):
    authority(sdk, tmp_path)
    sdk_issue(sdk, tmp_path)
    present_and_verify(sdk)
    for name in ["issued.cbor", "response.cbor"]:
        encoded = (tmp_path / name).read_bytes()
        assert cbor2.dumps(cbor2.loads(encoded)) == encoded, name
    response = cbor2.loads((tmp_path / "response.cbor").read_bytes())
    issuer_auth = response["documents"][0]["issuerSigned"]["issuerAuth"]
    mso_bytes = cbor2.loads(issuer_auth[2]).value
    assert cbor2.dumps(cbor2.loads(mso_bytes)) == mso_bytes
    for item in response["documents"][0]["issuerSigned"]["nameSpaces"][NAMESPACE]:
        assert cbor2.dumps(cbor2.loads(item.value)) == item.value


def test_sdk_presents_and_verifies_an_isomdoc_issuance(sdk, tmp_path):
    ds_key, wallet_key = authority(sdk, tmp_path)
    ds_certificate = x509.load_pem_x509_certificate((tmp_path / "ds.pem").read_bytes())
    mdoc = create_mdoc(DOCTYPE, [ds_certificate], ds_key)
    for name, value in ELEMENTS[NAMESPACE].items():
        mdoc.add_data_item(NAMESPACE, name, value)
    issued = mdoc.generate_credential(wallet_key.public_key(), signed_datetime=START, valid_from_datetime=START,
                                      valid_until_datetime=START + datetime.timedelta(days=30))
    (tmp_path / "issued.cbor").write_bytes(issued)
    result = present_and_verify(sdk)
    assert "ACCEPTED" in result.stdout and '/family_name = "Zhang"' in result.stdout
    # And isomdoc verifies the SDK's presentation of its own issuance.
    assert verify_device_response((tmp_path / "response.cbor").read_bytes(), TRANSCRIPT).documents[0].doctype == DOCTYPE
    # Asking for an element that was not disclosed is refused with the reason.
    refused = present_and_verify(sdk, require=f"{NAMESPACE}/given_name", expect=1)
    assert "required-claims-missing" in refused.stdout


def test_sdk_presents_and_verifies_a_pymdoccbor_issuance(sdk, tmp_path):
    # pymdoccbor signs its MSO at the current time whatever the validity asks for, so this
    # document's certificates start yesterday and it is verified now.
    now = datetime.datetime.now(datetime.timezone.utc)
    ds_key, wallet_key = authority(sdk, tmp_path, start=now - datetime.timedelta(days=1))
    numbers = ds_key.private_numbers()
    public = numbers.public_numbers
    issuer = MdocCborIssuer(private_key={"KTY": "EC2", "CURVE": "P_256", "ALG": "ES256", "D": numbers.private_value.to_bytes(32, "big"),
                                         "X": public.x.to_bytes(32, "big"), "Y": public.y.to_bytes(32, "big")}, alg="ES256")
    wallet = wallet_key.public_key().public_numbers()
    issuer.new(data={NAMESPACE: {"family_name": "Zhang", "given_name": "Min", "age_over_18": True, "portrait": b"\xff" * 32,
                                 "driving_privileges": [{"vehicle_category_code": "B"}]}},
               doctype=DOCTYPE, cert_path=str(tmp_path / "ds.pem"),
               validity={"issuance_date": now.strftime("%Y-%m-%d"), "expiry_date": (now + datetime.timedelta(days=30)).strftime("%Y-%m-%d")},
               devicekeyinfo={"KTY": "EC2", "CURVE": "P_256", "X": wallet.x.to_bytes(32, "big"), "Y": wallet.y.to_bytes(32, "big")})
    document = issuer.signed["documents"][0]
    (tmp_path / "issued.cbor").write_bytes(cbor2.dumps(document["issuerSigned"]))
    result = present_and_verify(sdk, at=str(int(now.timestamp()) + 5))
    assert "ACCEPTED" in result.stdout, result.stdout
