#!/usr/bin/env python3
"""A bounded load test of vidkit-server on loopback, run by .ci/run: an independent Python
hospital client (Tests/Interop/national_interface.py) settles visits over HTTPS through one
instance on SQLite or two instances on one PostgreSQL database, while slow clients hold
connections open.

Each visit: register (2201), upload its bill (2204), then two cashiers settle the same batch at
once with two message ids (through two instances when there are two), and one of those messages
is sent again. It passes when no request failed, every visit has exactly one settlement that all
its answers name, the personal account was debited exactly once per settlement (the balance the
platform reports is the opening balance less every account share), the slow clients were cut off
at the request deadline while others were served, and the server's memory grew by less than the
bound given. It prints settlements per second, p50/p99 latency of a settlement and the memory
the server held before and after.

    load_test.py --server .build/debug/vidkit-server --visits 150 [--postgres URL] [--slow-clients 32]
"""
import argparse
import json
import os
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "Tests" / "Interop"))
from national_interface import HospitalClient, InterfaceRefusal, SM2Key  # noqa: E402
from test_national_interop import AREA, HOSPITAL, PATH, WANG, fee_lines, identity_card, open_visit, settlement_input  # noqa: E402

REQUEST_TIMEOUT = 2  # seconds: the deployment's request deadline in this test


def openssl(folder: Path, *arguments: str):
    subprocess.run(["openssl", *arguments], cwd=folder, check=True, capture_output=True)


def make_deployment(folder: Path, database: dict) -> SM2Key:
    """Certificates, keys, people and the configuration; returns the platform's public key."""
    (folder / "server.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl(folder, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=load test CA")
    openssl(folder, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=127.0.0.1")
    openssl(folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
            "-days", "2", "-extfile", "server.ext")
    openssl(folder, "genpkey", "-algorithm", "SM2", "-out", "platform.pem")
    openssl(folder, "pkey", "-in", "platform.pem", "-pubout", "-out", "platform.pub.pem")
    (folder / "people.json").write_text(json.dumps([WANG], ensure_ascii=False))
    configuration = {
        "listen": {"host": "127.0.0.1", "port": 0},
        "tls": {"certificate_chain": "server.pem", "private_key": "server.key"},
        "limits": {"request_timeout_seconds": REQUEST_TIMEOUT, "maximum_connections": 256},
        "database": database,
        "gateway": {"area": AREA, "path": PATH, "platform_key": "platform.pem", "people": "people.json",
                    "partners": [{"institution": HOSPITAL, "public_keys": ["hospital.pub.pem"]}]},
    }
    (folder / "server.json").write_text(json.dumps(configuration))
    return SM2Key.from_public_pem((folder / "platform.pub.pem").read_text())


class Instance:
    """One vidkit-server process."""

    def __init__(self, binary: str, folder: Path):
        self.process = subprocess.Popen([binary, "--config", "server.json"], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on 127.0.0.1:"):
            self.process.kill()
            raise RuntimeError(f"vidkit-server did not start: {line}{self.process.stderr.read()}")
        self.port = int(line.rsplit(":", 1)[1])

    def resident_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise RuntimeError("vidkit-server did not shut down within 20 s of SIGTERM")
        if self.process.returncode != 0:
            raise RuntimeError(f"vidkit-server exited with {self.process.returncode}: {self.process.stderr.read()}")


def slow_clients(port: int, count: int, results: dict):
    """Connections that never finish a handshake, and one that trickles a byte every 200 ms of a
    well-formed TLS record (a 512-byte handshake record, so the server waits for more rather than
    refusing it): all must be closed by the server at the request deadline."""
    silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    trickler = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    trickler.send(bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]))
    trickled_until = None
    while time.monotonic() - started < REQUEST_TIMEOUT + 8:
        try:
            trickler.send(b"\x00")
            trickler.settimeout(0.2)
            if trickler.recv(1) == b"":
                trickled_until = time.monotonic() - started
                break
        except socket.timeout:
            continue
        except OSError:
            trickled_until = time.monotonic() - started
            break
    closed = 0
    for connection in silent:
        connection.settimeout(REQUEST_TIMEOUT + 8)
        try:
            if connection.recv(1) == b"":
                closed += 1
        except OSError:
            closed += 1
        connection.close()
    trickler.close()
    results.update(silent_closed=closed, silent=count, trickler_closed_after=trickled_until)


