"""The national interface against independent Python implementations over loopback HTTP: a
Python hospital client against the Swift gateway (the BureauServer example), the Swift
HospitalVisit example against a Python platform, and HospitalVisit against BureauServer."""
import json
import socket
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest

from national_interface import HospitalClient, InterfaceRefusal, SM2Key, UnverifiedAnswer, china_now, from_json, interface_time, rfc3339, to_json
from python_platform import PythonPlatform

AREA = "440300"
HOSPITAL = "H44030500017"
PATH = "/fsi/api/rsfComIfsService/callService"
# Born in Chengdu (510107), insured in Shenzhen: routed and settled by the place of insurance.
WANG = {"psn_no": "P440300000001", "id_number": "510107197605120315", "name": "王建国", "card_number": "M12345678",
        "card_sn": "M12345678SN", "balance": "1200.00"}
# The codes of the simulated platform's sample catalogue: registration fee (self-paid),
# consultation (class A), amoxicillin (class B, 10 % paid first), blood test (class A).
BILL = [("001101000010000-11010000101", "1", "25"), ("001102000010000-11020000101", "1", "30"), ("XJ01CAA040A001010101445", "3", "18.5"),
        ("002503010010000-250301001", "1", "50")]


class Server:
    """An example executable serving on loopback until the test ends."""

    def __init__(self, arguments, folder):
        self.process = subprocess.Popen(arguments, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on 127.0.0.1:"):
            self.process.kill()
            raise RuntimeError(f"{arguments[0]} did not start: {line}{self.process.stderr.read()}")
        self.port = int(line.rsplit(":", 1)[1])

    def stop(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def bureau_server(bin_path, tmp_path):
    """BureauServer for Shenzhen, with a hospital whose key Python made."""
    hospital_key = SM2Key.generate()
    (tmp_path / "hospital.pub.pem").write_text(hospital_key.public_pem())
    (tmp_path / "people.json").write_text(json.dumps([WANG], ensure_ascii=False))
    server = Server([str(bin_path / "BureauServer"), "--area", AREA, "--partner", HOSPITAL, "--partner-key", "hospital.pub.pem",
                     "--people", "people.json", "--platform-public-out", "platform.pub.pem"], tmp_path)
    platform_key = SM2Key.from_public_pem((tmp_path / "platform.pub.pem").read_text())
    client = HospitalClient(f"http://127.0.0.1:{server.port}{PATH}", HOSPITAL, "北京大学深圳医院", hospital_key, platform_key, AREA)
    yield client
    server.stop()


def fee_lines(visit_id, batch, items=BILL, first=1):
    return [{"feedetl_sn": f"{batch}-{first + index}", "mdtrt_id": visit_id, "psn_no": WANG["psn_no"], "chrg_bchno": batch, "rx_circ_flag": "0",
             "fee_ocur_time": interface_time(china_now()), "med_list_codg": code, "medins_list_codg": f"HIS-{index}",
             "det_item_fee_sumamt": (Decimal(count) * Decimal(price)).quantize(Decimal("0.01")), "cnt": Decimal(count), "pric": Decimal(price),
             "bilg_dept_codg": "A03", "bilg_dept_name": "心血管内科", "bilg_dr_codg": "D001", "bilg_dr_name": "陈医生"}
            for index, (code, count, price) in enumerate(items)]


def identity_card(extra=None):
    return {"mdtrt_cert_type": "02", "mdtrt_cert_no": WANG["id_number"], **(extra or {})}


def open_visit(client, outpatient="MZ001"):
    output = client.call("2201", {"data": {"psn_no": WANG["psn_no"], "insutype": "310", "begntime": interface_time(china_now()), **identity_card(),
                                           "ipt_otp_no": outpatient, "atddr_no": "D001", "dr_name": "陈医生", "dept_code": "A03",
                                           "dept_name": "心血管内科", "caty": "A03.01"}}, insured_area=AREA)
    return output["data"]["mdtrt_id"]


def settlement_input(visit_id, batch, total, priced=None):
    data = {"psn_no": WANG["psn_no"], **identity_card(), "med_type": "11", "medfee_sumamt": total, "psn_setlway": "01", "mdtrt_id": visit_id,
            "chrg_bchno": batch, "insutype": "310", "acct_used_flag": "1"}
    if priced:
        data.update({name: priced["setlinfo"][name] for name in ("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")})
    return {"data": data}


def check_split(info):
    """§6 2207: the invariants both sides check."""
    assert info["medfee_sumamt"] == info["fund_pay_sumamt"] + info["acct_pay"] + info["psn_cash_pay"]
    assert info["psn_part_amt"] == info["acct_pay"] + info["psn_cash_pay"]
    assert all(isinstance(info[name], Decimal) for name in ("medfee_sumamt", "fund_pay_sumamt", "acct_pay")), "amounts are exact decimals"


def test_every_transaction_against_the_swift_gateway(bureau_server):
    client = bureau_server
    client.sign_in()
    by_card = client.call("1101", {"data": {"mdtrt_cert_type": "03", "mdtrt_cert_no": WANG["card_number"], "card_sn": WANG["card_sn"]}})
    person = client.call("1101", {"data": identity_card({"psn_cert_type": "01", "certno": WANG["id_number"]})})
    assert by_card["baseinfo"]["psn_no"] == person["baseinfo"]["psn_no"] == WANG["psn_no"]
    # Born in Chengdu, insured in Shenzhen: the place of insurance comes from insuinfo.
    assert person["baseinfo"]["certno"].startswith("510107") and person["insuinfo"][0]["insuplc_admdvs"] == AREA
    assert person["insuinfo"][0]["balc"] == Decimal("1200.00")

    visit = open_visit(client)
    assert client.call("2203", {"mdtrtinfo": {"mdtrt_id": visit, "psn_no": WANG["psn_no"], "med_type": "11", "begntime": interface_time(china_now())},
                                "diseinfo": [{"diag_type": "1", "diag_srt_no": 1, "diag_code": "I20.900", "diag_name": "心绞痛", "diag_dept": "心血管内科",
                                              "dise_dor_no": "D001", "dise_dor_name": "陈医生", "diag_time": interface_time(china_now()),
                                              "vali_flag": "1"}]}, insured_area=AREA) == {}
    uploaded = client.call("2204", {"feedetail": fee_lines(visit, "B1")}, insured_area=AREA)["result"]
    for line in uploaded:
        assert line["fulamt_ownpay_amt"] + line["overlmt_amt"] + line["preselfpay_amt"] + line["inscp_scp_amt"] == line["det_item_fee_sumamt"]
    total = sum((line["det_item_fee_sumamt"] for line in uploaded), Decimal("0"))
    assert total == Decimal("160.50")
    priced = client.call("2206", settlement_input(visit, "B1", total), insured_area=AREA)
    check_split(priced["setlinfo"])
    settled = client.call("2207", settlement_input(visit, "B1", total, priced), insured_area=AREA)
    info = settled["setlinfo"]
    check_split(info)
    assert info["setl_id"] and info["clr_optins"] == AREA and info["balc"] == Decimal("1200.00") - info["acct_pay"]
    assert sum((row["fund_payamt"] for row in settled["setldetail"]), Decimal("0")) == info["fund_pay_sumamt"]

    reversed_ = client.call("2208", {"data": {"setl_id": info["setl_id"], "mdtrt_id": visit, "psn_no": WANG["psn_no"]}}, insured_area=AREA)
    record = reversed_["setlinfo"]
    assert record["setl_id"] != info["setl_id"] and record["medfee_sumamt"] == -info["medfee_sumamt"] and record["acct_pay"] == -info["acct_pay"]
    assert record["balc"] == Decimal("1200.00")
    assert client.call("2205", {"data": {"mdtrt_id": visit, "chrg_bchno": "B1", "psn_no": WANG["psn_no"]}}, insured_area=AREA) == {}
    # The refund of §7.5: the kept lines again under a new batch, settled anew.
    kept = client.call("2204", {"feedetail": fee_lines(visit, "B2", BILL[:2])}, insured_area=AREA)["result"]
    again_total = sum((line["det_item_fee_sumamt"] for line in kept), Decimal("0"))
    again = client.call("2207", settlement_input(visit, "B2", again_total), insured_area=AREA)["setlinfo"]
    check_split(again)

    second = open_visit(client, "MZ002")
    assert client.call("2202", {"data": {"psn_no": WANG["psn_no"], "mdtrt_id": second, "ipt_otp_no": "MZ002"}}, insured_area=AREA) == {}

    today = china_now().strftime("%Y-%m-%d")
    records = [info, record, again]
    totals = {name: sum((r[name] for r in records), Decimal("0")) for name in ("medfee_sumamt", "fund_pay_sumamt", "acct_pay")}
    statement = client.call("3201", {"data": {"insutype": "310", "clr_type": "11", "setl_optins": AREA, "stmt_begndate": today, "stmt_enddate": today,
                                              **totals, "fixmedins_setl_cnt": 3}}, insured_area=AREA)
    assert statement["stmtinfo"]["stmt_rslt"] == "0", statement
    rows = [{"setl_id": r["setl_id"], "mdtrt_id": visit, "psn_no": WANG["psn_no"], "medfee_sumamt": r["medfee_sumamt"],
             "fund_pay_sumamt": r["fund_pay_sumamt"], "acct_pay": r["acct_pay"], "refd_setl_flag": "1" if r is record else "0"} for r in records]
    details = client.call("3202", {"data": {"setl_optins": AREA, "stmt_begndate": today, "stmt_enddate": today, "medfee_sumamt": totals["medfee_sumamt"],
                                            "fund_pay_sumamt": totals["fund_pay_sumamt"], "cash_payamt": Decimal("0"), "fixmedins_setl_cnt": 3},
                                   "details": rows}, insured_area=AREA)
    assert details["stmtinfo"]["stmt_rslt"] == "0" and sorted(row["stmt_rslt"] for row in details["details"]) == ["0", "0", "0"]
    assert {row["setl_id"] for row in details["details"]} == {r["setl_id"] for r in records}
    # A totals statement that is off by one fen is unbalanced, with the reason.
    off = client.call("3201", {"data": {"insutype": "310", "clr_type": "11", "setl_optins": AREA, "stmt_begndate": today, "stmt_enddate": today,
                                        **totals, "acct_pay": totals["acct_pay"] + Decimal("0.01"), "fixmedins_setl_cnt": 3}}, insured_area=AREA)
    assert off["stmtinfo"]["stmt_rslt"] == "1" and off["stmtinfo"]["stmt_rslt_dscr"]
    assert "signoutoutb" in client.call("9002", {"signOut": {"sign_no": client.sign_no, "opter_no": "P001"}})


def billed_visit(client, batch="B1"):
    client.sign_in()
    visit = open_visit(client)
    total = sum((line["det_item_fee_sumamt"] for line in client.call("2204", {"feedetail": fee_lines(visit, batch)}, insured_area=AREA)["result"]),
                Decimal("0"))
    return visit, total


def test_a_message_sent_again_settles_once_and_another_cashier_gets_the_first_settlement(bureau_server):
    client = bureau_server
    visit, total = billed_visit(client)
    envelope = client.envelope("2207", settlement_input(visit, "B1", total), insured_area=AREA)
    first = client.exchange(envelope)
    again = client.exchange(envelope)
    assert again.replayed and not first.replayed and again.envelope == first.envelope
    settled = HospitalClient.output_of(first)["setlinfo"]
    # A second cashier, another message id, the same batch: already settled, with that settlement.
    with pytest.raises(InterfaceRefusal) as refusal:
        client.call("2207", settlement_input(visit, "B1", total), insured_area=AREA)
    assert refusal.value.code == "already-settled" and refusal.value.output["setlinfo"]["setl_id"] == settled["setl_id"]
    # The same id with another input, or for another transaction, is a conflict.
    changed = dict(envelope, input=settlement_input(visit, "B1", total + 1))
    for other in (changed, dict(envelope, infno="2208", input={"data": {"setl_id": settled["setl_id"], "mdtrt_id": visit, "psn_no": WANG["psn_no"]}})):
        answer = client.exchange(other)
        assert answer.status == 409 and answer.envelope["err_code"] == "idempotency-conflict"
    # The settlement the second cashier was told of is no longer voided by a 2601 of the first message.
    with pytest.raises(InterfaceRefusal) as refusal:
        client.call("2601", {"data": {"psn_no": WANG["psn_no"], "omsgid": envelope["msgid"], "oinfno": "2207"}}, insured_area=AREA)
    assert refusal.value.code == "not-reversible"
    # Reversed twice: the money goes back once, and the second caller gets the reversal record.
    reversal = {"data": {"setl_id": settled["setl_id"], "mdtrt_id": visit, "psn_no": WANG["psn_no"]}}
    record = client.call("2208", reversal, insured_area=AREA)["setlinfo"]
    with pytest.raises(InterfaceRefusal) as refusal:
        client.call("2208", reversal, insured_area=AREA)
    assert refusal.value.code == "already-reversed" and refusal.value.output["setlinfo"]["setl_id"] == record["setl_id"]
    person = client.call("1101", {"data": identity_card()})
    assert person["insuinfo"][0]["balc"] == Decimal(WANG["balance"])


def test_a_message_reversed_by_2601_never_takes_effect(bureau_server):
    client = bureau_server
    visit, total = billed_visit(client)
    lost = client.envelope("2207", settlement_input(visit, "B1", total), insured_area=AREA)
    # The answer to this settlement never came (it was never sent): 2601 fences its id.
    assert client.call("2601", {"data": {"psn_no": WANG["psn_no"], "omsgid": lost["msgid"], "oinfno": "2207"}}, insured_area=AREA) == {}
    late = client.exchange(lost)
    assert late.envelope["infcode"] == -1 and late.envelope["err_code"] == "message-reversed"
    # A 2601 of a 2601 is not allowed.
    with pytest.raises(InterfaceRefusal) as refusal:
        client.call("2601", {"data": {"psn_no": WANG["psn_no"], "omsgid": client.next_msgid(), "oinfno": "2601"}}, insured_area=AREA)
    assert refusal.value.code == "not-reversible"
    # A delivered settlement nobody else was told of is voided by 2601: every share back, the
    # batch free to settle again under a new message.
    delivered = client.envelope("2207", settlement_input(visit, "B1", total), insured_area=AREA)
    settled = HospitalClient.output_of(client.exchange(delivered))["setlinfo"]
    assert client.call("1101", {"data": identity_card()})["insuinfo"][0]["balc"] == Decimal(WANG["balance"]) - settled["acct_pay"]
    assert client.call("2601", {"data": {"psn_no": WANG["psn_no"], "omsgid": delivered["msgid"], "oinfno": "2207"}}, insured_area=AREA) == {}
    assert client.call("1101", {"data": identity_card()})["insuinfo"][0]["balc"] == Decimal(WANG["balance"])
    anew = client.call("2207", settlement_input(visit, "B1", total), insured_area=AREA)["setlinfo"]
    assert anew["setl_id"] != settled["setl_id"]
    check_split(anew)


def raw_post(client, headers: list, body: bytes, length: int | None = None) -> tuple[int, dict, bytes]:
    """A request as bytes on a socket, for what http.client will not send."""
    head = f"POST {client.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body) if length is None else length}\r\nConnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    with socket.create_connection((client.host, client.port), timeout=30) as connection:
        connection.sendall(head.encode("latin-1") + body)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, answer = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    return int(lines[0].split()[1]), dict(line.split(": ", 1) for line in lines[1:]), answer


def test_the_gateway_refuses_before_it_acts(bureau_server):
    client = bureau_server
    client.sign_in()
    body = to_json(client.envelope("1101", {"data": identity_card()}))
    headers = client.signed_headers(body)
    # The same signed request twice: the second is a replay, refused with a signed answer.
    first = client.post(body, headers)
    replay = client.post(body, headers)
    assert first[0] == 200 and replay[0] == 401 and from_json(replay[2])["err_code"] == "replayed-nonce" and "X-VIDK-Signature" in replay[1]
    # Tampered, unknown partner, unknown key: unsigned refusals that echo nothing.
    tampered = client.post(body.replace(b"1101", b"2207", 1), client.signed_headers(body))
    stranger = SM2Key.generate()
    unknown_partner = client.post(body, client.signed_headers(body, partner="H99999999999"))
    unknown_key = client.post(body, client.signed_headers(body, key=stranger))
    for (status, answer_headers, answer), code in ((tampered, "signature-invalid"), (unknown_partner, "unknown-partner"), (unknown_key, "unknown-key")):
        assert status == 401 and from_json(answer)["err_code"] == code and "X-VIDK-Signature" not in answer_headers
    # The client acts on neither an unsigned answer nor one signed by a key it does not trust.
    with pytest.raises(UnverifiedAnswer, match="unsigned"):
        client.exchange(client.envelope("1101", {"data": identity_card()}), key=stranger)
    trusted, client.platform_key = client.platform_key, SM2Key.generate()
    with pytest.raises(UnverifiedAnswer, match="not the platform's key"):
        client.exchange(client.envelope("1101", {"data": identity_card()}))
    client.platform_key = trusted
    # An old timestamp is refused, signed.
    stale = client.post(body, client.signed_headers(body, timestamp=rfc3339(china_now() - timedelta(seconds=900))))
    assert stale[0] == 401 and from_json(stale[2])["err_code"] == "timestamp-out-of-window" and "X-VIDK-Signature" in stale[1]
    # A control character in a header value, too many headers, too large a body.
    signed = client.signed_headers(body)
    signed["X-VIDK-Nonce"] = "AAAAAAAAAAAAAAAA\x01x"
    status, answer_headers, answer = raw_post(client, list(signed.items()), body)
    assert status == 400 and from_json(answer)["err_code"] == "malformed-request" and "\x01" not in json.dumps(answer_headers)
    status, _, answer = raw_post(client, list(client.signed_headers(body).items()) + [(f"X-Filler-{n}", "x") for n in range(100)], body)
    assert status == 431 and from_json(answer)["err_code"] == "headers-too-large"
    # A body announced beyond the limit is refused before it is read.
    status, _, answer = raw_post(client, list(client.signed_headers(body).items()), b"", length=2 * 1024 * 1024)
    assert status == 413 and from_json(answer)["err_code"] == "body-too-large"
    # An envelope of another institution under this partner's signature.
    foreign = dict(from_json(body), fixmedins_code="H44030500099")
    answer = client.exchange(foreign)
    assert answer.status == 400 and answer.envelope["err_code"] == "malformed-request"


@pytest.fixture
def python_platform(sdk, tmp_path):
    """A Python platform for Shenzhen, with a hospital whose key KeyTool made."""
    sdk("generate", "--alg", "SM2", "--out", "hospital.pem", "--public-out", "hospital.pub.pem")
    key = SM2Key.generate()
    (tmp_path / "platform.pub.pem").write_text(key.public_pem())
    platform = PythonPlatform(AREA, key, {HOSPITAL: SM2Key.from_public_pem((tmp_path / "hospital.pub.pem").read_text())}, [WANG])
    server = platform.serve()
    yield platform, f"http://127.0.0.1:{server.server_address[1]}{PATH}"
    server.shutdown()


def run_hospital_visit(bin_path, folder, url):
    result = subprocess.run([str(bin_path / "HospitalVisit"), "--platform-url", url, "--platform-key", "platform.pub.pem", "--hospital-key", "hospital.pem"],
                            cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = [line for line in result.stdout.splitlines() if line.strip().startswith("msgid")]
    return result.stdout, steps


def test_hospital_visit_against_the_python_platform(python_platform, bin_path, tmp_path):
    platform, url = python_platform
    output, steps = run_hospital_visit(bin_path, tmp_path, url)
    assert len(steps) == 13 and all("  ok: " in step for step in steps), output
    assert "balanced" in output and "reversed:" in output
    ledger = platform.ledger
    live = [s for s in ledger.settlements.values() if s["state"] == "settled"]
    assert len(live) == 1 and sum(1 for s in ledger.settlements.values() if s["state"].startswith("reversed")) == 1
    assert ledger.people[WANG["psn_no"]]["balance"] == Decimal(WANG["balance"]) - live[0]["output"]["setlinfo"]["acct_pay"]
    assert any(fence for fence in ledger.fences), "the lost registration was reversed by its message id"


def test_hospital_visit_against_bureau_server_over_http(bin_path, tmp_path, sdk):
    sdk("generate", "--alg", "SM2", "--out", "hospital.pem", "--public-out", "hospital.pub.pem")
    (tmp_path / "people.json").write_text(json.dumps([WANG], ensure_ascii=False))
    server = Server([str(bin_path / "BureauServer"), "--area", AREA, "--partner", HOSPITAL, "--partner-key", "hospital.pub.pem",
                     "--people", "people.json", "--platform-public-out", "platform.pub.pem"], tmp_path)
    try:
        output, steps = run_hospital_visit(bin_path, tmp_path, f"http://127.0.0.1:{server.port}{PATH}")
    finally:
        server.stop()
    assert len(steps) == 13 and all("  ok: " in step for step in steps), output
    assert "balanced" in output
