"""A medical-security platform written from Documentation/ConnectorProtocol.md alone: the
gateway checks of §3.5, the idempotency of §7.1, and a ledger at the level of fee lines with the
business keys and reversal rules of §7, on Python's http.server over loopback.

Its pricing is its own (70 % of the within-policy amount from the pooled fund, the rest from the
personal account while it lasts, then cash); nothing but the document is shared with the SDK."""
import hashlib
import secrets
import threading
from datetime import date, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from national_interface import (STATE_CHANGING, WINDOW, SM2Key, amount, b64url, canonical_request, canonical_response, china_now,
                                compact, compact_ms, fen, from_json, interface_time, is_token, parse_rfc3339, present, rfc3339, to_json, unb64url)

LIMITS = {"fields": 64, "header_bytes": 16 * 1024, "body": 1024 * 1024}  # §9
REVERSIBLE = {"2201", "2204", "2207", "2208"}  # §7.4
ZERO = Decimal("0.00")
POOL_SHARE = Decimal("0.7")

# The platform's own catalogue: (chrgitm_lv, med_chrgitm_type, selfpay_prop). Anything else is
# self-paid: a platform prices only what its catalogue lists.
CATALOGUE = {
    "001101000010000-11010000101": ("03", "13", None),            # registration fee
    "001102000010000-11020000101": ("01", "02", None),            # consultation
    "XJ01CAA040A001010101445": ("02", "09", Decimal("0.1")),       # amoxicillin
    "002503010010000-250301001": ("01", "04", None),              # blood test
}

HTTP_STATUS = {"malformed-request": 400, "unknown-partner": 401, "unknown-key": 401, "signature-invalid": 401,
               "timestamp-out-of-window": 401, "replayed-nonce": 401, "transaction-not-allowed": 403, "idempotency-conflict": 409,
               "request-in-progress": 409, "body-too-large": 413, "rate-limited": 429, "headers-too-large": 431,
               "internal-error": 500, "bureau-unavailable": 503}


class Refusal(Exception):
    """A refusal with its §8 code; business refusals may carry an output."""

    def __init__(self, code: str, message: str, output=None):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.output = code, message, output

    @property
    def status(self) -> int:
        return HTTP_STATUS.get(self.code, 200)


class Unsigned(Refusal):
    """A refusal before the partner's signature verified: answered without a signature."""


def require(condition, code: str, message: str):
    if not condition:
        raise Refusal(code, message)


