#!/usr/bin/env python3
"""isomdoc and pymdoccbor verifying one DeviceResponse beside `Benchmarks credentials`, one
measurement at a time so that the benchmark can interleave them with the SDK in rounds.

Usage: mdoc_peers.py RESPONSE_CBOR IACA_PEM TRANSCRIPT_CBOR
Each library is used as its documentation shows:
- isomdoc: `verify_device_response(response, session_transcript)`: the issuer's signature, every
  digest and the device signature over the session transcript (no certificate chain).
- pymdoccbor: `MdocCbor().loads(response)` then `verify(trusted_root_certs=[iaca])`: the
  document signer certificate against the IACA, the issuer's signature and every digest (no
  device authentication).

Commands on stdin, one per line, each answered with one JSON line:
  `rate NAME SECONDS` -> {"rate": verifications per second}     (NAME: isomdoc or pymdoccbor)
  `quit`
Prints {"skipped": reason} first when a package is missing, else the versions as the first line.
"""
import json
import logging
import sys
import time
from importlib.metadata import version

try:
    import cbor2
    from cryptography import x509
    from isomdoc import verify_device_response
    from pymdoccbor.mdoc.verifier import MdocCbor
except ImportError as error:
    print(json.dumps({"skipped": str(error)}), flush=True)
    sys.exit(0)

response_file, iaca_file, transcript_file = sys.argv[1:4]
response = open(response_file, "rb").read()
iaca = x509.load_pem_x509_certificate(open(iaca_file, "rb").read())
transcript = cbor2.loads(open(transcript_file, "rb").read())
logging.getLogger("pymdoccbor").setLevel(logging.ERROR)


def isomdoc_once():
    verify_device_response(response, transcript)


def pymdoccbor_once():
    mdoc = MdocCbor()
    mdoc.loads(response)
    if not mdoc.verify(trusted_root_certs=[iaca]):
        raise RuntimeError("pymdoccbor refused the benchmark response")


CHECKS = {"isomdoc": isomdoc_once, "pymdoccbor": pymdoccbor_once}
for check in CHECKS.values():
    check()  # both accept the response before anything is timed
print(json.dumps({"isomdoc": version("isomdoc"), "pymdoccbor": version("pymdoccbor"), "cbor2": version("cbor2"),
                  "cryptography": version("cryptography")}), flush=True)

for line in sys.stdin:
    words = line.split()
    if not words or words[0] == "quit":
        break
    once, seconds = CHECKS[words[1]], float(words[2])
    for _ in range(10):
        once()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        once()
        count += 1
    print(json.dumps({"rate": count / (time.perf_counter() - start)}), flush=True)
