#!/usr/bin/env python3
"""Writes a product file of N real-shaped Quang Ninh OCOP rows (valid GTINs,
Vietnamese names, 3-5 stars, dates, codes) for benchmarks and tests.

Usage: gen-products.py N OUT.csv [--urls] [--seed S]
  --urls  add a trace_url column with a realistic traceability URL per row
"""
import random
import sys

PRODUCTS = [
    ("Trà hoa vàng", "50 g"), ("Miến dong", "500 g"), ("Ruốc hàu", "200 g"),
    ("Chả mực", "500 g"), ("Nước mắm", "500 ml"), ("Ba kích tím", "1 kg"),
    ("Rượu ba kích", "750 ml"), ("Sá sùng khô", "100 g"), ("Gà đồi", "1,5 kg"),
    ("Mật ong rừng", "500 ml"), ("Khoai sọ", "2 kg"), ("Dầu sở", "250 ml"),
    ("Trà hoa vàng túi lọc", "20 túi x 2 g"), ("Hàu sữa", "1 kg"), ("Bánh gio", "10 chiếc"),
]
PLACES = [
    ("Ba Chẽ", "Xã Thanh Lâm, huyện Ba Chẽ"), ("Bình Liêu", "Thị trấn Bình Liêu, huyện Bình Liêu"),
    ("Vân Đồn", "Xã Hạ Long, huyện Vân Đồn"), ("Hạ Long", "Phường Hồng Gai, thành phố Hạ Long"),
    ("Cái Rồng", "Thị trấn Cái Rồng, huyện Vân Đồn"), ("Đầm Hà", "Xã Quảng Lâm, huyện Đầm Hà"),
    ("Hoành Bồ", "Xã Đồng Lâm, thành phố Hạ Long"), ("Tiên Yên", "Thị trấn Tiên Yên, huyện Tiên Yên"),
    ("Quảng Yên", "Phường Quảng Yên, thị xã Quảng Yên"), ("Đông Triều", "Phường Mạo Khê, thị xã Đông Triều"),
]
KINDS = ["HTX", "Công ty TNHH", "Hộ kinh doanh", "Công ty CP"]


def gtin(n):
    body = "89360%07d" % (n % 10000000)
    s = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - s % 10) % 10)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    n, out = int(args[0]), args[1]
    urls = "--urls" in sys.argv
    seed = 1
    if "--seed" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1])
    rnd = random.Random(seed)
    cols = ["name", "producer", "address", "stars", "gtin", "growing_area", "packing_facility",
            "lot", "production_date", "expiry_date", "net_quantity", "ocop_cert_date"]
    if urls:
        cols.append("trace_url")
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(cols) + "\r\n")
        for i in range(n):
            prod, qty = PRODUCTS[i % len(PRODUCTS)]
            place, addr = PLACES[(i // len(PRODUCTS)) % len(PLACES)]
            kind = KINDS[i % len(KINDS)]
            d, m = 1 + i % 28, 1 + i % 11
            g = gtin(1234000 + i)
            row = [
                "%s %s" % (prod, place),
                "%s %s %s" % (kind, prod, place),
                '"%s, tỉnh Quảng Ninh"' % addr,
                str(3 + i % 3),
                g,
                "VN-QNOR-%04d" % (1 + i % 60),
                "VN-QNPH-%03d" % (1 + i % 9),
                "L%05d" % (i % 100000),
                "%02d/%02d/2026" % (d, m),
                "%02d/%02d/2028" % (d, m),
                "\"%s\"" % qty if "," in qty else qty,
                "%02d/%02d/2025" % (d, m),
            ]
            if urls:
                row.append("https://truyxuat.quangninh.gov.vn/01/0%s/10/L%05d?vt=VN-QNOR-%04d&csdg=VN-QNPH-%03d"
                           % (g, i % 100000, 1 + i % 60, 1 + i % 9))
            f.write(",".join(row) + "\r\n")
    _ = rnd


if __name__ == "__main__":
    main()
