"""The national medical-insurance interface with the VIDK security layer, version 2, written
from Documentation/ConnectorProtocol.md alone: SM2 and SM3 through gmssl, the canonical
request and answer, the envelope, and a hospital client over http.client (HTTP, or HTTPS with
the TLS context it is given).

Amounts are `decimal.Decimal` throughout, read from and written to JSON digit by digit."""
import base64
import hashlib
import http.client
import json
import secrets
import ssl
import threading
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from gmssl import func, sm2, sm3

CHINA = timezone(timedelta(hours=8))
WINDOW = 300  # seconds, §3.5
TOKEN_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
STATE_CHANGING = {"9001", "9002", "2201", "2202", "2203", "2204", "2205", "2207", "2208", "2601"}  # §6


# MARK: Encodings

def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    """Strict: the base64url alphabet without padding, as §3.1 says."""
    if not text or set(text) - TOKEN_ALPHABET or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def is_token(text, shortest=16, longest=64, extra="") -> bool:
    return isinstance(text, str) and shortest <= len(text) <= longest and not set(text) - TOKEN_ALPHABET - set(extra)


def to_json(value) -> bytes:
    """Compact JSON; Decimals are written with their digits (§1), never through a float."""
    return "".join(_encode(value)).encode("utf-8")


def _encode(value):
    if isinstance(value, Decimal):
        yield format(value, "f")
    elif value is None:
        yield "null"
    elif value is True:
        yield "true"
    elif value is False:
        yield "false"
    elif isinstance(value, int):
        yield str(value)
    elif isinstance(value, str):
        yield json.dumps(value, ensure_ascii=False)
    elif isinstance(value, list):
        yield "["
        for index, element in enumerate(value):
            if index:
                yield ","
            yield from _encode(element)
        yield "]"
    elif isinstance(value, dict):
        yield "{"
        for index, (name, member) in enumerate(value.items()):
            if index:
                yield ","
            yield json.dumps(name, ensure_ascii=False)
            yield ":"
            yield from _encode(member)
        yield "}"
    else:
        raise TypeError(f"no JSON form for {type(value).__name__}")


