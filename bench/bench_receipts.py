"""Benchmark: rendering the 80 mm roll receipt PDF, QR included, over 500 different receipts.

    PYTHONPATH=. python bench/bench_receipts.py [--count 500]

Each receipt differs (receipt number, txn id, consumer, amount), so neither the
QR matrix nor the Hindi amount words come from a cache; the labels' shaping is
cached as it is in the running app. Printed beside it, in the same run and
interleaved with it: a plain reportlab page with only the receipt's text lines
in Helvetica, which is the floor any PDF receipt pays. Target: median < 20 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import random
import statistics
import time
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from receipts import fonts, payload
from receipts.render import ReceiptData, plain_text_lines, render_pdf


def receipts(count: int) -> list[tuple[ReceiptData, dict]]:
    rng = random.Random(4)
    made = []
    for i in range(count):
        receipt_no = f"MNG-01-{i + 1:07d}"
        fields = dict(receipt_no=receipt_no, txn_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                      consumer_no=str(rng.randrange(10**9, 10**12)), amount_paise=rng.randrange(10_00, 1_99_999_00),
                      created_at="2026-11-27T07:02:21.123456Z")
        data = ReceiptData(
            utility_name="Bihar State Power (Holding) Company Ltd",
            utility_name_hi="बिहार स्टेट पावर (होल्डिंग) कंपनी लिमिटेड", office="Patna ESD-3",
            counter_id="MNG-01", receipt_no=receipt_no, txn_id=fields["txn_id"], created_at=fields["created_at"],
            consumer_no=fields["consumer_no"], amount_paise=fields["amount_paise"],
            tendered_paise=fields["amount_paise"], change_paise=0, payment_mode="cash", cashier="Asha Devi (asha)",
            fingerprint=f"{rng.getrandbits(48):012X}")
        made.append((data, fields))
    return made


def plain_page(data: ReceiptData) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(80 * mm, 200 * mm), pageCompression=1)
    canvas.setFont("Helvetica", 9)
    y = 190 * mm
    for line in plain_text_lines(data):
        canvas.drawString(4 * mm, y, line)
        y -= 12
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def summary(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p99 = statistics.quantiles(ms, n=100)[98]
    return f"{name:<44} median {statistics.median(ms):6.2f} ms   p99 {p99:6.2f} ms   max {ms[-1]:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    key = Ed25519PrivateKey.generate()

    started = time.perf_counter()
    loaded = fonts.load()
    first_data, first_fields = receipts(1)[0]
    render_pdf(dataclasses.replace(first_data, qr_payload=payload.make(key, **first_fields)), "roll")
    first = time.perf_counter() - started

    full, render_only, plain = [], [], []
    sizes = []
    for data, fields in receipts(args.count):
        t0 = time.perf_counter()
        signed = dataclasses.replace(data, qr_payload=payload.make(key, **fields))
        t1 = time.perf_counter()
        pdf = render_pdf(signed, "roll", loaded)
        t2 = time.perf_counter()
        plain_page(data)
        t3 = time.perf_counter()
        full.append(t2 - t0)
        render_only.append(t2 - t1)
        plain.append(t3 - t2)
        sizes.append(len(pdf))

    print(f"{args.count} roll receipts, Devanagari font: {loaded.deva_path or 'none (English only)'}")
    print(f"first receipt, fonts found and loaded: {first * 1000:.0f} ms (once per process)")
    print(summary("roll PDF with QR (sign + render)", full))
    print(summary("roll PDF with QR (render only)", render_only))
    print(summary("plain reportlab page, text lines only", plain))
    print(f"PDF size: median {statistics.median(sizes) / 1024:.0f} KB")
    print(f"target median < 20 ms: {'met' if statistics.median(full) < 0.020 else 'NOT met'}")


if __name__ == "__main__":
    main()