def settle_visit(number: int, cashiers: list, latencies: list, lock: threading.Lock) -> dict:
    first = cashiers[0]
    visit = open_visit(first, outpatient=f"MZ{number:06d}")
    lines = first.call("2204", {"feedetail": fee_lines(visit, "B1")}, insured_area=AREA)["result"]
    total = sum((line["det_item_fee_sumamt"] for line in lines), Decimal("0"))
    envelopes = [cashier.envelope("2207", settlement_input(visit, "B1", total), insured_area=AREA) for cashier in cashiers[:1] * 2]
    answers = [None, None]

    def settle(index):
        cashier = cashiers[index % len(cashiers)]
        began = time.monotonic()
        answer = cashier.exchange(envelopes[index])
        with lock:
            latencies.append(time.monotonic() - began)
        answers[index] = answer

    threads = [threading.Thread(target=settle, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if None in answers:
        raise RuntimeError(f"visit {visit}: a settlement call failed")
    infos, fresh = [], 0
    for answer in answers:
        envelope = answer.envelope
        if answer.status == 200 and envelope.get("infcode") == 0:
            fresh += 1
        elif envelope.get("err_code") != "already-settled":
            raise RuntimeError(f"visit {visit}: {answer.status} {envelope.get('err_code')} {envelope.get('err_msg')}")
        infos.append(envelope["output"]["setlinfo"])
    # The first message sent again: the same answer, marked as a replay.
    again = cashiers[-1].exchange(envelopes[0])
    if not again.replayed or again.envelope != answers[0].envelope:
        raise RuntimeError(f"visit {visit}: a message sent again was not answered as the first time")
    if fresh != 1 or len({info["setl_id"] for info in infos}) != 1:
        raise RuntimeError(f"visit {visit}: {fresh} first settlements, settlement ids {[info['setl_id'] for info in infos]}")
    return infos[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", required=True, help="the vidkit-server executable")
    parser.add_argument("--visits", type=int, default=150)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", help="run two instances on this PostgreSQL server (a fresh schema is made)")
    parser.add_argument("--slow-clients", type=int, default=32)
    parser.add_argument("--memory-bound-mib", type=int, default=64)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        if options.postgres:
            schema = "load_" + uuid.uuid4().hex
            subprocess.run(["psql", options.postgres, "-q", "-c", f"CREATE SCHEMA {schema}"], check=True)
            separator = "&" if "?" in options.postgres else "?"
            database = {"postgres": f"{options.postgres}{separator}options=-csearch_path%3D{schema}", "pool_size": 8}
        else:
            database = {"sqlite": "state.sqlite"}
        platform_key = make_deployment(folder, database)
        hospital_key = SM2Key.generate()
        (folder / "hospital.pub.pem").write_text(hospital_key.public_pem())
        instances = [Instance(str(Path(options.server).resolve()), folder) for _ in range(2 if options.postgres else 1)]
        tls = ssl.create_default_context(cafile=str(folder / "ca.pem"))
        cashiers = [HospitalClient(f"https://127.0.0.1:{instance.port}{PATH}", HOSPITAL, "北京大学深圳医院", hospital_key, platform_key, AREA, tls)
                    for instance in instances]
        cashiers[0].sign_in()
        for cashier in cashiers[1:]:
            # One institution, one sequence of message ids and one sign-in, whichever instance a message reaches.
            cashier.next_msgid, cashier.sign_no = cashiers[0].next_msgid, cashiers[0].sign_no
        opening = cashiers[0].call("1101", {"data": identity_card()})["insuinfo"][0]["balc"]

        latencies, lock, settlements = [], threading.Lock(), []
        warm_up = max(1, options.visits // 5)
        for number in range(warm_up):
            settlements.append(settle_visit(number, cashiers, latencies, lock))
        memory_before = [instance.resident_kib() for instance in instances]
        slow = {}
        slow_thread = threading.Thread(target=slow_clients, args=(instances[0].port, options.slow_clients, slow))
        slow_thread.start()
        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=options.workers) as pool:
            settlements += list(pool.map(lambda number: settle_visit(number, cashiers, latencies, lock), range(warm_up, options.visits)))
        elapsed = time.monotonic() - began
        slow_thread.join()
        memory_after = [instance.resident_kib() for instance in instances]

        balance = cashiers[-1].call("1101", {"data": identity_card()})["insuinfo"][0]["balc"]
        paid_from_account = sum((info["acct_pay"] for info in settlements), Decimal("0"))
        for instance in instances:
            instance.stop()

    timed = sorted(latencies)
    print(f"{len(instances)} instance(s) on {'PostgreSQL' if options.postgres else 'SQLite'}: {len(settlements)} visits, "
          f"{options.visits - warm_up} timed in {elapsed:.1f} s = {(options.visits - warm_up) / elapsed:.1f} settled visits/s "
          f"({2 * (options.visits - warm_up) / elapsed:.1f} settlement calls/s) with {options.workers} workers; "
          f"settlement call p50 {statistics.median(timed) * 1000:.0f} ms, p99 {timed[int(len(timed) * 0.99) - 1] * 1000:.0f} ms")
    print(f"server memory (RSS) after warm-up {[kib // 1024 for kib in memory_before]} MiB, at the end {[kib // 1024 for kib in memory_after]} MiB")
    print(f"slow clients: {slow.get('silent_closed')}/{slow.get('silent')} silent connections closed by the server; "
          f"a trickling one closed after {slow.get('trickler_closed_after') or 0:.1f} s (deadline {REQUEST_TIMEOUT} s)")
    failures = []
    if len({info["setl_id"] for info in settlements}) != options.visits:
        failures.append("a settlement id was shared by two visits")
    if balance != opening - paid_from_account:
        failures.append(f"the account holds {balance}; opening {opening} less {paid_from_account} paid is {opening - paid_from_account}")
    trickled = slow.get("trickler_closed_after")
    if slow.get("silent_closed") != options.slow_clients or trickled is None or not REQUEST_TIMEOUT - 0.5 <= trickled <= REQUEST_TIMEOUT + 3:
        failures.append("a slow client was not cut off at the request deadline")
    grown = max(after - before for before, after in zip(memory_before, memory_after)) / 1024
    if grown > options.memory_bound_mib:
        failures.append(f"the server's memory grew by {grown:.0f} MiB, over the bound of {options.memory_bound_mib} MiB")
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
