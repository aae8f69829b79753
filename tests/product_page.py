#!/usr/bin/python3
"""The product page behind a QR code in headless Chromium, as a phone shows it (390x844, touch, 3x).

  product_page.py --url URL --h1 TEXT --profile DIR [--lang vi|en] [--screenshot OUT.png]
                  [--record02 photo|refused|none]

Follows URL (the label's Digital Link, redirected to its page) with the browser's language --lang (its
Accept-Language; default vi, a Vietnamese phone) and checks: the page in that language (<html lang>);
the heading; the page's own style applied (the Content-Security-Policy lets its inline style through by hash, and nothing else);
no console message (a blocked style or script shows there); nothing wider than the phone; text at least
16 px; the OCOP mark drawn. With --record02: the section of Circular 02/2024 with its ten items, and its
photo drawn by the browser (photo: loaded through the page's policy, its natural size), or the reason it is
not shown (refused), or neither (none). Prints "N checks, N failed"; exit 1 on a failure.
"""
import argparse
import base64
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

checks = failed = 0


def check(cond, what):
    global checks, failed
    checks += 1
    if not cond:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--h1", required=True)
    ap.add_argument("--profile", required=True, help="a folder for Chromium's profile")
    ap.add_argument("--lang", default="vi", help="the browser's language (Accept-Language)")
    ap.add_argument("--screenshot")
    ap.add_argument("--record02", choices=["photo", "refused", "none"])
    a = ap.parse_args()
    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={a.profile}", f"--accept-lang={a.lang}",
                f"--lang={a.lang}"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"intl.accept_languages": a.lang})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True})
        d.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True})
        d.set_page_load_timeout(60)
        d.get(a.url)
        check(d.current_url.split("?")[0].find("/p/01/") > 0, f"redirected to the page: {d.current_url}")
        check(d.find_element(By.TAG_NAME, "h1").text == a.h1, f"h1: {d.find_element(By.TAG_NAME, 'h1').text}")
        js = d.execute_script
        check(js("return document.documentElement.lang") == a.lang,
              f"the page in the browser's language {a.lang}: {js('return document.documentElement.lang')}")
        check(js("return getComputedStyle(document.body).backgroundColor") == "rgb(244, 245, 246)",
              "the page's inline style is applied (allowed by its hash)")
        check(js("return getComputedStyle(document.querySelector('main')).maxWidth") == "640px", "main is 40rem")
        check(js("return document.documentElement.scrollWidth") <= 390,
              f"nothing wider than the phone: {js('return document.documentElement.scrollWidth')}")
        check(float(js("return parseFloat(getComputedStyle(document.querySelector('dd')).fontSize)")) >= 16,
              "text at least 16 px")
        check(js("return document.querySelector('header svg').getBoundingClientRect().width") > 40, "the OCOP mark")
        check(js("return document.scripts.length") == 0, "no script")
        if a.record02:
            n = js("return document.querySelectorAll('#record02 dt').length")
            check(n == 10, f"the record of Circular 02: ten items, got {n}")
            d.execute_script("document.querySelector('#record02').scrollIntoView()")
            loaded = js("const i = document.querySelector('#record02 img.photo');"
                        "return i ? [i.complete, i.naturalWidth, i.getBoundingClientRect().width] : null")
            missing = js("return Array.from(document.querySelectorAll('#record02 dd:nth-of-type(2) .missing'))"
                         ".map((e) => e.textContent).join('')")
            if a.record02 == "photo":
                check(loaded and loaded[0] and loaded[1] == 64 and 0 < loaded[2] <= 390,
                      f"the photo drawn (complete, natural width 64, on the phone): {loaded}")
            else:
                check(loaded is None, f"no photo drawn: {loaded}")
            check((a.record02 == "refused") == bool(missing), f"the reason the photo is not shown: [{missing}]")
        logs = [e for e in d.get_log("browser") if "favicon" not in e.get("message", "")]
        check(logs == [], f"console: {logs}")
        if a.screenshot:
            h = js("return document.documentElement.scrollHeight")
            shot = d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                                "clip": {"x": 0, "y": 0, "width": 390, "height": h,
                                                                         "scale": 1}})
            open(a.screenshot, "wb").write(base64.b64decode(shot["data"]))
    finally:
        d.quit()
    print(f"{checks} checks, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