def _refuse_repeated_names(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise ValueError("a member name is repeated")
    return dict(pairs)


def from_json(body: bytes):
    """Strict JSON: repeated member names refused, numbers with a fraction as Decimal (§1)."""
    return json.loads(body.decode("utf-8"), parse_float=Decimal, object_pairs_hook=_refuse_repeated_names)


def present(value) -> bool:
    """§1: absent, null and "" are all absent."""
    return value is not None and value != ""


def amount(value, name="amount") -> Decimal:
    """A 16,2 amount from a JSON number or a string of digits."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise ValueError(f"{name} is not a number")
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if not number.is_finite() or number != number.quantize(Decimal("0.01")) or abs(number) > Decimal("99999999999999.99"):
        raise ValueError(f"{name} is not a 16,2 amount")
    return number.quantize(Decimal("0.01"))


def fen(value: Decimal) -> Decimal:
    """Rounded half up to the fen (四舍五入)."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# MARK: Times

def china_now() -> datetime:
    return datetime.now(CHINA)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(CHINA).isoformat(timespec="seconds")


def interface_time(moment: datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")


def compact(moment: datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y%m%d%H%M%S")


def compact_ms(moment: datetime) -> str:
    local = moment.astimezone(CHINA)
    return local.strftime("%Y%m%d%H%M%S") + f"{local.microsecond // 1000:03d}"


def parse_rfc3339(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None or "T" not in text.upper():
        raise ValueError("not an RFC 3339 time with an offset")
    return moment


# MARK: SM2 (§3.1)

class SM2Key:
    """An SM2 key pair (or public key) signing SM3 with the distinguishing ID 1234567812345678,
    signatures 64 bytes r||s."""

    _table = sm2.default_ecc_table

    def __init__(self, x: bytes, y: bytes, d: bytes | None = None):
        self.x, self.y, self.d = x, y, d
        self._crypt = sm2.CryptSM2(private_key=d.hex() if d else "", public_key="")
        # Set directly: gmssl's constructor strips leading '0' and '4' characters from a key
        # that begins "04", which corrupts a point whose x begins with those digits.
        self._crypt.public_key = (x + y).hex()

    @classmethod
    def generate(cls) -> "SM2Key":
        order = int(cls._table["n"], 16)
        d = secrets.randbelow(order - 2) + 1
        point = sm2.CryptSM2(private_key=f"{d:064x}", public_key="")._kg(d, cls._table["g"])
        return cls(bytes.fromhex(point[:64]), bytes.fromhex(point[64:]), d.to_bytes(32, "big"))

    @classmethod
    def from_jwk(cls, jwk: dict) -> "SM2Key":
        if jwk.get("kty") != "EC" or jwk.get("crv") != "SM2":
            raise ValueError("not an SM2 JWK")
        return cls(unb64url(jwk["x"]), unb64url(jwk["y"]), unb64url(jwk["d"]) if "d" in jwk else None)

    @classmethod
    def from_public_pem(cls, pem: str) -> "SM2Key":
        """A SubjectPublicKeyInfo of the SM2 curve: its point is the last 65 bytes."""
        der = base64.b64decode("".join(line for line in pem.strip().splitlines() if not line.startswith("-----")))
        if bytes.fromhex("06082a811ccf5501822d") not in der or der[-65] != 4:
            raise ValueError("not an SM2 public key")
        return cls(der[-64:-32], der[-32:])

    def public(self) -> "SM2Key":
        return SM2Key(self.x, self.y)

    def public_jwk(self) -> dict:
        return {"kty": "EC", "crv": "SM2", "x": b64url(self.x), "y": b64url(self.y), "kid": self.key_id}

    def public_pem(self) -> str:
        """SubjectPublicKeyInfo: id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301)."""
        der = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d034200") + b"\x04" + self.x + self.y
        body = base64.encodebytes(der).decode().replace("\n", "")
        return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(body[i:i + 64] for i in range(0, len(body), 64)) + "\n-----END PUBLIC KEY-----\n"

    @property
    def key_id(self) -> str:
        """The RFC 7638 thumbprint of the public JWK (§3.1)."""
        members = f'{{"crv":"SM2","kty":"EC","x":"{b64url(self.x)}","y":"{b64url(self.y)}"}}'
        return b64url(hashlib.sha256(members.encode()).digest())

    def sign(self, message: bytes) -> bytes:
        while True:
            signature = self._crypt.sign_with_sm3(message, secrets.token_hex(32))
            if signature:
                return bytes.fromhex(signature)

    def verify(self, signature: bytes, message: bytes) -> bool:
        if len(signature) != 64:
            return False
        try:
            return bool(self._crypt.verify_with_sm3(signature.hex(), message))
        except Exception:
            return False


def sm3_digest(data: bytes) -> bytes:
    return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))


# MARK: Canonical forms (§3.3, §3.4)

def digest_line(body: bytes) -> str:
    return "sm3:" + b64url(sm3_digest(body))


def canonical_request(path: str, timestamp: str, nonce: str, partner: str, key_id: str, body: bytes) -> bytes:
    return "\n".join(["VIDK-REQUEST-2", "POST", path, timestamp, nonce, partner, key_id, digest_line(body)]).encode()


def canonical_response(request_id: str, partner: str, status: int, timestamp: str, nonce: str, key_id: str, replayed: bool, body: bytes) -> bytes:
    return "\n".join(["VIDK-RESPONSE-2", request_id, partner, str(status), timestamp, nonce, key_id,
                      "true" if replayed else "false", digest_line(body)]).encode()


# MARK: The hospital client

class InterfaceRefusal(Exception):
    """A verified refusal: the platform's `err_code` and `err_msg`, the HTTP status, the output."""

    def __init__(self, code: str, message: str, status: int, output=None):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status, self.output = code, message, status, output


class UnverifiedAnswer(Exception):
    """No answer the client may act on: unsigned, badly signed, or not for this request."""

    def __init__(self, reason: str, status: int, body: bytes):
        super().__init__(reason)
        self.status, self.body = status, body


class Answer:
    def __init__(self, status: int, headers: dict, body: bytes, envelope: dict):
        self.status, self.headers, self.body, self.envelope = status, headers, body, envelope
        self.replayed = headers.get("X-VIDK-Replayed") == "true"

    @property
    def output(self):
        return self.envelope.get("output")


class HospitalClient:
    """A designated institution: signs each envelope, posts it to its area's platform, and acts
    only on an answer signed by the platform for that request."""

    def __init__(self, url: str, institution: str, institution_name: str, key: SM2Key, platform_key: SM2Key, area: str,
                 tls: ssl.SSLContext | None = None):
        self.url, self.institution, self.institution_name = url, institution, institution_name
        self.key, self.platform_key, self.area, self.tls = key, platform_key, area, tls
        split = urlsplit(url)
        self.host, self.port, self.path = split.hostname, split.port, split.path or "/"
        self.sign_no = None
        self._sequence, self._second, self._lock = 0, "", threading.Lock()

    def next_msgid(self) -> str:
        """§2.1: institution, yyyyMMddHHmmss, four digits; never twice."""
        with self._lock:
            second = compact(china_now())
            if second != self._second:
                self._second, self._sequence = second, 0
            self._sequence += 1
            if self._sequence > 9999:
                raise RuntimeError("10,000 messages in one second")
            return f"{self.institution}{second}{self._sequence - 1:04d}"

    def envelope(self, infno: str, input_: dict, insured_area: str | None = None, msgid: str | None = None) -> dict:
        envelope = {
            "infno": infno, "msgid": msgid or self.next_msgid(), "mdtrtarea_admvs": self.area, "recer_sys_code": "HSA",
            "signtype": "SM2", "cainfo": self.key.key_id, "infver": "V1.0", "opter_type": "1", "opter": "P001", "opter_name": "李医保",
            "inf_time": interface_time(china_now()), "fixmedins_code": self.institution, "fixmedins_name": self.institution_name,
            "input": input_,
        }
        if insured_area:
            envelope["insuplc_admdvs"] = insured_area
        if self.sign_no and infno != "9001":
            envelope["sign_no"] = self.sign_no
        return envelope

    def signed_headers(self, body: bytes, partner: str | None = None, key: SM2Key | None = None, nonce: str | None = None,
                       timestamp: str | None = None) -> dict:
        key = key or self.key
        partner = partner or self.institution
        timestamp = timestamp or rfc3339(china_now())
        nonce = nonce or b64url(secrets.token_bytes(16))
        signature = key.sign(canonical_request(self.path, timestamp, nonce, partner, key.key_id, body))
        return {"Content-Type": "application/json;charset=utf-8", "X-VIDK-Partner": partner, "X-VIDK-Key-Id": key.key_id,
                "X-VIDK-Timestamp": timestamp, "X-VIDK-Nonce": nonce, "X-VIDK-Signature": b64url(signature)}

    def post(self, body: bytes, headers: dict) -> tuple[int, dict, bytes]:
        connection = (http.client.HTTPSConnection(self.host, self.port, timeout=30, context=self.tls) if self.tls
                      else http.client.HTTPConnection(self.host, self.port, timeout=30))
        try:
            connection.request("POST", self.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def exchange(self, envelope: dict | bytes, **header_options) -> Answer:
        """One signed request and its verified answer (§3.4), whatever its status."""
        body = envelope if isinstance(envelope, bytes) else to_json(envelope)
        headers = self.signed_headers(body, **header_options)
        status, answer_headers, answer_body = self.post(body, headers)
        self.verify(headers, status, answer_headers, answer_body, header_options.get("partner") or self.institution)
        return Answer(status, answer_headers, answer_body, from_json(answer_body))

    def verify(self, request_headers: dict, status: int, headers: dict, body: bytes, partner: str):
        if "X-VIDK-Signature" not in headers:
            raise UnverifiedAnswer("unsigned", status, body)
        if headers.get("X-VIDK-Request-Id") != request_headers["X-VIDK-Nonce"]:
            raise UnverifiedAnswer("not for this request", status, body)
        if headers.get("X-VIDK-Key-Id") != self.platform_key.key_id:
            raise UnverifiedAnswer("not the platform's key", status, body)
        signed_at = parse_rfc3339(headers["X-VIDK-Timestamp"])
        if abs((signed_at - china_now()).total_seconds()) > WINDOW:
            raise UnverifiedAnswer("outside the window", status, body)
        message = canonical_response(headers["X-VIDK-Request-Id"], partner, status, headers["X-VIDK-Timestamp"], headers["X-VIDK-Nonce"],
                                     headers["X-VIDK-Key-Id"], headers.get("X-VIDK-Replayed") == "true", body)
        if not self.platform_key.verify(unb64url(headers["X-VIDK-Signature"]), message):
            raise UnverifiedAnswer("the signature does not verify", status, body)

    def call(self, infno: str, input_: dict, insured_area: str | None = None, msgid: str | None = None) -> dict:
        """The output of an accepted message, or its verified refusal raised."""
        answer = self.exchange(self.envelope(infno, input_, insured_area, msgid))
        return self.output_of(answer)

    @staticmethod
    def output_of(answer: Answer):
        envelope = answer.envelope
        if envelope.get("infcode") != 0 or answer.status != 200:
            raise InterfaceRefusal(envelope.get("err_code") or "internal-error", envelope.get("err_msg") or "", answer.status, envelope.get("output"))
        return envelope.get("output")

    def sign_in(self, operator="P001"):
        output = self.call("9001", {"signIn": {"opter_no": operator, "mac": "00-16-3E-5A-11-02", "ip": "10.20.1.7"}})
        self.sign_no = output["signinoutb"]["sign_no"]
        return output
