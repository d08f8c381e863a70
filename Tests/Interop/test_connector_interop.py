"""The connector protocol against an independent Python implementation over real HTTP on
loopback: the Swift client against a Python bureau, and a Python client against the Swift
gateway (the BureauServer example)."""
import json
import subprocess
import urllib.error
import urllib.request

import pytest

from connector_protocol import PythonBureau, SM2Key, response_is_authentic, signed_request_headers

PARTNER = "hospital-shenzhen-pku"


def check_character(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


PATIENT = "44030519760512031"
PATIENT += check_character(PATIENT)
PEOPLE = [{"id_number": PATIENT, "name": "王建国", "card_number": "M12345678", "division": "440300", "personal_account_fen": 120000}]


def sm2_key(sdk, name: str, private: bool) -> SM2Key:
    sdk("generate", "--alg", "SM2", "--out", f"{name}.pem", "--public-out", f"{name}.pub.pem")
    return SM2Key(json.loads(sdk("jwk", "--key", f"{name}.pem", "--private", "yes" if private else "no").stdout))


@pytest.fixture
def python_bureau(sdk):
    bureau_key = sm2_key(sdk, "bureau", private=True)
    partner_key = sm2_key(sdk, "partner", private=False)
    bureau = PythonBureau(bureau_key, PARTNER, partner_key, {person["id_number"]: person for person in PEOPLE})
    server = bureau.serve()
    yield bureau, f"http://127.0.0.1:{server.server_address[1]}/connector"
    server.shutdown()


def connector_tool(bin_path, folder, command, url, *extra, expect=0):
    result = subprocess.run([str(bin_path / "ConnectorTool"), command, "--bureau-url", url, "--bureau-key", "bureau.pub.pem",
                             "--division", "4403", "--partner-id", PARTNER, "--partner-key", "partner.pem", "--id-number", PATIENT, *extra],
                            cwd=folder, capture_output=True, text=True, timeout=60)
    assert result.returncode == expect, result.stdout + result.stderr
    return result


def test_swift_client_against_python_bureau(python_bureau, bin_path, sdk):
    bureau, url = python_bureau
    folder = sdk.folder
    refused = connector_tool(bin_path, folder, "status", url, expect=1)
    assert refused.stderr.startswith("not-found")
    bound = json.loads(connector_tool(bin_path, folder, "bind", url, "--name", "王建国", "--card-number", "M12345678").stdout)
    assert bound == {"card_number": "M12345678", "card_status": "active", "issuing_division": "440300"}
    assert json.loads(connector_tool(bin_path, folder, "eligibility", url).stdout)["personal_account_fen"] == 120000
    first = json.loads(connector_tool(bin_path, folder, "settle", url, "--idempotency-key", "c2V0dGxlbWVudC1rZXktMDE").stdout)
    again = json.loads(connector_tool(bin_path, folder, "settle", url, "--idempotency-key", "c2V0dGxlbWVudC1rZXktMDE").stdout)
    assert first == again and len(bureau.settlements) == 1
    assert first["fund_fen"] + first["personal_account_fen"] + first["cash_fen"] == first["total_fen"] == 3700
    reversed_ = json.loads(connector_tool(bin_path, folder, "reverse", url, "--settlement-id", first["settlement_id"]).stdout)
    assert reversed_["settlement_id"] == first["settlement_id"] and reversed_["reversed_at"].endswith("+08:00")
    assert connector_tool(bin_path, folder, "reverse", url, "--settlement-id", first["settlement_id"], expect=1).stderr.startswith("already-reversed")
    assert connector_tool(bin_path, folder, "cancel", url, "--appointment-id", "py-appt-9", expect=1).stderr.startswith("not-found")


def test_refusals_between_swift_client_and_python_bureau(python_bureau, bin_path, sdk):
    """Errors cross the wire with their catalogue codes, and a forged answer is refused."""
    bureau, url = python_bureau
    folder = sdk.folder
    # A partner key the bureau does not know: the bureau refuses with the catalogue code.
    sdk("generate", "--alg", "SM2", "--out", "stranger.pem", "--public-out", "stranger.pub.pem")
    refused = connector_tool(bin_path, folder, "status", url, "--partner-key", "stranger.pem", expect=1)
    assert refused.stderr.startswith("unknown-key"), refused.stderr
    # An answer signed by a key this client does not trust for the bureau is not an answer.
    sm2_key(sdk, "impostor", private=True)
    refused = connector_tool(bin_path, folder, "status", url, "--bureau-key", "impostor.pub.pem", expect=1)
    assert refused.stderr.startswith("invalid-response"), refused.stderr
    assert not bureau.bound and not bureau.settlements


@pytest.fixture
def swift_gateway(bin_path, sdk):
    partner_key = sm2_key(sdk, "partner", private=True)
    (sdk.folder / "people.json").write_text(json.dumps(PEOPLE, ensure_ascii=False), encoding="utf-8")
    process = subprocess.Popen([str(bin_path / "BureauServer"), "--bureau-id", "440300", "--partner-id", PARTNER, "--partner-key", "partner.pub.pem",
                                "--people", "people.json", "--bureau-public-out", "bureau.pub.pem"], cwd=sdk.folder, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.startswith("listening on"), line
    bureau_key = SM2Key(json.loads(sdk("jwk", "--key", "bureau.pub.pem").stdout))
    yield partner_key, bureau_key, "http://" + line.split()[-1]
    process.kill()
    process.wait()


def post(base, path, body: dict, headers):
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def call(base, partner_key, path, body: dict, idempotency_key=None, mutate=None):
    data = json.dumps(body, ensure_ascii=False).encode()
    headers = signed_request_headers(partner_key, PARTNER, path, data, idempotency_key)
    if mutate:
        data = mutate(data)
    request = urllib.request.Request(base + path, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, response_headers, answer = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, response_headers, answer = error.code, error.headers, error.read()
    return status, response_headers, answer, headers["X-VIDK-Nonce"]


def test_python_client_against_swift_gateway(swift_gateway):
    partner_key, bureau_key, base = swift_gateway
    status, headers, answer, nonce = call(base, partner_key, "/v1/card/bind", {
        "id_number": PATIENT, "name": "王建国", "card_number": "M12345678",
        "verification": {"method": "virtual-id+face", "credential_issuer": "https://id.gz.gov.cn", "face_similarity": 0.8,
                         "liveness": "live", "verified_at": "2026-11-25T20:00:00+08:00"}}, idempotency_key="YmluZC1rZXktMDAwMDAwMQ")
    assert status == 200, answer
    assert response_is_authentic(bureau_key, PARTNER, nonce, status, headers, answer)
    assert json.loads(answer)["issuing_division"] == "440300"

    nonce_headers = signed_request_headers(partner_key, PARTNER, "/v1/capabilities", b"", method="GET")
    with urllib.request.urlopen(urllib.request.Request(base + "/v1/capabilities", headers=nonce_headers, method="GET"), timeout=30) as response:
        answer = response.read()
        assert response_is_authentic(bureau_key, PARTNER, nonce_headers["X-VIDK-Nonce"], response.status, response.headers, answer)
    capabilities = json.loads(answer)
    assert capabilities["protocol_version"] == 1 and len(capabilities["transactions"]) == 11
    assert bureau_key.kid in [key["kid"] for key in capabilities["keys"]]

    status, headers, answer, nonce = call(base, partner_key, "/v1/eligibility", {"id_number": PATIENT, "service_date": "2026-11-25"})
    assert status == 200 and json.loads(answer)["personal_account_fen"] == 120000
    assert response_is_authentic(bureau_key, PARTNER, nonce, status, headers, answer)

    bill = {"id_number": PATIENT, "items": [{"code": "D104", "name": "Amoxicillin", "category": "drug", "quantity": 2, "unit_price_fen": 1850}]}
    first = call(base, partner_key, "/v1/settlements", bill, idempotency_key="c2V0dGxlLWtleS0wMDAwMQ")
    second = call(base, partner_key, "/v1/settlements", bill, idempotency_key="c2V0dGxlLWtleS0wMDAwMQ")
    assert first[0] == second[0] == 200 and first[2] == second[2]
    assert second[1]["X-VIDK-Replayed"] == "true"
    assert response_is_authentic(bureau_key, PARTNER, second[3], 200, second[1], second[2])

    tampered = call(base, partner_key, "/v1/eligibility", {"id_number": PATIENT, "service_date": "2026-11-25"},
                    mutate=lambda data: data.replace(b"2026-11-25", b"2026-11-26"))
    assert tampered[0] == 401 and json.loads(tampered[2])["error"]["code"] == "signature-invalid"


def test_hospital_visit_against_python_bureau(python_bureau, bin_path, sdk):
    """The HospitalVisit example with --bureau-url: Shenzhen over HTTP to the Python bureau."""
    bureau, url = python_bureau
    result = subprocess.run([str(bin_path / "HospitalVisit"), "--bureau-url", url, "--bureau-key", "bureau.pub.pem", "--hospital-key", "partner.pem"],
                            cwd=sdk.folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout
    assert "Bind card (王建国, Shenzhen)" in output and "ok: card M******78 active" in output
    assert "py-1: total ¥160.50" in output
    assert "refused: unknown-province" in output
    # The Python bureau publishes every transaction: the example runs them all against it.
    assert "Capabilities (Shenzhen)" in output and "protocol 1, appointments/book" in output
    assert "Book appointment" in output and "py-appt-1 at " in output
    assert "Pre-settlement" in output and "Refund one item" in output and "py-rfd-" in output
    assert "1 settlement(s), ¥160.50: matches" in output
    assert len(bureau.settlements) == 1
    folder = sdk.folder
    cancelled = json.loads(connector_tool(bin_path, folder, "cancel", url, "--appointment-id", "py-appt-1").stdout)
    assert cancelled["appointment_id"] == "py-appt-1" and not bureau.appointments