class Ledger:
    """People, sign-ins, visits, fee lines, settlements and reversal records, and what every
    message did. Each method checks everything before it changes anything."""

    def __init__(self, area: str, people: list):
        self.area = area
        self.people = {person["psn_no"]: {**person, "balance": amount(person["balance"])} for person in people}
        self.sign_ins, self.visits, self.lines, self.settlements = {}, {}, {}, {}
        self.by_batch, self.records, self.effects, self.fences = {}, [], {}, {}
        self.counter = 0

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.area}{self.counter:012d}"

    # MARK: Sessions and people

    def check_sign_in(self, envelope: dict, partner: str):
        session = self.sign_ins.get(envelope.get("sign_no"))
        require(session and session["partner"] == partner and session["active"], "not-signed-in", "sign in first (9001)")

    def sign_in(self, input_, partner, msgid):
        operator = input_["signIn"]["opter_no"]
        self.counter += 1
        number = f"{self.area}{china_now():%Y%m%d}{self.counter:08d}"
        self.sign_ins[number] = {"partner": partner, "operator": operator, "active": True}
        self.effects[(partner, msgid)] = ("9001", ("admin",))
        return {"signinoutb": {"sign_time": interface_time(china_now()), "sign_no": number}}

    def sign_out(self, input_, partner, msgid):
        data = input_["signOut"]
        session = self.sign_ins.get(data["sign_no"])
        require(session and session["partner"] == partner and session["operator"] == data["opter_no"], "not-signed-in", "no such sign-in")
        session["active"] = False
        self.effects[(partner, msgid)] = ("9002", ("admin",))
        return {"signoutoutb": {"sign_time": interface_time(china_now())}}

    def person_by_credential(self, data: dict) -> dict:
        kind, number = data.get("mdtrt_cert_type"), data.get("mdtrt_cert_no")
        if kind == "02":
            found = [p for p in self.people.values() if p["id_number"] == number]
        elif kind == "03":
            found = [p for p in self.people.values() if p["card_number"] == number]
            require(not found or found[0]["card_sn"] == data.get("card_sn"), "not-found", "the card's identifier does not match")
        elif kind == "01":
            raise Refusal("not-insured", "this platform issued no such e-voucher token")
        else:
            raise Refusal("malformed-request", "mdtrt_cert_type is 01, 02 or 03")
        require(found, "not-found", "no such person")
        return found[0]

    def person_info(self, input_):
        person = self.person_by_credential(input_["data"])
        number = person["id_number"]
        return {"baseinfo": {"psn_no": person["psn_no"], "psn_cert_type": "01", "certno": number, "psn_name": person["name"],
                             "gend": "1" if int(number[16]) % 2 else "2", "brdy": f"{number[6:10]}-{number[10:12]}-{number[12:14]}"},
                "insuinfo": [{"balc": person["balance"], "insutype": "310", "psn_type": "11", "psn_insu_stas": "1",
                              "psn_insu_date": "2010-01-01", "cvlserv_flag": "0", "insuplc_admdvs": self.area}],
                "idetinfo": []}

    # MARK: Visits and fee lines

    def visit(self, mdtrt_id, partner, psn_no=None) -> dict:
        visit = self.visits.get(mdtrt_id)
        require(visit and visit["partner"] == partner and (psn_no is None or visit["psn_no"] == psn_no), "not-found", f"no visit {mdtrt_id}")
        return visit

    def register(self, input_, partner, msgid):
        data = input_["data"]
        person = self.person_by_credential(data)
        require(person["psn_no"] == data["psn_no"], "not-found", "the credential is not this person's")
        visit_id = self.next_id("V")
        self.visits[visit_id] = {"partner": partner, "psn_no": data["psn_no"], "ipt_otp_no": data["ipt_otp_no"], "cancelled": False}
        self.lines[visit_id] = {}
        self.effects[(partner, msgid)] = ("2201", ("visit", visit_id))
        return {"data": {"mdtrt_id": visit_id, "psn_no": data["psn_no"], "ipt_otp_no": data["ipt_otp_no"]}}

    def has_settled_lines(self, visit_id) -> bool:
        return any(line["state"].startswith("settled") for line in self.lines[visit_id].values())

    def cancel_registration(self, input_, partner, msgid):
        data = input_["data"]
        visit = self.visit(data["mdtrt_id"], partner, data["psn_no"])
        require(visit["ipt_otp_no"] == data["ipt_otp_no"] and not visit["cancelled"], "not-found", "no such registration")
        require(not self.has_settled_lines(data["mdtrt_id"]), "not-reversible", "the visit has settled lines")
        visit["cancelled"] = True
        self.effects[(partner, msgid)] = ("2202", ("admin",))
        return {}

    def record_visit(self, input_, partner, msgid):
        info = input_["mdtrtinfo"]
        visit = self.visit(info["mdtrt_id"], partner, info["psn_no"])
        require(not visit["cancelled"], "not-found", "the visit was cancelled")
        require(isinstance(input_.get("diseinfo"), list) and input_["diseinfo"], "malformed-request", "diseinfo lists the diagnoses")
        visit["information"] = input_
        self.effects[(partner, msgid)] = ("2203", ("admin",))
        return {}

    def upload(self, input_, partner, msgid):
        rows = input_.get("feedetail")
        rows = [rows] if isinstance(rows, dict) else rows
        require(isinstance(rows, list) and rows, "malformed-request", "feedetail lists the lines")
        results, seen = [], set()
        for row in rows:
            visit = self.visit(row["mdtrt_id"], partner, row["psn_no"])
            require(not visit["cancelled"], "not-found", "the visit was cancelled")
            serial = row["feedetl_sn"]
            require(serial not in seen and serial not in self.lines[row["mdtrt_id"]], "duplicate-fee-detail", f"line {serial} is already used")
            seen.add(serial)
            count, price, total = Decimal(str(row["cnt"])), Decimal(str(row["pric"])), amount(row["det_item_fee_sumamt"])
            require(count > 0 and price >= 0, "invalid-amount", "a quantity is positive, a price not negative")
            require(fen(count * price) == total, "amount-mismatch", f"line {serial}: cnt × pric is not det_item_fee_sumamt")
            level, kind, proportion = CATALOGUE.get(row["med_list_codg"], ("03", "14", None))
            own = total if level == "03" else ZERO
            preselfpay = fen(total * proportion) if proportion else ZERO
            result = {"feedetl_sn": serial, "det_item_fee_sumamt": total, "cnt": row["cnt"], "pric": row["pric"], "fulamt_ownpay_amt": own,
                      "overlmt_amt": ZERO, "preselfpay_amt": preselfpay, "inscp_scp_amt": total - own - preselfpay, "chrgitm_lv": level,
                      "med_chrgitm_type": kind}
            if proportion:
                result["selfpay_prop"] = proportion
            results.append(result)
        for row, result in zip(rows, results):
            self.lines[row["mdtrt_id"]][row["feedetl_sn"]] = {"row": row, "result": result, "state": "unsettled"}
        self.effects[(partner, msgid)] = ("2204", ("lines", rows[0]["mdtrt_id"], [row["feedetl_sn"] for row in rows]))
        return {"result": results}

    def batch(self, visit_id, batch) -> list:
        return [line for line in self.lines[visit_id].values() if line["row"]["chrg_bchno"] == batch and line["state"] == "unsettled"]

    def cancel_lines(self, input_, partner, msgid):
        data = input_["data"]
        self.visit(data["mdtrt_id"], partner, data["psn_no"])
        lines = self.batch(data["mdtrt_id"], data["chrg_bchno"])
        require(lines, "nothing-to-settle", "the batch has no unsettled lines")
        for line in lines:
            line["state"] = "withdrawn"
        self.effects[(partner, msgid)] = ("2205", ("admin",))
        return {}

    # MARK: Settlements

    def price(self, data, partner) -> tuple[dict, list]:
        visit = self.visit(data["mdtrt_id"], partner, data["psn_no"])
        require(not visit["cancelled"], "not-found", "the visit was cancelled")
        person = self.person_by_credential(data)
        require(person["psn_no"] == data["psn_no"], "not-found", "the credential is not this person's")
        lines = self.batch(data["mdtrt_id"], data["chrg_bchno"])
        require(lines, "nothing-to-settle", "the batch has no unsettled lines")
        total = sum((line["result"]["det_item_fee_sumamt"] for line in lines), ZERO)
        require(amount(data["medfee_sumamt"]) == total, "amount-mismatch", f"medfee_sumamt is not the batch's {total}")
        own = sum((line["result"]["fulamt_ownpay_amt"] for line in lines), ZERO)
        preselfpay = sum((line["result"]["preselfpay_amt"] for line in lines), ZERO)
        within = sum((line["result"]["inscp_scp_amt"] for line in lines), ZERO)
        fund = fen(within * POOL_SHARE)
        personal = total - fund
        account = min(personal, person["balance"]) if data.get("acct_used_flag") == "1" else ZERO
        cash = personal - account
        info = {"mdtrt_id": data["mdtrt_id"], "psn_no": data["psn_no"], "psn_name": person["name"], "insutype": "310", "med_type": data["med_type"],
                "setl_time": interface_time(china_now()), "medfee_sumamt": total, "fulamt_ownpay_amt": own, "overlmt_selfpay": ZERO,
                "preselfpay_amt": preselfpay, "inscp_scp_amt": within, "act_pay_dedc": ZERO, "pool_prop_selfpay": Decimal("0.3"),
                "fund_pay_sumamt": fund, "hifp_pay": fund, "cvlserv_pay": ZERO, "hifes_pay": ZERO, "hifmi_pay": ZERO, "hifob_pay": ZERO,
                "maf_pay": ZERO, "oth_pay": ZERO, "psn_part_amt": personal, "acct_pay": account, "psn_cash_pay": cash, "acct_mulaid_pay": ZERO,
                "hosp_part_amt": ZERO, "balc": person["balance"] - account, "clr_optins": self.area, "clr_type": "11"}
        return {"setlinfo": info, "setldetail": [{"fund_pay_type": "310100", "inscp_scp_amt": within, "fund_payamt": fund}]}, lines

    def pre_settle(self, input_, partner):
        return self.price(input_["data"], partner)[0]

    def settle(self, input_, partner, msgid):
        data = input_["data"]
        key = (partner, data["mdtrt_id"], data["chrg_bchno"])
        if key in self.by_batch:
            settlement = self.settlements[self.by_batch[key]]
            settlement["shared"] = True
            raise Refusal("already-settled", f"batch {data['chrg_bchno']} was settled as {settlement['id']}", settlement["output"])
        output, lines = self.price(data, partner)
        info = output["setlinfo"]
        for name in ("fulamt_ownpay_amt", "preselfpay_amt", "inscp_scp_amt", "overlmt_selfpay"):
            if present(data.get(name)):
                require(amount(data[name]) == info[name], "amount-mismatch", f"{name} is not what the platform priced")
        settlement_id = self.next_id("S")
        info.update(setl_id=settlement_id, medins_setl_id=msgid)
        self.people[data["psn_no"]]["balance"] -= info["acct_pay"]
        for line in lines:
            line["state"] = f"settled:{settlement_id}"
        self.settlements[settlement_id] = {"id": settlement_id, "partner": partner, "key": key, "output": output, "state": "settled",
                                           "shared": False, "reversal_shared": False, "lines": [line["row"]["feedetl_sn"] for line in lines]}
        self.by_batch[key] = settlement_id
        self.records.append({"partner": partner, "info": info, "msgid": msgid, "reversal": False, "voided": False, "id": settlement_id})
        self.effects[(partner, msgid)] = ("2207", ("settlement", settlement_id))
        return output

    def reverse_settlement(self, input_, partner, msgid):
        data = input_["data"]
        settlement = self.settlements.get(data["setl_id"])
        if settlement is None and any(record["id"] == data["setl_id"] and record["reversal"] for record in self.records):
            raise Refusal("not-reversible", "a reversal record is not reversed")
        require(settlement and settlement["partner"] == partner and settlement["state"] != "voided", "not-found", "no such settlement")
        info = settlement["output"]["setlinfo"]
        require(info["mdtrt_id"] == data["mdtrt_id"] and info["psn_no"] == data["psn_no"], "not-found", "not this visit's settlement")
        if settlement["state"].startswith("reversed:"):
            settlement["reversal_shared"] = True
            raise Refusal("already-reversed", "the settlement was reversed before", settlement["reversal_output"])
        record_id = self.next_id("R")
        negated = {name: (-value if isinstance(value, Decimal) else value) for name, value in info.items()}
        person = self.people[info["psn_no"]]
        negated.update(setl_id=record_id, medins_setl_id=msgid, setl_time=interface_time(china_now()), balc=person["balance"] + info["acct_pay"],
                       pool_prop_selfpay=info["pool_prop_selfpay"])
        detail = [{**row, "inscp_scp_amt": -row["inscp_scp_amt"], "fund_payamt": -row["fund_payamt"]} for row in settlement["output"]["setldetail"]]
        output = {"setlinfo": negated, "setldetail": detail}
        person["balance"] += info["acct_pay"]
        for serial in settlement["lines"]:
            self.lines[info["mdtrt_id"]][serial]["state"] = "unsettled"
        settlement.update(state=f"reversed:{record_id}", reversal_output=output)
        del self.by_batch[settlement["key"]]
        self.records.append({"partner": partner, "info": negated, "msgid": msgid, "reversal": True, "voided": False, "id": record_id})
        self.effects[(partner, msgid)] = ("2208", ("reversal", settlement["id"], record_id))
        return output

    # MARK: 2601 (§7.4)

    def reverse_message(self, input_, partner, msgid):
        data = input_["data"]
        original, transaction = data["omsgid"], data["oinfno"]
        fenced_by = self.fences.get((partner, original))
        if fenced_by is not None:
            require(fenced_by == msgid, "already-reversed", f"{original} was reversed by {fenced_by}")
            return {}
        effect = self.effects.get((partner, original))
        if effect is not None:
            require(effect[0] == transaction, "malformed-request", f"{original} was a {effect[0]}")
            self.undo(effect[1])
        self.fences[(partner, original)] = msgid
        self.effects[(partner, msgid)] = ("2601", ("admin",))
        return {}

    def undo(self, change):
        kind = change[0]
        if kind == "visit":
            require(not self.has_settled_lines(change[1]), "not-reversible", "the visit has settled lines")
            self.visits[change[1]]["cancelled"] = True
        elif kind == "lines":
            lines = [self.lines[change[1]][serial] for serial in change[2]]
            require(all(line["state"] == "unsettled" for line in lines), "not-reversible", "some of the lines are settled")
            for line in lines:
                line["state"] = "withdrawn"
        elif kind == "settlement":
            settlement = self.settlements[change[1]]
            require(settlement["state"] == "settled", "already-reversed" if settlement["state"].startswith("reversed") else "not-found",
                    "the settlement is no longer there to void")
            require(not settlement["shared"], "not-reversible", "another message was told of this settlement")
            info = settlement["output"]["setlinfo"]
            self.people[info["psn_no"]]["balance"] += info["acct_pay"]
            for serial in settlement["lines"]:
                self.lines[info["mdtrt_id"]][serial]["state"] = "unsettled"
            settlement["state"] = "voided"
            del self.by_batch[settlement["key"]]
            self.void_record(settlement["id"])
        elif kind == "reversal":
            settlement = self.settlements[change[1]]
            info = settlement["output"]["setlinfo"]
            lines = [self.lines[info["mdtrt_id"]][serial] for serial in settlement["lines"]]
            person = self.people[info["psn_no"]]
            require(settlement["state"] == f"reversed:{change[2]}" and not settlement["reversal_shared"]
                    and settlement["key"] not in self.by_batch and all(line["state"] == "unsettled" for line in lines)
                    and person["balance"] >= info["acct_pay"], "not-reversible", "the settlement cannot be put back as it was")
            person["balance"] -= info["acct_pay"]
            for line in lines:
                line["state"] = f"settled:{settlement['id']}"
            settlement["state"] = "settled"
            self.by_batch[settlement["key"]] = settlement["id"]
            self.void_record(change[2])
        else:
            raise Refusal("not-reversible", "this message cannot be reversed")

    def void_record(self, record_id):
        for record in self.records:
            if record["id"] == record_id:
                record["voided"] = True

    # MARK: Reconciliation

    def period_records(self, data, partner) -> list:
        begins, ends = date.fromisoformat(data["stmt_begndate"]), date.fromisoformat(data["stmt_enddate"])
        return [record for record in self.records
                if record["partner"] == partner and not record["voided"] and record["info"]["clr_optins"] == data["setl_optins"]
                and begins <= datetime.strptime(record["info"]["setl_time"], "%Y-%m-%d %H:%M:%S").date() <= ends]

    def reconcile_totals(self, input_, partner):
        data = input_["data"]
        records = [record for record in self.period_records(data, partner)
                   if record["info"]["insutype"] == data["insutype"] and record["info"]["clr_type"] == data["clr_type"]]
        ours = {"medfee_sumamt": sum((r["info"]["medfee_sumamt"] for r in records), ZERO),
                "fund_pay_sumamt": sum((r["info"]["fund_pay_sumamt"] for r in records), ZERO),
                "acct_pay": sum((r["info"]["acct_pay"] for r in records), ZERO), "fixmedins_setl_cnt": len(records)}
        theirs = {name: (int(data[name]) if name == "fixmedins_setl_cnt" else amount(data[name])) for name in ours}
        differences = [f"{name}: platform {ours[name]}, institution {theirs[name]}" for name in ours if ours[name] != theirs[name]]
        return {"stmtinfo": {"setl_optins": data["setl_optins"], "stmt_rslt": "1" if differences else "0",
                             "stmt_rslt_dscr": "不平: " + "; ".join(differences) if differences else f"对平: {len(records)} records agree"}}

    def reconcile_details(self, input_, partner):
        data = input_["data"]
        ours = {record["id"]: record for record in self.period_records(data, partner)}
        theirs = {row["setl_id"]: row for row in input_.get("details") or []}
        rows = []
        for settlement_id in sorted(set(ours) | set(theirs)):
            record, row = ours.get(settlement_id), theirs.get(settlement_id)
            if record is None:
                rows.append({**row, "stmt_rslt": "3"})
                continue
            info = record["info"]
            ours_row = {"setl_id": settlement_id, "mdtrt_id": info["mdtrt_id"], "psn_no": info["psn_no"], "medfee_sumamt": info["medfee_sumamt"],
                        "fund_pay_sumamt": info["fund_pay_sumamt"], "acct_pay": info["acct_pay"], "refd_setl_flag": "1" if record["reversal"] else "0",
                        "msgid": record["msgid"]}
            if row is None:
                rows.append({**ours_row, "stmt_rslt": "2"})
                continue
            agrees = all(amount(row[name]) == ours_row[name] for name in ("medfee_sumamt", "fund_pay_sumamt", "acct_pay")) \
                and row.get("refd_setl_flag") == ours_row["refd_setl_flag"]
            rows.append({**ours_row, "stmt_rslt": "0" if agrees else "1"})
        unbalanced = [row for row in rows if row["stmt_rslt"] != "0"]
        return {"stmtinfo": {"setl_optins": data["setl_optins"], "stmt_rslt": "1" if unbalanced else "0",
                             "stmt_rslt_dscr": f"不平: {len(unbalanced)} records differ" if unbalanced else f"对平: {len(rows)} records agree"},
                "details": rows}


