#!/usr/bin/env python3
"""Times the SD-JWT reference implementation (PyPI `sd-jwt`) verifying one presentation.

Usage: sdjwt_reference_verify.py PRESENTATION_FILE ISSUER_JWK_FILE NONCE AUDIENCE SECONDS
Prints one line: `verifications_per_second <rate>`, or `skipped <reason>` when `sd-jwt` is not
installed. Run by `Benchmarks credentials`, which compares the rate with the SDK's.
"""
import json
import sys
import time

try:
    from jwcrypto.jwk import JWK
    from sd_jwt.verifier import SDJWTVerifier
except ImportError as error:
    print(f"skipped {error}")
    sys.exit(0)

presentation_file, jwk_file, nonce, audience, seconds = sys.argv[1:6]
presentation = open(presentation_file).read().strip()
issuer_key = JWK(**json.load(open(jwk_file)))


def verify_once() -> None:
    SDJWTVerifier(presentation, lambda iss, header: issuer_key, expected_aud=audience, expected_nonce=nonce).get_verified_payload()


for _ in range(20):
    verify_once()
count, start = 0, time.perf_counter()
while time.perf_counter() - start < float(seconds):
    verify_once()
    count += 1
print(f"verifications_per_second {count / (time.perf_counter() - start):.1f}")
