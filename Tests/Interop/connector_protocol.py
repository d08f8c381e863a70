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


def signed_request_headers(key: SM2Key, partner: str, path: str, body: bytes, idempotency_key=None, timestamp=None, nonce=None):
    timestamp = timestamp or now_rfc3339()
    nonce = nonce or b64url(secrets.token_bytes(16))
    headers = {
        "Content-Type": "application/json", "X-VIDK-Partner": partner, "X-VIDK-Key-Id": key.kid, "X-VIDK-Algorithm": "SM2",
        "X-VIDK-Timestamp": timestamp, "X-VIDK-Nonce": nonce,
        "X-VIDK-Signature": key.sign(canonical_request("POST", path, timestamp, nonce, partner, key.kid, idempotency_key, body)),
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


class PythonBureau:
    """A bureau serving card/bind, card/status, eligibility and settlements over HTTP."""

    def __init__(self, bureau_key: SM2Key, partner_id: str, partner_key: SM2Key, people: dict):
        self.key, self.partner_id, self.partner_key, self.people = bureau_key, partner_id, partner_key, people
        self.bound, self.nonces, self.idempotency, self.settlements = set(), set(), {}, []
        self.lock = threading.Lock()

    def handle(self, method, path, headers, body: bytes):
        def error(status, code, message):
            return status, {"error": {"code": code, "message": message, "retryable": False}}, False

        partner, nonce = headers.get("X-VIDK-Partner", ""), headers.get("X-VIDK-Nonce", "")
        if partner != self.partner_id:
            return error(401, "unknown-partner", "unknown partner")
        if headers.get("X-VIDK-Key-Id") != self.partner_key.kid:
            return error(401, "unknown-key", "unknown key")
        sent = datetime.fromisoformat(headers.get("X-VIDK-Timestamp", "1970-01-01T00:00:00+00:00"))
        if abs((sent - datetime.now(CHINA)).total_seconds()) > WINDOW:
            return error(401, "timestamp-out-of-window", "timestamp out of window")
        key = headers.get("X-VIDK-Idempotency-Key")
        message = canonical_request(method, path, headers["X-VIDK-Timestamp"], nonce, partner, self.partner_key.kid, key, body)
        if not self.partner_key.verify(headers.get("X-VIDK-Signature", ""), message):
            return error(401, "signature-invalid", "bad signature")
        route = path[path.rfind("/v1/"):]  # the protocol may be mounted under a prefix
        with self.lock:
            if (partner, nonce) in self.nonces:
                return error(401, "replayed-nonce", "replayed nonce")
            self.nonces.add((partner, nonce))
            request = json.loads(body)
            if route == "/v1/settlements":
                if not key:
                    return error(400, "idempotency-key-required", "needs a key")
                digest = sm3_digest(body)
                if key in self.idempotency:
                    stored_digest, stored = self.idempotency[key]
                    return (200, stored, True) if stored_digest == digest else error(409, "idempotency-conflict", "conflict")
                total = sum(item["quantity"] * item["unit_price_fen"] for item in request["items"])
                fund = total * 70 // 100
                answer = {"total_fen": total, "fund_fen": fund, "personal_account_fen": 0, "cash_fen": total - fund,
                          "funds": [{"fund": "basic-medical-insurance", "amount_fen": fund}],
                          "settlement_id": f"py-{len(self.settlements) + 1}", "settled_at": now_rfc3339()}
                self.settlements.append(answer)
                self.idempotency[key] = (digest, answer)
                return 200, answer, False
            person = self.people.get(request.get("id_number"))
            if route == "/v1/card/bind":
                if not person or person["name"] != request["name"] or person["card_number"] != request["card_number"]:
                    return error(404, "not-found", "No such card, appointment or settlement for this partner.")
                self.bound.add(request["id_number"])
            if not person or request["id_number"] not in self.bound:
                return error(404, "not-found", "No such card, appointment or settlement for this partner.")
            if route in ("/v1/card/bind", "/v1/card/status"):
                return 200, {"card_number": person["card_number"], "card_status": "active", "issuing_division": person["division"]}, False
            if route == "/v1/eligibility":
                return 200, {"insured": True, "insurance_type": "employee", "personal_account_fen": person["personal_account_fen"],
                             "annual_fund_used_fen": 0, "annual_fund_limit_fen": 30000000}, False
            return error(404, "not-found", "unknown transaction")

    def serve(self) -> ThreadingHTTPServer:
        bureau = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, answer, replayed = bureau.handle("POST", self.path, self.headers, body)
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
