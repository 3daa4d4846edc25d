#!/usr/bin/env python3
"""The same log work as CaravanLogBenchmarks, done by the Python peer tlog-scales (PyPI).

Prints lines in the same form: peer-bench <name> <value> <unit> [key=value...]
"""
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tlog_scales import signing, tlog, writer

quick = "--quick" in sys.argv


def report(name, value, unit, extra=""):
    print(f"peer-bench {name} {round(value)} {unit} {extra}", flush=True)


def make_entries(count):
    out = []
    for i in range(count):
        digest = hashlib.sha256(f"invoice {i}".encode()).hexdigest()
        out.append(
            (
                "caravan-log-entry/v1\nkind document\n"
                f"digest sha256:{digest}\ntype urn:cen.eu:en16931:2017\n"
                f"sender 0088:{4000000 + i}\nreceiver 0208:0123456789\njurisdiction FR\n"
                "time 2026-09-21T14:13:20Z\n"
            ).encode()
        )
    return out


key = Ed25519PrivateKey.generate()
signer = signing.PlainEd25519Signer("bench.example/log", key)
origin = "bench.example/log"

# 1. "In memory": the peer only writes files, so it writes to a tmpfs folder.
memory_count = 20_000 if quick else 100_000
entries = make_entries(memory_count)
shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
best = float("inf")
best_cpu = float("inf")
for _ in range(3):
    root = shm / f"tlog-peer-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    w = writer.TilesWriter.create(root, origin)
    start = time.perf_counter()
    cpu_start = time.thread_time()
    for e in entries:
        w.add_leaf(e)
    w.commit([signer])
    best = min(best, time.perf_counter() - start)
    best_cpu = min(best_cpu, time.thread_time() - cpu_start)
report("append_memory", memory_count / best, "appends/s",
       f"entries={memory_count} storage=tmpfs:{shm} best_of=3 clock=wall")
report("append_memory_cpu", memory_count / best_cpu, "appends/cpu-s",
       f"entries={memory_count} clock=thread-cpu")
memory_root = root

# 2. Durable on disk (the peer fsyncs every file it writes), same batch sizes.
disk_count = 5_000 if quick else 20_000
for batch in (256, 1000, 4000):
    d = Path(tempfile.mkdtemp(prefix="tlog-peer-disk-")) / "log"
    w = writer.TilesWriter.create(d, origin)
    start = time.perf_counter()
    for i in range(0, disk_count, batch):
        for e in entries[i:i + batch]:
            w.add_leaf(e)
        w.commit([signer])
    elapsed = time.perf_counter() - start
    report("append_durable", disk_count / elapsed, "appends/s",
           f"entries={disk_count} batch={batch} fsync=on dir={d.parent.parent}")
    shutil.rmtree(d.parent, ignore_errors=True)

# 3. Inclusion proofs verified per second, in the tree of step 1.
w = writer.TilesWriter.from_path(memory_root)
reader = w.reader
root_hash = reader.calculate_root_hash()
proofs = []
for _ in range(2_000):
    idx = random.randrange(memory_count)
    proofs.append((reader.get_inclusion_proof(idx, memory_count),
                   hashlib.sha256(b"\x00" + entries[idx]).digest()))
rounds = 0
start = time.perf_counter()
cpu_start = time.thread_time()
while time.perf_counter() - start < 2:
    for proof, leaf in proofs:
        proof.check(leaf, root_hash)
    rounds += 1
report("inclusion_verify", rounds * len(proofs) / (time.perf_counter() - start), "proofs/s",
       f"tree_size={memory_count} proof_hashes={len(proofs[0][0].node_hashes)} clock=wall")
report("inclusion_verify_cpu", rounds * len(proofs) / (time.thread_time() - cpu_start),
       "proofs/cpu-s", "clock=thread-cpu")

# 4. Checkpoints signed and verified per second.
count = 2_000 if quick else 10_000
start = time.perf_counter()
for _ in range(count):
    cp = tlog.Checkpoint.make_signed(origin, memory_count, root_hash, [signer])
report("checkpoint_sign", count / (time.perf_counter() - start), "checkpoints/s")
text = cp.serialize()
start = time.perf_counter()
for _ in range(count):
    tlog.Checkpoint.from_text(text).verify(signer.vkey)
report("checkpoint_verify", count / (time.perf_counter() - start), "checkpoints/s",
       "parse+verify")
shutil.rmtree(memory_root, ignore_errors=True)
