"""An independent implementation of the VirtualIDKit connector protocol, version 1, written
from Documentation/ConnectorProtocol.md only: SM2/SM3 through gmssl, canonical strings, and a
small bureau with an in-memory ledger on Python's http.server."""
import base64
import json
import secrets
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from gmssl import func, sm2, sm3

CHINA = timezone(timedelta(hours=8))
WINDOW = 300


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def now_rfc3339() -> str:
    return datetime.now(CHINA).isoformat(timespec="seconds")


def sm3_digest(data: bytes) -> str:
    return "sm3:" + b64url(bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data))))


class SM2Key:
    """An SM2 key from a JWK (private when it has 'd'), signing with SM3 and the default ID."""

    def __init__(self, jwk: dict):
        public = (unb64url(jwk["x"]) + unb64url(jwk["y"])).hex()
        private = unb64url(jwk["d"]).hex() if "d" in jwk else ""
        self.kid = jwk.get("kid", "")
        self.public_jwk = {name: value for name, value in jwk.items() if name != "d"}
        self._crypt = sm2.CryptSM2(private_key=private, public_key=public)

    def sign(self, message: bytes) -> str:
        return b64url(bytes.fromhex(self._crypt.sign_with_sm3(message, secrets.token_hex(32))))

    def verify(self, signature: str, message: bytes) -> bool:
        try:
            return bool(self._crypt.verify_with_sm3(unb64url(signature).hex(), message))
        except Exception:
            return False


def canonical_request(method, path, timestamp, nonce, partner, kid, idempotency_key, body: bytes) -> bytes:
    return "\n".join(["VIDK-REQUEST-1", method.upper(), path, "", timestamp, nonce, partner, kid, idempotency_key or "",
                      sm3_digest(body)]).encode()


def canonical_response(request_id, partner, status, timestamp, nonce, kid, replayed: bool, body: bytes) -> bytes:
    return "\n".join(["VIDK-RESPONSE-1", request_id, partner, str(status), timestamp, nonce, kid, "true" if replayed else "false",
                      sm3_digest(body)]).encode()


def signed_request_headers(key: SM2Key, partner: str, path: str, body: bytes, idempotency_key=None, timestamp=None, nonce=None, method="POST"):
    timestamp = timestamp or now_rfc3339()
    nonce = nonce or b64url(secrets.token_bytes(16))
    headers = {
        "Content-Type": "application/json", "X-VIDK-Partner": partner, "X-VIDK-Key-Id": key.kid, "X-VIDK-Algorithm": "SM2",
        "X-VIDK-Timestamp": timestamp, "X-VIDK-Nonce": nonce,
        "X-VIDK-Signature": key.sign(canonical_request(method, path, timestamp, nonce, partner, key.kid, idempotency_key, body)),
    }
    if idempotency_key:
        headers["X-VIDK-Idempotency-Key"] = idempotency_key
    return headers


def response_is_authentic(key: SM2Key, partner: str, request_nonce: str, status: int, headers, body: bytes) -> bool:
    if headers.get("X-VIDK-Request-Id") != request_nonce or headers.get("X-VIDK-Key-Id") != key.kid:
        return False
    message = canonical_response(request_nonce, partner, status, headers["X-VIDK-Timestamp"], headers["X-VIDK-Nonce"], key.kid,
                                 headers.get("X-VIDK-Replayed") == "true", body)
    return key.verify(headers["X-VIDK-Signature"], message)


STATE_CHANGING = {"/v1/card/bind", "/v1/appointments/book", "/v1/appointments/cancel", "/v1/settlements", "/v1/settlements/reverse",
                  "/v1/refunds"}
TRANSACTIONS = ["card/bind", "card/status", "eligibility", "appointments/slots", "appointments/book", "appointments/cancel",
                "settlements/estimate", "settlements", "settlements/reverse", "refunds", "reconciliation"]