class PythonPlatform:
    """The gateway of §3.5 and §7.1 in front of a Ledger, for one area."""

    def __init__(self, area: str, key: SM2Key, partners: dict, people: list):
        self.area, self.key, self.partners = area, key, partners  # partners: institution code -> public SM2Key
        self.ledger = Ledger(area, people)
        self.nonces, self.kept = {}, {}
        self.lock = threading.Lock()
        self.answers = 0

    # MARK: Answers

    def answer_envelope(self, received: datetime, output=None, refusal: Refusal | None = None) -> bytes:
        self.answers += 1
        envelope = {"infcode": -1 if refusal else 0, "inf_refmsgid": f"{self.area}{compact(china_now())}{self.answers:010d}",
                    "refmsg_time": compact_ms(received), "respond_time": compact_ms(china_now())}
        if refusal:
            envelope.update(err_msg=refusal.message, err_code=refusal.code)
            if refusal.output is not None:
                envelope["output"] = refusal.output
        else:
            envelope["output"] = output
        return to_json(envelope)

    def signed(self, status: int, body: bytes, request_nonce: str, partner: str, replayed=False) -> tuple[int, dict, bytes]:
        timestamp, nonce = rfc3339(china_now()), b64url(secrets.token_bytes(16))
        message = canonical_response(request_nonce, partner, status, timestamp, nonce, self.key.key_id, replayed, body)
        return status, {"Content-Type": "application/json;charset=utf-8", "X-VIDK-Request-Id": request_nonce, "X-VIDK-Key-Id": self.key.key_id,
                        "X-VIDK-Timestamp": timestamp, "X-VIDK-Nonce": nonce, "X-VIDK-Replayed": "true" if replayed else "false",
                        "X-VIDK-Signature": b64url(self.key.sign(message))}, body

    # MARK: The gateway

    def handle(self, path: str, headers, body: bytes) -> tuple[int, dict, bytes]:
        received = china_now()
        try:
            partner, nonce, timestamp = self.authenticate(path, headers, body)
        except Refusal as refusal:
            return refusal.status, {"Content-Type": "application/json;charset=utf-8"}, self.answer_envelope(received, refusal=refusal)
        with self.lock:
            try:
                status, answer, replayed = self.admit_and_run(partner, nonce, timestamp, body, received)
            except Refusal as refusal:
                status, answer, replayed = refusal.status, self.answer_envelope(received, refusal=refusal), False
        return self.signed(status, answer, nonce, partner, replayed)

    def authenticate(self, path, headers, body) -> tuple[str, str, str]:
        """Steps 1 and 2 of §3.5; every refusal here is unsigned."""
        def single(name):
            values = headers.get_all(name) or []
            if len(values) != 1 or not values[0]:
                raise Unsigned("malformed-request", f"{name} is missing or repeated")
            return values[0]

        partner, key_id, timestamp = single("X-VIDK-Partner"), single("X-VIDK-Key-Id"), single("X-VIDK-Timestamp")
        nonce, signature = single("X-VIDK-Nonce"), single("X-VIDK-Signature")
        if not is_token(nonce) or not is_token(key_id, 1, 64, "."):
            raise Unsigned("malformed-request", "the nonce or key id is not a token")
        key = self.partners.get(partner)
        if key is None:
            raise Unsigned("unknown-partner", "the partner is not registered")
        if key.key_id != key_id:
            raise Unsigned("unknown-key", "not a key of this partner")
        try:
            signature_bytes = unb64url(signature)
        except ValueError:
            raise Unsigned("signature-invalid", "the signature is not base64url")
        if not key.verify(signature_bytes, canonical_request(path, timestamp, nonce, partner, key_id, body)):
            raise Unsigned("signature-invalid", "the signature does not verify")
        return partner, nonce, timestamp

    def admit_and_run(self, partner, nonce, timestamp, body, received) -> tuple[int, bytes, bool]:
        """Steps 3 to 5 of §3.5 and §7.1."""
        try:
            skew = (parse_rfc3339(timestamp) - received).total_seconds()
        except ValueError:
            raise Refusal("malformed-request", "the timestamp is not RFC 3339")
        require(abs(skew) <= WINDOW, "timestamp-out-of-window", f"the request is {abs(skew):.0f} s off")
        now = received.timestamp()
        self.nonces = {pair: until for pair, until in self.nonces.items() if until > now}
        require((partner, nonce) not in self.nonces, "replayed-nonce", "the nonce was used before")
        self.nonces[(partner, nonce)] = now + 2 * WINDOW
        try:
            envelope = from_json(body)
            infno, msgid, input_ = envelope["infno"], envelope["msgid"], envelope["input"]
        except (ValueError, KeyError, TypeError):
            raise Refusal("malformed-request", "the body is not an envelope")
        require(envelope.get("fixmedins_code") == partner and isinstance(msgid, str) and len(msgid) == 30 and msgid.startswith(partner),
                "malformed-request", "the envelope is not the signing partner's")
        require(envelope.get("cainfo") == self.partners[partner].key_id and envelope.get("signtype") == "SM2", "malformed-request",
                "cainfo and signtype name the signing key")
        require(envelope.get("mdtrtarea_admvs") == self.area, "malformed-request", "this platform serves " + self.area)
        if infno != "9001":
            require(present(envelope.get("sign_no")), "not-signed-in", "sign_no is required")
        if infno == "2601":
            data = input_.get("data") or {}
            require(isinstance(data.get("omsgid"), str) and data["omsgid"].startswith(partner) and data["omsgid"] != msgid, "not-found",
                    "omsgid is another message of this partner")
            require(data.get("oinfno") in REVERSIBLE, "not-reversible", f"{data.get('oinfno')} is not reversed by 2601")
        if infno not in STATE_CHANGING:
            return 200, self.answer_envelope(received, self.run(infno, envelope, partner, msgid)), False
        digest = hashlib.sha256(to_json(input_)).hexdigest()
        kept = self.kept.get((partner, msgid))
        if kept is not None:
            require(kept[0] == infno and kept[1] == digest, "idempotency-conflict", f"{msgid} was used for another message")
            return kept[2], kept[3], True
        require((partner, msgid) not in self.ledger.fences, "message-reversed", f"{msgid} was reversed by 2601")
        try:
            status, answer = 200, self.answer_envelope(received, self.run(infno, envelope, partner, msgid))
        except Refusal as refusal:
            status, answer = refusal.status, self.answer_envelope(received, refusal=refusal)
        except (KeyError, TypeError, ValueError) as error:
            status, answer = 400, self.answer_envelope(received, refusal=Refusal("malformed-request", f"the input is not the transaction's: {error}"))
        if status < 500:
            self.kept[(partner, msgid)] = (infno, digest, status, answer)
        return status, answer, False

    def run(self, infno, envelope, partner, msgid):
        ledger, input_ = self.ledger, envelope["input"]
        if infno != "9001":
            ledger.check_sign_in(envelope, partner)
        handlers = {
            "9001": lambda: ledger.sign_in(input_, partner, msgid), "9002": lambda: ledger.sign_out(input_, partner, msgid),
            "1101": lambda: ledger.person_info(input_), "2201": lambda: ledger.register(input_, partner, msgid),
            "2202": lambda: ledger.cancel_registration(input_, partner, msgid), "2203": lambda: ledger.record_visit(input_, partner, msgid),
            "2204": lambda: ledger.upload(input_, partner, msgid), "2205": lambda: ledger.cancel_lines(input_, partner, msgid),
            "2206": lambda: ledger.pre_settle(input_, partner), "2207": lambda: ledger.settle(input_, partner, msgid),
            "2208": lambda: ledger.reverse_settlement(input_, partner, msgid), "2601": lambda: ledger.reverse_message(input_, partner, msgid),
            "3201": lambda: ledger.reconcile_totals(input_, partner), "3202": lambda: ledger.reconcile_details(input_, partner),
        }
        handler = handlers.get(infno)
        require(handler, "transaction-not-allowed", f"{infno} is not a transaction of this platform")
        try:
            return handler()
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise Refusal("malformed-request", f"the input is not the transaction's: {error}")

    # MARK: HTTP

    def serve(self) -> ThreadingHTTPServer:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                fields = list(self.headers.items())
                length = self.headers.get("Content-Length")
                if len(fields) > LIMITS["fields"] or sum(len(name) + len(value) for name, value in fields) > LIMITS["header_bytes"]:
                    return self.reply(431, {"Content-Type": "application/json;charset=utf-8"},
                                      platform.answer_envelope(china_now(), refusal=Refusal("headers-too-large", "too many header bytes")))
                if length is None or not length.isdigit():
                    return self.reply(411, {}, b"")
                if int(length) > LIMITS["body"]:
                    return self.reply(413, {"Content-Type": "application/json;charset=utf-8"},
                                      platform.answer_envelope(china_now(), refusal=Refusal("body-too-large", "the body is too large")))
                body = self.rfile.read(int(length))
                self.reply(*platform.handle(self.path.split("?")[0], self.headers, body))

            def reply(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *arguments):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server