class Refusal(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


NOT_FOUND = Refusal(404, "not-found", "No such card, appointment or settlement for this partner.")


class PythonBureau:
    """A bureau serving every transaction of protocol version 1 and capability discovery over
    HTTP, with its own in-memory ledger: 70 % of covered lines from the fund, the rest from the
    personal account, then cash."""

    def __init__(self, bureau_key: SM2Key, partner_id: str, partner_key: SM2Key, people: dict):
        self.key, self.partner_id, self.partner_key, self.people = bureau_key, partner_id, partner_key, people
        self.bound, self.nonces, self.idempotency = set(), set(), {}
        self.settlements, self.appointments, self.booked = {}, {}, set()
        self.lock = threading.Lock()

    def handle(self, method, path, headers, body: bytes):
        """Returns (status, answer, replayed) for one request, every check of the document in order."""
        try:
            key = self.authenticate(method, path, headers, body)
            route = path[path.rfind("/v1/"):]  # the protocol may be mounted under a prefix
            with self.lock:
                if method == "GET" and route == "/v1/capabilities":
                    return 200, self.capabilities(), False
                if route not in STATE_CHANGING:
                    return 200, self.transaction(route, json.loads(body)), False
                if not key:
                    raise Refusal(400, "idempotency-key-required", "a state-changing call needs an idempotency key")
                digest = sm3_digest(body)
                if key in self.idempotency:
                    stored_digest, stored_status, stored = self.idempotency[key]
                    if stored_digest != digest:
                        raise Refusal(409, "idempotency-conflict", "the key was used with another body")
                    return stored_status, stored, True
                try:
                    status, answer = 200, self.transaction(route, json.loads(body))
                except Refusal as refusal:
                    status, answer = refusal.status, self.error_body(refusal)
                self.idempotency[key] = (digest, status, answer)
                return status, answer, False
        except Refusal as refusal:
            return refusal.status, self.error_body(refusal), False
        except (KeyError, TypeError, ValueError, AttributeError):
            refusal = Refusal(400, "malformed-request", "the body is not the transaction's JSON object")
            return refusal.status, self.error_body(refusal), False

    @staticmethod
    def error_body(refusal: Refusal) -> dict:
        return {"error": {"code": refusal.code, "message": refusal.message, "retryable": False}}

    def authenticate(self, method, path, headers, body: bytes):
        partner, nonce = headers.get("X-VIDK-Partner", ""), headers.get("X-VIDK-Nonce", "")
        if partner != self.partner_id:
            raise Refusal(401, "unknown-partner", "unknown partner")
        if headers.get("X-VIDK-Key-Id") != self.partner_key.kid:
            raise Refusal(401, "unknown-key", "unknown key")
        sent = datetime.fromisoformat(headers.get("X-VIDK-Timestamp", "1970-01-01T00:00:00+00:00"))
        if abs((sent - datetime.now(CHINA)).total_seconds()) > WINDOW:
            raise Refusal(401, "timestamp-out-of-window", "timestamp out of window")
        key = headers.get("X-VIDK-Idempotency-Key")
        message = canonical_request(method, path, headers["X-VIDK-Timestamp"], nonce, partner, self.partner_key.kid, key, body)
        if not self.partner_key.verify(headers.get("X-VIDK-Signature", ""), message):
            raise Refusal(401, "signature-invalid", "bad signature")
        with self.lock:
            if (partner, nonce) in self.nonces:
                raise Refusal(401, "replayed-nonce", "replayed nonce")
            self.nonces.add((partner, nonce))
        return key

    def capabilities(self) -> dict:
        return {"protocol_version": 1, "bureau": "440300", "transactions": TRANSACTIONS,
                "keys": [{"kid": self.key.kid, "alg": "SM2", "jwk": self.key.public_jwk}], "window_seconds": WINDOW}

    def bound_person(self, id_number):
        if id_number not in self.bound:
            raise NOT_FOUND
        return self.people[id_number]

    def split(self, request) -> dict:
        person = self.bound_person(request["id_number"])
        items = request["items"]
        if not items or any(item["quantity"] <= 0 or item["unit_price_fen"] < 0 for item in items):
            raise Refusal(400, "malformed-request", "a bill needs lines with a positive quantity")
        total = sum(item["quantity"] * item["unit_price_fen"] for item in items)
        covered = sum(item["quantity"] * item["unit_price_fen"] for item in items if item["category"] != "service")
        fund = covered * 70 // 100
        personal = min(person["personal_account_fen"], total - fund)
        return {"total_fen": total, "fund_fen": fund, "personal_account_fen": personal, "cash_fen": total - fund - personal,
                "funds": [{"fund": "basic-medical-insurance", "amount_fen": fund}]}

    @staticmethod
    def slot_start(slot: str) -> str:
        """Slot ids are hospital/department/dateThh:mm; anything else is no slot of this bureau."""
        try:
            return datetime.fromisoformat(slot.rsplit("/", 1)[1]).replace(tzinfo=CHINA).isoformat(timespec="seconds")
        except (IndexError, ValueError):
            raise NOT_FOUND from None

    def settlement(self, settlement_id) -> dict:
        settlement = self.settlements.get(settlement_id)
        if settlement is None:
            raise NOT_FOUND
        if settlement["status"] == "reversed":
            raise Refusal(409, "already-reversed", f"settlement {settlement_id} was reversed before")
        return settlement

    def transaction(self, route, request) -> dict:
        if route == "/v1/card/bind":
            person = self.people.get(request["id_number"])
            if not person or person["name"] != request["name"] or person["card_number"] != request["card_number"]:
                raise NOT_FOUND
            self.bound.add(request["id_number"])
        if route in ("/v1/card/bind", "/v1/card/status"):
            person = self.bound_person(request["id_number"])
            return {"card_number": person["card_number"], "card_status": "active", "issuing_division": person["division"]}
        if route == "/v1/eligibility":
            person = self.bound_person(request["id_number"])
            return {"insured": True, "insurance_type": "employee", "personal_account_fen": person["personal_account_fen"],
                    "annual_fund_used_fen": 0, "annual_fund_limit_fen": 30000000}
        if route == "/v1/appointments/slots":
            # Every department has two morning slots with one doctor on any day.
            slots = [f"{request['hospital_id']}/{request['department']}/{request['date']}T{time}" for time in ("09:00", "09:30")]
            return {"slots": [{"slot_id": slot, "doctor": "李医生", "starts_at": self.slot_start(slot), "available": slot not in self.booked}
                              for slot in slots]}
        if route == "/v1/appointments/book":
            self.bound_person(request["id_number"])
            slot = request["slot_id"]
            starts_at = self.slot_start(slot)
            if slot in self.booked:
                raise Refusal(409, "slot-unavailable", f"slot {slot} is taken")
            self.booked.add(slot)
            appointment = f"py-appt-{len(self.appointments) + 1}"
            self.appointments[appointment] = slot
            return {"appointment_id": appointment, "starts_at": starts_at}
        if route == "/v1/appointments/cancel":
            slot = self.appointments.pop(request["appointment_id"], None)
            if slot is None:
                raise NOT_FOUND
            self.booked.discard(slot)
            return {"appointment_id": request["appointment_id"], "cancelled_at": now_rfc3339()}
        if route == "/v1/settlements/estimate":
            return self.split(request)
        if route == "/v1/settlements":
            answer = self.split(request)
            self.people[request["id_number"]]["personal_account_fen"] -= answer["personal_account_fen"]
            answer |= {"settlement_id": f"py-{len(self.settlements) + 1}", "settled_at": now_rfc3339()}
            self.settlements[answer["settlement_id"]] = {"answer": answer, "status": "settled", "date": answer["settled_at"][:10],
                                                          "id_number": request["id_number"], "refunded": 0}
            return answer
        if route == "/v1/settlements/reverse":
            settlement = self.settlement(request["settlement_id"])
            settlement["status"] = "reversed"
            self.people[settlement["id_number"]]["personal_account_fen"] += settlement["answer"]["personal_account_fen"]
            return {"settlement_id": request["settlement_id"], "reversed_at": now_rfc3339()}
        if route == "/v1/refunds":
            settlement = self.settlement(request["settlement_id"])
            paid = settlement["answer"]
            amount = sum(item["quantity"] * item["unit_price_fen"] for item in request["items"])
            if amount <= 0 or settlement["refunded"] + amount > paid["total_fen"]:
                raise Refusal(400, "malformed-request", "the refund exceeds what is left of the settlement")
            # Back to each payer in proportion to what it paid, rounding down; cash takes the rest.
            fund = amount * paid["fund_fen"] // paid["total_fen"]
            personal = amount * paid["personal_account_fen"] // paid["total_fen"]
            settlement["refunded"] += amount
            self.people[settlement["id_number"]]["personal_account_fen"] += personal
            return {"refund_id": f"py-rfd-{settlement['refunded']}", "fund_fen": fund, "personal_account_fen": personal,
                    "cash_fen": amount - fund - personal}
        if route == "/v1/reconciliation":
            day = [(sid, s) for sid, s in sorted(self.settlements.items()) if s["date"] == request["date"]]
            counted = [s["answer"] for _, s in day if s["status"] == "settled"]
            totals = {"count": len(counted)} | {name: sum(a[name] for a in counted)
                                                for name in ("total_fen", "fund_fen", "personal_account_fen", "cash_fen")}
            mismatches = [] if totals == request["partner_totals"] else [{"issue": f"partner totals {request['partner_totals']} differ from {totals}"}]
            return {"bureau_totals": totals, "details": [{"settlement_id": sid, "total_fen": s["answer"]["total_fen"], "status": s["status"]}
                                                         for sid, s in day], "mismatches": mismatches}
        raise NOT_FOUND

    def serve(self) -> ThreadingHTTPServer:
        bureau = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.answer("GET")

            def do_POST(self):
                self.answer("POST")

            def answer(self, method):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, answer, replayed = bureau.handle(method, self.path, self.headers, body)
                data = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode()
                timestamp, nonce = now_rfc3339(), b64url(secrets.token_bytes(16))
                request_id = self.headers.get("X-VIDK-Nonce", "")
                signature = bureau.key.sign(canonical_response(request_id, self.headers.get("X-VIDK-Partner", ""), status, timestamp, nonce,
                                                               bureau.key.kid, replayed, data))
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", "X-VIDK-Request-Id": request_id, "X-VIDK-Key-Id": bureau.key.kid,
                                    "X-VIDK-Algorithm": "SM2", "X-VIDK-Timestamp": timestamp, "X-VIDK-Nonce": nonce,
                                    "X-VIDK-Replayed": "true" if replayed else "false", "X-VIDK-Signature": signature,
                                    "Content-Length": str(len(data))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server
