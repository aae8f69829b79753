#!/usr/bin/python3
"""The page of `ocoplabel serve` in a real browser (headless Chromium driven by Selenium).

  tests/page.py --url http://127.0.0.1:PORT/ [--token T] [--ocoplabel BIN] [--printer DEST] [--screenshot FILE]
                [--phone-screenshot FILE] [--messages-screenshot FILE] [--phone-messages-screenshot FILE]
  tests/page.py --mock BIN [--screenshot FILE] [--phone-screenshot FILE]

--mock starts tests/mock_server.py (with a random token, so the page must send it) on a free
127.0.0.1 port with BIN as its ocoplabel, and stops it at the end. BIN (or --ocoplabel, or
build/src/cli/ocoplabel, or ocoplabel on PATH) also gives the Digital Link the QR code must carry.

Checks: typing the first product of examples/quangninh-products.csv changes the preview, whose
PNG decodes (zbarimg, ZXingReader -noscale) to exactly its EAN-13 and its Digital Link; a wrong
check digit puts the server's message at the GTIN field and keeps the last good image; an XLSX
with one bad GTIN gives a rows table with that row rejected and the message at its cell, and
its downloaded PDF's first page decodes to the GTINs of the valid rows; the page is Vietnamese by
default, with the server's messages (the check digit's, the rejected row's) in Vietnamese and no
English string of its own shown; the language switch changes its words and asks the server again, so
both messages come in English, and back in Vietnamese; it changes the labels to English, is
remembered over a reload, and changes them back. Every field's
name on the page is the field table's (GET /api/fields: label in Vietnamese, label_en in English,
the heading beside it when it is an abbreviation such as NSX), no string key is ever shown, and
when /api/fields is late or fails the form is still built, named by the field keys, and usable
(a late table then names it, keeping what was typed).
Issue 26: thermal previews (templates chosen with Selenium's select_by_value, which fires 'change' alone);
the batch's template select shows the sheet's template and says at once when one is too large for its labels;
serials as a prefix and a number of digits; the problem list at laptop and phone sizes; the phone's sticky
preview; axe-core (tests/npm-tools.sh installs it) at 1366x768 and 390x844: no serious or critical violation;
with --printer (a printer that does not answer), its message and an expired certificate's in Vietnamese only,
then in English; the keyboard alone fills a product and downloads its PDF.
Issue 27: the template designer (with --templates-dir). Every wait is at most 20 s and the whole test at most 4 minutes. Exit status 1 on a failure.
Run it with Debian's /usr/bin/python3 (python3-selenium, python3-openpyxl).
"""
import argparse
import base64
import csv
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CSV = os.path.join(REPO, "examples", "quangninh-products.csv")
WAIT = 20          # seconds, any one wait
TOTAL = 240        # seconds, the whole test
URL_FIELDS = ["gtin", "variant", "lot", "serial", "production_date", "expiry_date", "growing_area",
              "packing_facility", "trace_url"]
BAD_ROW = 2        # the third product (spreadsheet row 4) gets a wrong check digit
BAD_GTIN = "8936012346122"


class Checks:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'FAIL'} {self.n} - {name}" + (f": {detail}" if detail else ""), flush=True)
        return ok


class OutOfTime(Exception):
    pass


class Stop(Exception):
    """Nothing more can be checked (the page did not load)."""


def products():
    with open(CSV, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, **kw)


def zbar(png):
    """Sorted (symbology, text) pairs zbarimg finds."""
    r = run(["zbarimg", "-q", png])
    return sorted(tuple(line.split(":", 1)) for line in r.stdout.splitlines() if ":" in line)


def zxing(png):
    """Sorted (format, text) pairs ZXingReader finds (-noscale: see DESIGN.md)."""
    r = run(["ZXingReader", "-noscale", png])
    out, fmt, text = [], None, None
    for line in r.stdout.splitlines():
        m = re.match(r'^Text:\s+"(.*)"$', line)
        if m:
            text = m[1]
        m = re.match(r"^Format:\s+(\S+)", line)
        if m:
            fmt = m[1]
        if fmt and text is not None:
            out.append((fmt, text))
            fmt, text = None, None
    return sorted(out)


def start_mock(binary, token, log):
    argv = [sys.executable, os.path.join(HERE, "mock_server.py"), "--binary", binary, "--port", "0",
            "--token", token]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=log, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], WAIT)
    line = proc.stdout.readline().strip() if ready else ""
    if not line.startswith("http://127.0.0.1:"):
        proc.kill()
        sys.exit(f"page.py: the mock server did not start (see {log.name})")
    return proc, line.split("?", 1)[0]


def browser(tmp, downloads):
    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--window-size=1280,900", f"--user-data-dir={tmp}/profile"):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {
        "download.default_directory": downloads,
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
    })
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    driver.set_script_timeout(WAIT)
    return driver


def wait(driver, cond, what):
    try:
        return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: cond(d))
    except TimeoutException:
        return None


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def ready(driver):
    return wait(driver, lambda d: js(d, "return document.body.dataset.ready === 'true'")
                and d.find_elements(By.CSS_SELECTOR, "#record [name=gtin]"), "the form")


def screenshot(driver, path, phone=False):
    """The laptop view: a 1280 x 900 viewport; the phone: the whole page 390 px wide (at 2x)."""
    js(driver, "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    width, height = (390, 844) if phone else (1280, 900)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 2 if phone else 1,
                            "mobile": phone})
    try:
        wait(driver, lambda d: js(d, "return window.innerWidth") == width, "the screen width")
        if phone:
            height = js(driver, "return document.documentElement.scrollHeight")
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": phone,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        wait(driver, lambda d: js(d, "return window.innerWidth") > 1000, "the laptop width")


def field_table(driver):
    """GET /api/fields as the server answers it (fetched in the page, with its token)."""
    j = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const token = sessionStorage.getItem('ocoplabel.token');
        fetch('/api/fields', { headers: token ? { Authorization: 'Bearer ' + token } : {} })
          .then((r) => r.json()).then(done, (e) => done({ error: String(e) }));""")
    if not isinstance(j, dict) or not j.get("fields"):
        raise RuntimeError(f"GET /api/fields: {j!r}")
    return j


def shown_name(f, lang):
    """A field's name as the page must show it: the table's words, and an abbreviated heading beside them."""
    words = f.get("label_en" if lang == "en" else "label") or f.get("label") or f["name"]
    h = f.get("heading") or ""
    return f"{words} ({h})" if re.fullmatch(r"[A-ZĐ0-9]{2,8}", h) and h not in words else words


def form_names(driver):
    """Each input of the record form: the name its label shows (without the required mark)."""
    return js(driver, """
        const out = {};
        for (const l of document.querySelectorAll('#groups label[for^="f-"]')) {
          const n = l.querySelector('.name');
          out[l.htmlFor.slice(2)] = n ? n.textContent : l.textContent;
        }
        return out;""")


def raw_keys(driver):
    """Strings shown as their keys ('field.gtin', 'batch.intro') or with a {placeholder} left in."""
    return js(driver, """
        const bad = [];
        for (const e of document.querySelectorAll('[data-i18n]')) {
          if (e.textContent === e.dataset.i18n || /\{\w+\}/.test(e.textContent)) bad.push(e.dataset.i18n + ': ' + e.textContent);
        }
        const m = document.body.innerText.match(/\b(field|hint|group|batch)\.[a-z_.]+/g);
        return bad.concat(m || []);""")


def check_names(c, driver, table, lang):
    """Every field name the page shows is the field table's, in the page's language."""
    fields = {f["name"]: f for f in table["fields"]}
    names = form_names(driver)
    wrong = [f"{k}: {v!r} != {shown_name(fields[k], lang)!r}" for k, v in names.items()
             if k not in fields or v != shown_name(fields[k], lang)]
    missing = [k for k in fields if k not in names]
    c.check(f"the form's labels are the field table's {'label_en' if lang == 'en' else 'label'} ({lang})",
            bool(names) and not wrong and not missing and js(driver, "return document.body.dataset.fields") == "table",
            "; ".join(wrong + [f"no input for {k}" for k in missing]))
    gtin = fields["gtin"]["label_en" if lang == "en" else "label"]
    c.check(f"the gtin input's label is the table's {gtin!r}", names.get("gtin") == gtin, repr(names.get("gtin")))
    cols = {f["name"]: f for f in table.get("columns", [])}
    intro = driver.find_element(By.ID, "batch-intro").get_attribute("textContent")
    want = ", ".join(fields[n]["heading"] for n in ("name", "gtin", "stars"))
    hint = driver.find_element(By.ID, "hint-b-copies").get_attribute("textContent")
    copies = cols.get("copies", {})
    c.check(f"the column headings the batch section names are the table's ({lang})",
            want in intro and bool(copies) and copies["heading"] in hint
            and driver.find_element(By.CSS_SELECTOR, "label[for='p-copies']").get_attribute("textContent")
            == shown_name(copies, lang), f"{intro!r}, {hint!r}")
    raw = raw_keys(driver)
    c.check(f"no string is shown as its key ({lang})", not raw, "; ".join(raw))


def preview_png(driver):
    """The exact bytes of the preview image (its blob), not a rescaled screenshot of it."""
    data = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(document.getElementById('preview').src).then((r) => r.blob()).then((b) => {
          const fr = new FileReader();
          fr.onload = () => done(fr.result);
          fr.readAsDataURL(b);
        }).catch((e) => done('error: ' + e));""")
    if not data.startswith("data:image/png;base64,"):
        raise RuntimeError(f"the preview is not a PNG: {data[:60]}")
    return base64.b64decode(data.split(",", 1)[1])


def type_into(field, value):
    if field.tag_name == "select":
        Select(field).select_by_value(value)
    else:
        field.clear()
        field.send_keys(value)


def check_preview(c, driver, tmp, binary, args):
    """(1) a typed product: the preview changes and decodes to its codes."""
    row = products()[0]
    before = driver.find_element(By.ID, "preview").get_attribute("src") or ""
    form = driver.find_element(By.ID, "record")
    missing = []
    for key, value in row.items():
        fields = form.find_elements(By.NAME, key)
        if not fields:
            missing.append(key)
            continue
        type_into(fields[0], value)
        label = driver.find_elements(By.CSS_SELECTOR, f"label[for='{fields[0].get_attribute('id')}']")
        if not label or not label[0].text.strip():
            missing.append(key + " (no label)")
    c.check("every field of the product file has an input named by it, with a visible label", not missing,
            ", ".join(missing))
    changed = wait(driver, lambda d: (d.find_element(By.ID, "preview").get_attribute("src") or "") not in ("", before)
                   and d.find_element(By.ID, "preview").get_attribute("data-state") == "current", "the preview")
    preview = driver.find_element(By.ID, "preview")
    c.check("typing a product changes the preview's src", bool(changed),
            f"src {preview.get_attribute('src')!r}, state {preview.get_attribute('data-state')!r}"
            + (f", {preview.get_attribute('data-latency-ms')} ms from the last keystroke" if changed else ""))
    if not changed:
        return False
    png = os.path.join(tmp, "preview.png")
    with open(png, "wb") as f:
        f.write(preview_png(driver))
    template = Select(driver.find_element(By.ID, "f-template")).first_selected_option.get_attribute("value")
    r = run([binary, "url", "-t", template] + [f"{k}={row[k]}" for k in URL_FIELDS if row.get(k)])
    url = r.stdout.strip()
    c.check("ocoplabel url gives the Digital Link for the product", r.returncode == 0 and url.startswith("https://"),
            url or r.stderr.strip())
    want = [("EAN-13", row["gtin"]), ("QR-Code", url)]
    got = zbar(png)
    c.check("zbarimg reads exactly the EAN-13 and the Digital Link from the preview", got == want, f"{got}")
    want = [("EAN-13", row["gtin"]), ("QRCode", url)]
    got = zxing(png)
    c.check("ZXingReader -noscale reads exactly the EAN-13 and the Digital Link from the preview", got == want,
            f"{got}")
    if args.screenshot:
        screenshot(driver, args.screenshot)
        print(f"# laptop screenshot: {args.screenshot}")
    if args.phone_screenshot:
        screenshot(driver, args.phone_screenshot, phone=True)
        print(f"# phone screenshot: {args.phone_screenshot}")
    return True


def check_gtin_message(c, driver):
    """(2) a wrong check digit: the server's message at the GTIN field, the last good image kept."""
    good = driver.find_element(By.ID, "preview").get_attribute("src")
    gtin = driver.find_element(By.CSS_SELECTOR, "#record [name=gtin]")
    type_into(gtin, "8936012346108")
    shown = wait(driver, lambda d: "8936012346107" in d.find_element(By.ID, "err-gtin").text, "the message")
    box = driver.find_element(By.ID, "err-gtin")
    c.check("a wrong check digit shows a message with the right GTIN at #err-gtin", bool(shown), repr(box.text))
    c.check("#err-gtin is a live region and the input is aria-invalid",
            box.get_attribute("aria-live") in ("polite", "assertive") and gtin.get_attribute("aria-invalid") == "true"
            and "err-gtin" in (gtin.get_attribute("aria-describedby") or ""),
            f"aria-live={box.get_attribute('aria-live')!r} aria-invalid={gtin.get_attribute('aria-invalid')!r}")
    stale = wait(driver, lambda d: d.find_element(By.ID, "preview").get_attribute("data-state") == "stale",
                 "the stale preview")
    c.check("the invalid record keeps the last good image, marked stale",
            bool(stale) and driver.find_element(By.ID, "preview").get_attribute("src") == good)
    type_into(gtin, "8936012346107")


def pick(driver, ident, value):
    """A select's option chosen as a person does (its input and change events), however often in a row."""
    js(driver, """const s = document.getElementById(arguments[0]); s.value = arguments[1];
        s.dispatchEvent(new Event('input', { bubbles: true })); s.dispatchEvent(new Event('change', { bubbles: true }));""",
       ident, value)


def check_thermal_preview(c, driver, tmp):
    """(issue 26, 1) a thermal template: the preview is drawn on its printer's grid, current, and decodes."""
    before = Select(driver.find_element(By.ID, "f-template")).first_selected_option.get_attribute("value")
    gtin = products()[0]["gtin"]
    for name in ("thermal-60x40", "thermal-50x30"):
        old = driver.find_element(By.ID, "preview").get_attribute("src")
        # Selenium's option click fires 'change' alone (no 'input'): the page must hear it too
        Select(driver.find_element(By.ID, "f-template")).select_by_value(name)
        done = wait(driver, lambda d: d.find_element(By.ID, "preview").get_attribute("src") != old
                    and d.find_element(By.ID, "preview").get_attribute("data-state") == "current", name)
        state = driver.find_element(By.ID, "preview").get_attribute("data-state")
        codes = []
        if done:
            png = os.path.join(tmp, name + ".png")
            with open(png, "wb") as f:
                f.write(preview_png(driver))
            codes = [t for s, t in zbar(png) if s == "EAN-13"]
        c.check(f"{name}: the preview is current (no server error) and decodes to the GTIN",
                bool(done) and codes == [gtin], f"state {state!r}, status {driver.find_element(By.ID, 'preview-status').text!r}, "
                f"codes {codes}")
    # the same choice again: no event, nothing to ask, the preview stays current
    Select(driver.find_element(By.ID, "f-template")).select_by_value("thermal-50x30")
    c.check("choosing the same template again keeps the preview current",
            driver.find_element(By.ID, "preview").get_attribute("data-state") == "current")
    pick(driver, "f-template", before)
    wait(driver, lambda d: d.find_element(By.ID, "preview").get_attribute("data-state") == "current", "the preview")


def check_batch_template(c, driver):
    """(issue 26, 7) the batch form's template select shows the sheet's template (small-70x37 for a4-3x8), not a
    disabled product-100x70; a template larger than the sheet's labels is said at once, in Vietnamese."""
    sheets = {s["name"]: s for s in js(driver, "return catalog.sheets")}
    tpl = Select(driver.find_element(By.ID, "b-template"))
    Select(driver.find_element(By.ID, "b-sheet")).select_by_value("a4-1x1")
    Select(driver.find_element(By.ID, "b-sheet")).select_by_value("a4-3x8")
    chosen = tpl.first_selected_option.get_attribute("value")
    c.check("batch: on sheet a4-3x8 the template select shows the sheet's template and can be changed",
            chosen == sheets["a4-3x8"]["template"] == "small-70x37"
            and driver.find_element(By.ID, "b-template").is_enabled(), f"{chosen!r}")
    tpl.select_by_value("product-100x70")
    box = lambda d: d.find_element(By.CSS_SELECTOR, "#err-b-template > p")
    want = "Mẫu product-100x70 (100 × 70 mm) lớn hơn ô nhãn 70 × 37 mm của tờ a4-3x8"
    said = wait(driver, lambda d: want in box(d).text and box(d).is_displayed(), "the message")
    c.check("batch: a template larger than the sheet's labels: a clear message at the select", bool(said),
            repr(box(driver).text))
    tpl.select_by_value("small-70x37")
    gone = wait(driver, lambda d: not box(d).is_displayed(), "the message gone")
    c.check("batch: a template that fits: no message", bool(gone), repr(box(driver).text))
    Select(driver.find_element(By.ID, "b-sheet")).select_by_value("a4-2x4")
    chosen = tpl.first_selected_option.get_attribute("value")
    c.check("batch: another sheet takes its own template again", chosen == sheets["a4-2x4"]["template"], repr(chosen))
    Select(driver.find_element(By.ID, "b-sheet")).select_by_value("a4-3x8")

def make_xlsx(path):
    import openpyxl
    rows = products()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sản phẩm"
    ws.append(list(rows[0].keys()))
    for i, r in enumerate(rows):
        values = dict(r)
        if i == BAD_ROW:
            values["gtin"] = BAD_GTIN
        ws.append([int(v) if k == "stars" else v for k, v in values.items()])
    wb.save(path)
    return [r["gtin"] for i, r in enumerate(rows) if i != BAD_ROW], rows[BAD_ROW]["gtin"]


def check_batch(c, driver, tmp, downloads):
    """(3) an XLSX: the rows table marks the rejected row at its cell; the PDF decodes."""
    xlsx = os.path.join(tmp, "products.xlsx")
    valid, right = make_xlsx(xlsx)
    driver.find_element(By.ID, "b-file").send_keys(xlsx)
    table = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#rows tbody tr"), "the rows table")
    rows = driver.find_elements(By.CSS_SELECTOR, "#rows tbody tr")
    c.check("the rows table lists every row of the workbook", bool(table) and len(rows) == len(valid) + 1,
            f"{len(rows)} rows")
    bad = driver.find_elements(By.CSS_SELECTOR, f"#rows tr[data-row='{BAD_ROW + 2}']")
    rejected = driver.find_elements(By.CSS_SELECTOR, "#rows tr.rejected")
    c.check("exactly the row with the wrong GTIN is marked rejected",
            len(rejected) == 1 and bool(bad) and "rejected" in bad[0].get_attribute("class").split(),
            f"rejected rows {[r.get_attribute('data-row') for r in rejected]}")
    cell = bad[0].find_elements(By.CSS_SELECTOR, "td[data-field='gtin']") if bad else []
    title = cell[0].get_attribute("title") if cell else ""
    text = cell[0].text if cell else ""
    c.check("its gtin cell carries the message (title and visible text)",
            bool(cell) and right in title and right in text and BAD_GTIN in text, f"title {title!r}")
    check_problem_list(c, driver)
    driver.set_window_size(390, 844)
    wait(driver, lambda d: js(d, "return window.innerWidth") <= 420, "the phone width")
    check_problem_list(c, driver, phone=True)
    driver.set_window_size(1366, 768)
    wait(driver, lambda d: js(d, "return window.innerWidth") > 1000, "the laptop width")

    Select(driver.find_element(By.ID, "b-sheet")).select_by_value("a4-3x8")
    Select(driver.find_element(By.ID, "b-format")).select_by_value("pdf")
    driver.find_element(By.ID, "batch-download").click()

    def downloaded(d):
        names = os.listdir(downloads)
        pdfs = [n for n in names if n.endswith(".pdf")]
        if not pdfs or any(n.endswith(".crdownload") for n in names):
            return None
        return os.path.join(downloads, pdfs[0])

    pdf = wait(driver, downloaded, "the PDF")
    with open(pdf, "rb") if pdf else open(os.devnull, "rb") as f:
        head = f.read(5)
    c.check("Download gives a PDF file", bool(pdf) and head == b"%PDF-", f"{pdf} {head!r}")
    status = driver.find_element(By.ID, "batch-status")
    counts = {k: status.get_attribute("data-" + k) for k in ("rows", "valid", "rejected", "labels")}
    want = {"rows": str(len(valid) + 1), "valid": str(len(valid)), "rejected": "1", "labels": str(len(valid))}
    c.check("the counts of the X-Ocoplabel headers are shown", counts == want and all(
        v in status.text for v in (want["labels"], want["rejected"])), f"{counts} {status.text!r}")
    if not pdf:
        return
    out = os.path.join(tmp, "page1")
    run(["pdftoppm", "-r", "300", "-gray", "-png", "-f", "1", "-l", "1", pdf, out])
    pngs = [os.path.join(tmp, n) for n in os.listdir(tmp) if n.startswith("page1") and n.endswith(".png")]
    codes = zbar(pngs[0]) if pngs else []
    eans = sorted(t for s, t in codes if s == "EAN-13")
    qrs = [t for s, t in codes if s == "QR-Code"]
    c.check("the PDF's first page decodes to the GTINs of the valid rows (zbarimg, 300 dpi gray)",
            eans == sorted(valid) and len(qrs) == len(valid), f"{len(eans)} EAN-13, {len(qrs)} QR")



def check_serials(c, driver):
    """(issue 26, 7) serials as a prefix and a number of digits, no printf syntax; a prefix GS1 does not allow
    is refused in Vietnamese, at the batch's status."""
    box = driver.find_element(By.ID, "batch")
    serialize = driver.find_element(By.ID, "b-serialize")
    if not serialize.is_selected():
        serialize.click()
    labels = {i: (driver.find_elements(By.CSS_SELECTOR, f"label[for='{i}']") or [None])[0]
              for i in ("b-serial-prefix", "b-serial-digits")}
    shown = {i: (l.text if l else None) for i, l in labels.items()}
    c.check("serials: two inputs, \"Tiền tố\" and \"Số chữ số\", and no printf syntax on the page",
            shown == {"b-serial-prefix": "Tiền tố", "b-serial-digits": "Số chữ số"}
            and not box.find_elements(By.NAME, "serial_format") and "%" not in box.text, f"{shown}")
    prefix = driver.find_element(By.ID, "b-serial-prefix")
    digits = driver.find_element(By.ID, "b-serial-digits")
    type_into(prefix, "HTX")
    type_into(digits, "6")
    example = wait(driver, lambda d: "HTX000001" in d.find_element(By.ID, "serial-example").text, "the example")
    c.check("serials: HTX and 6 digits: the page shows the first label's serial, HTX000001", bool(example),
            driver.find_element(By.ID, "serial-example").text)
    type_into(prefix, "HTXĐ")
    status = driver.find_element(By.ID, "batch-status")
    driver.find_element(By.ID, "batch-download").click()
    want = "'HTXĐ000001' có 'Đ' ở vị trí 4"
    said = wait(driver, lambda d: want in d.find_element(By.ID, "batch-status").text, "the message")
    c.check("serials: a letter GS1 does not allow in the prefix: the server's message, in Vietnamese", bool(said),
            repr(status.text))
    type_into(prefix, "")
    type_into(digits, "")
    serialize.click()

def check_problem_list(c, driver, phone=False):
    """(issue 26, 4) the problems above the table, in row order, each linking to its row; the rejected row's
    message in view in the table's box; the rejected rows' workbook offered."""
    where = "phone" if phone else "laptop"
    items = driver.find_elements(By.CSS_SELECTOR, "#rows-problems li[data-row]")
    rows = [int(i.get_attribute("data-row")) for i in items]
    errors = [i for i in items if "error" in i.get_attribute("class").split()]
    c.check(f"{where}: a problem list above the table, in row order, with the rejected row's error",
            bool(items) and rows == sorted(rows) and [int(e.get_attribute("data-row")) for e in errors] == [BAD_ROW + 2]
            and driver.find_element(By.ID, "rows-problems-area").location["y"]
            < driver.find_element(By.ID, "rows").location["y"], f"rows {rows}")
    if errors:
        errors[0].find_element(By.TAG_NAME, "a").click()
        focused = wait(driver, lambda d: js(d, "return document.activeElement.id") == f"row-{BAD_ROW + 2}", "the row")
        c.check(f"{where}: the problem's link takes the clerk to its row", bool(focused))
    msg = driver.find_elements(By.CSS_SELECTOR, f"#row-{BAD_ROW + 2} td.row-problems .cell-msg.bad")
    seen = msg and js(driver, """const m = arguments[0].getBoundingClientRect(), w = document.querySelector('#rows-area .table-wrap')
        .getBoundingClientRect(); return m.width > 0 && m.left >= w.left - 1 && m.right <= w.right + 1
        && m.right <= window.innerWidth;""", msg[0])
    c.check(f"{where}: the rejected row's message is visible inside the table's box", bool(seen),
            msg[0].text if msg else "no message cell")
    button = driver.find_elements(By.ID, "rejected-download")
    c.check(f"{where}: a button downloads the rejected rows' workbook", bool(button) and button[0].is_displayed())


def check_phone_preview(c, driver):
    """(issue 26, 5) at 390 x 844 the live preview stays in view while the clerk types in the form."""
    driver.set_window_size(390, 844)
    try:
        wait(driver, lambda d: js(d, "return window.innerWidth") <= 420, "the phone width")
        inputs = driver.find_elements(By.CSS_SELECTOR, "#record input[type=text], #record input:not([type])")
        last = inputs[-1] if inputs else driver.find_element(By.CSS_SELECTOR, "#record [name=gtin]")
        js(driver, "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", last)
        last.send_keys(" ")
        visible = wait(driver, lambda d: js(d, """const r = document.getElementById('preview').getBoundingClientRect();
            return r.height > 20 && r.top >= 0 && r.bottom <= window.innerHeight;"""), "the preview in view")
        field = js(driver, "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", last)
        c.check("phone: the preview stays in view while typing in the form's last field", bool(visible) and field)
        last.send_keys("\b")
    finally:
        driver.set_window_size(1366, 768)



AXE = os.path.join(os.environ.get("OCOPLABEL_NPM_DIR", "/usr/local/lib/ocoplabel-test-npm"),
                   "node_modules", "axe-core", "axe.min.js")


def axe_run(driver):
    """axe-core's rules on the page as it is: its violations, and what it could not decide ("incomplete")."""
    if not js(driver, "return typeof window.axe === 'object'"):
        with open(AXE, encoding="utf-8") as f:
            js(driver, f.read())
    r = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const short = (v) => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => n.target.join(' ') + ' (' + [].concat(n.any, n.all, n.none)
            .map((c) => c.message).join('; ') + ')') });
        axe.run(document, { resultTypes: ['violations', 'incomplete'] })
          .then((r) => done({ violations: r.violations.map(short), incomplete: r.incomplete.map(short) }),
                (e) => done({ error: String(e) }));""")
    if not isinstance(r, dict) or "error" in r:
        raise RuntimeError(f"axe.run: {r!r}")
    return r


def check_axe(c, driver, what):
    """(issue 26, accessibility) axe-core at 1366 x 768 and 390 x 844: no serious or critical violation, and
    nothing left for a person to decide but colours under sticky parts (which axe cannot see through)."""
    for width, height, where in ((1366, 768, "laptop"), (390, 844, "phone")):
        driver.set_window_size(width, height)
        wait(driver, lambda d: abs(js(d, "return window.innerWidth") - width) < 30, f"the {where} width")
        r = axe_run(driver)
        bad = [f"{v['id']} ({v['impact']}): {v['help']}: {', '.join(v['nodes'][:3])}" for v in r["violations"]
               if v["impact"] in ("serious", "critical")]
        c.check(f"{where}, {what}: axe-core finds no serious or critical violation", not bad, "; ".join(bad))
        minor = [f"{v['id']} ({v['impact']})" for v in r["violations"] if v not in bad]
        if minor:
            print(f"# {where}, {what}: axe-core's minor findings: {', '.join(minor)}")
        # axe cannot measure a colour under a sticky element (the phone's preview, the table's heading row and
        # first column), in a one-digit cell, nor in an empty field (whose text has the colour of the filled
        # fields, which it measures): those it leaves undecided, anything else is a finding
        unseen = ("overlapped by another element", "obscured by another element", "too short to determine",
                  "Element has no value")
        unsure = [f"{v['id']}: {', '.join(n for n in v['nodes'] if not any(u in n for u in unseen))}"
                  for v in r["incomplete"]
                  if not (v["id"] == "color-contrast" and all(any(u in n for u in unseen) for n in v["nodes"]))]
        c.check(f"{where}, {what}: nothing left undecided by axe-core (but colours under sticky parts)",
                not unsure, "; ".join(unsure))
    driver.set_window_size(1366, 768)
    wait(driver, lambda d: js(d, "return window.innerWidth") > 1000, "the laptop width")


def check_keyboard(c, driver, downloads):
    """(issue 26, accessibility) the keyboard alone: from the top of a fresh page, Tab reaches every field of
    the form in order (a value is typed into each), then the PDF download button, and Enter downloads the
    label named from the product."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    row = products()[0]
    before = set(os.listdir(downloads))
    js(driver, "window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();")
    keys = ActionChains(driver)
    typed, order, reached = [], [], False
    for _ in range(120):
        keys.send_keys(Keys.TAB).perform()
        a = js(driver, """const a = document.activeElement; return { id: a.id, name: a.name || '',
            tag: a.tagName.toLowerCase(), pdf: a.closest('#downloads') !== null && a.dataset.format === 'pdf',
            record: a.closest('#record') !== null };""")
        name = a["name"]
        order.append(a["id"] or a["tag"])
        if a["pdf"]:
            reached = True
            break
        if a["record"] and name in row and row[name] and name not in typed:
            if a["tag"] == "select":
                ActionChains(driver).send_keys(row[name][0]).perform()
            else:
                ActionChains(driver).send_keys(row[name]).perform()
            typed.append(name)
    want = [k for k in row if row[k] and driver.find_elements(By.CSS_SELECTOR, f"#record [name={k}]")]
    c.check("keyboard: Tab reaches every field of the product, and the PDF download button after them",
            reached and sorted(typed) == sorted(want), f"typed {typed}, missing {sorted(set(want) - set(typed))}, "
            f"{len(order)} Tabs, last {order[-3:]}")
    if not reached:
        return
    current = wait(driver, lambda d: d.find_element(By.ID, "preview").get_attribute("data-state") == "current",
                   "the preview")
    c.check("keyboard: the product typed makes a current preview", bool(current),
            driver.find_element(By.ID, "preview-status").text)
    ActionChains(driver).send_keys(Keys.ENTER).perform()

    def new_pdf(d):
        names = set(os.listdir(downloads)) - before
        pdfs = [n for n in names if n.endswith(".pdf")]
        return pdfs[0] if pdfs and not any(n.endswith(".crdownload") for n in names) else None
    got = wait(driver, new_pdf, "the PDF")
    c.check("keyboard: Enter on the download button saves the label's PDF, named from the product",
            bool(got) and got.endswith(".pdf") and row["lot"] in got, repr(got))

# A wrong check digit typed in the form and the workbook's rejected row: the server's exact messages in
# each language (po/vi.po's Vietnamese); the field and the code never change with the language.
TYPED_GTIN = "8936012346108"
MESSAGES = {
    "vi": "sai số kiểm tra trong '{bad}': chữ số cuối phải là {digit} ({right})",
    "en": "wrong check digit in '{bad}': the last digit should be {digit} ({right})",
}


def message(lang, bad, right):
    return MESSAGES[lang].format(bad=bad, digit=right[-1], right=right)


def english_shown(driver):
    """The page's own English strings (STRINGS.en, those unlike the Vietnamese) that its visible text
    shows, the language switch (which names English) aside."""
    return js(driver, """
        const vi = STRINGS.vi, en = STRINGS.en;
        const sw = document.getElementById('lang');
        const text = document.body.innerText.replace(sw.innerText, '');
        const found = [];
        for (const [k, v] of Object.entries(en)) {
          if (vi[k] === v) continue;
          for (const piece of v.split(/\{\w+\}/)) {
            const p = piece.trim();
            if (/[a-z]{2,} [a-z]{2,}/i.test(p) && text.includes(p)) found.push(k + ': ' + p);
          }
        }
        return found;""")


def check_server_language(c, driver, bad_row_gtin, right_row_gtin, args):
    """(4) the server's messages follow the page's language: a wrong check digit at the GTIN field and
    the rejected row's cell in Vietnamese by default, no English string left on the page; switched to
    English, the page's words and both messages in English (asked again of the server); and back."""
    gtin = driver.find_element(By.CSS_SELECTOR, "#record [name=gtin]")
    right = products()[0]["gtin"]
    heading = lambda d: d.find_element(By.ID, "h-single").text
    err = lambda d: d.find_element(By.ID, "err-gtin").text
    cell = lambda d: ((d.find_elements(By.CSS_SELECTOR, f"#rows tr[data-row='{BAD_ROW + 2}'] td[data-field='gtin']")
                       or [None])[0])
    cell_title = lambda d: cell(d).get_attribute("title") if cell(d) else ""
    type_into(gtin, TYPED_GTIN)
    for lang, title in (("vi", "Một nhãn"), ("en", "One label"), ("vi", "Một nhãn")):
        other = "en" if lang == "vi" else "vi"
        if lang != js(driver, "return document.documentElement.lang"):
            driver.find_element(By.ID, "lang").click()
        want = message(lang, TYPED_GTIN, right)
        row_want = message(lang, bad_row_gtin, right_row_gtin)
        shown = wait(driver, lambda d: js(d, "return document.documentElement.lang") == lang and heading(d) == title
                     and want in err(d) and row_want in cell_title(d), f"the messages in {lang}")
        c.check(f"({lang}) the heading, the GTIN field's message and the rejected row's are in {lang}",
                bool(shown), f"{heading(driver)!r}, {err(driver)!r}, {cell_title(driver)!r}")
        text = driver.find_element(By.TAG_NAME, "body").text
        stale = [m for m in (message(other, TYPED_GTIN, right), message(other, bad_row_gtin, right_row_gtin))
                 if m in text or m in cell_title(driver)]
        c.check(f"({lang}) no message of the server is left in the other language", not stale, "; ".join(stale))
        english = english_shown(driver)
        if lang == "vi":
            c.check("(vi) no English string of the page is shown", not english, "; ".join(english))
            if args.messages_screenshot and shown:
                screenshot(driver, args.messages_screenshot)
                print(f"# laptop screenshot with the server's messages: {args.messages_screenshot}")
            if args.phone_messages_screenshot and shown:
                screenshot(driver, args.phone_messages_screenshot, phone=True)
                print(f"# phone screenshot with the server's messages: {args.phone_messages_screenshot}")
            args.messages_screenshot = args.phone_messages_screenshot = None
        else:
            c.check("(en) the page's English strings are shown (what the Vietnamese check looks for)",
                    len(english) > 10, f"{len(english)} found")
    type_into(gtin, right)
    wait(driver, lambda d: not err(d), "the message gone")


def check_cert_and_printer(c, driver, printer):
    """(issue 26) a printer that does not answer and an expired certificate: in Vietnamese only on the
    Vietnamese page; in English after the switch (the record is checked again; the print, not sent twice by
    itself, is sent again by the clerk); and back."""
    cert = lambda d: d.find_element(By.CSS_SELECTOR, "#record [name=ocop_cert_date]")
    kept = cert(driver).get_attribute("value")
    box = driver.find_element(By.ID, "print-box")
    if not box.get_attribute("open"):
        driver.find_element(By.CSS_SELECTOR, "#print-box > summary").click()
    type_into(driver.find_element(By.ID, "p-socket"), printer)
    Select(driver.find_element(By.ID, "f-format")).select_by_value("tspl")
    words = {
        "vi": ("giấy chứng nhận OCOP cấp ngày 15/03/2022 đã hết hạn ngày 15/03/2025", "kết nối bị từ chối"),
        "en": ("the OCOP certificate of 15/03/2022 expired on 15/03/2025", "connection refused"),
    }
    err = lambda d: d.find_element(By.ID, "err-ocop_cert_date").text
    status = lambda d: d.find_element(By.ID, "print-status").text
    try:
        for lang in ("vi", "en", "vi"):
            other = "en" if lang == "vi" else "vi"
            if lang != js(driver, "return document.documentElement.lang"):
                driver.find_element(By.ID, "lang").click()
            wait(driver, lambda d: js(d, "return document.documentElement.lang") == lang, lang)
            cert_msg, printer_msg = words[lang]
            # a valid record to the printer that does not answer, then the certificate made expired
            type_into(cert(driver), kept)
            wait(driver, lambda d: not err(d) and d.find_element(By.ID, "preview").get_attribute("data-state") == "current",
                 "a valid record")
            driver.find_element(By.ID, "print-button").click()
            wait(driver, lambda d: printer_msg in status(d), "the printer's message")
            type_into(cert(driver), "15/03/2022")
            shown = wait(driver, lambda d: cert_msg in err(d) and printer_msg in status(d) and printer in status(d),
                         f"the messages in {lang}")
            c.check(f"({lang}) a printer that does not answer at Print, an expired certificate at its field: in {lang}",
                    bool(shown), f"{err(driver)!r}, {status(driver)!r}")
            text = driver.find_element(By.TAG_NAME, "body").text
            stale = [m for m in words[other] if m in text]
            c.check(f"({lang}) neither message in the other language", not stale, "; ".join(stale))
            if lang == "vi":
                english = english_shown(driver)
                c.check("(vi) and no English string of the page", not english, "; ".join(english))
    finally:
        type_into(cert(driver), kept)
        Select(driver.find_element(By.ID, "f-format")).select_by_value("pdf")
        type_into(driver.find_element(By.ID, "p-socket"), "")

def check_language(c, driver, table):
    """(4) the language switch: English, remembered over a reload, and back; the names from the table."""
    gtin = {f["name"]: f for f in table["fields"]}["gtin"]
    label = lambda d: form_names(d).get("gtin")
    legend = lambda d: d.find_element(By.CSS_SELECTOR, "#g-product > legend").text
    vi_legend = legend(driver)
    c.check("the page starts in Vietnamese", js(driver, "return document.documentElement.lang") == "vi"
            and label(driver) == gtin["label"] and vi_legend == "Sản phẩm", f"{label(driver)!r}, {vi_legend!r}")
    check_names(c, driver, table, "vi")
    driver.find_element(By.ID, "lang").click()
    en = wait(driver, lambda d: js(d, "return document.documentElement.lang") == "en"
              and label(d) == gtin["label_en"] and legend(d) == "Product", "English")
    c.check("the switch changes the labels to English", bool(en), f"{label(driver)!r}, {legend(driver)!r}")
    check_names(c, driver, table, "en")
    heads = {th.get_attribute("data-field"): th.find_elements(By.CSS_SELECTOR, ".col-field")
             for th in driver.find_elements(By.CSS_SELECTOR, "#rows thead th[data-field]")}
    got = heads.get("gtin")[0].text if heads.get("gtin") else None
    c.check("the rows table names the field under its column heading, in English too",
            got == shown_name(gtin, "en"), repr(got))
    driver.refresh()
    ready(driver)
    kept = wait(driver, lambda d: label(d) == gtin["label_en"], "English after a reload")
    c.check("the choice is remembered over a reload (localStorage)", bool(kept), repr(label(driver)))
    driver.find_element(By.ID, "lang").click()
    back = wait(driver, lambda d: js(d, "return document.documentElement.lang") == "vi"
                and label(d) == gtin["label"] and legend(d) == vi_legend, "Vietnamese")
    c.check("and back to Vietnamese", bool(back), repr(label(driver)))


# Stands between the page and GET /api/fields (before the page's own script runs): "hold" keeps the
# answer until window.__releaseFields(), "fail" answers 500 at once.
FIELDS_GATE = """(() => {
  const how = %s;
  const real = window.fetch.bind(window);
  let open;
  const gate = new Promise((resolve) => { open = resolve; });
  window.__releaseFields = () => open();
  window.fetch = (input, init) => {
    const u = new URL(typeof input === 'string' ? input : input.url, location.href);
    if (u.pathname !== '/api/fields') return real(input, init);
    if (how === 'fail') {
      return Promise.resolve(new Response('{"error": "no field table (page.py)"}',
        { status: 500, headers: { 'Content-Type': 'application/json' } }));
    }
    return gate.then(() => real(input, init));
  };
})();"""


def load_with(driver, url, how):
    """Load the page with GET /api/fields held back or failing; the identifier of the gate script."""
    r = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIELDS_GATE % repr(how)})
    driver.get(url)
    return r["identifier"]


def check_fields_late(c, driver, url, table):
    """(5) /api/fields late, then failing: a form named by the keys that works, then the table's names."""
    gate = load_with(driver, url, "hold")
    try:
        keys = wait(driver, lambda d: js(d, "return document.body.dataset.fields") == "keys"
                    and js(d, "return document.body.dataset.ready") == "true", "the form without the table")
        names = form_names(driver)
        fields = [f["name"] for f in table["fields"]]
        c.check("a late field table: the form is built anyway, each field named by its key",
                bool(keys) and all(names.get(k) == k for k in fields), repr(names))
        raw = raw_keys(driver)
        c.check("and no string is shown as its key", not raw, "; ".join(raw))
        row = products()[0]
        form = driver.find_element(By.ID, "record")
        for key, value in row.items():
            found = form.find_elements(By.NAME, key)
            if found:
                type_into(found[0], value)
        usable = wait(driver, lambda d: d.find_element(By.ID, "preview").get_attribute("data-state") == "current",
                      "the preview")
        c.check("the form without the table still makes a valid preview", bool(usable),
                driver.find_element(By.ID, "preview-status").text)
        js(driver, "window.__releaseFields()")
        named = wait(driver, lambda d: js(d, "return document.body.dataset.fields") == "table", "the table")
        gtin = {f["name"]: f for f in table["fields"]}["gtin"]
        kept = {k: driver.find_element(By.CSS_SELECTOR, f"#record [name={k}]").get_attribute("value")
                for k in row if driver.find_elements(By.CSS_SELECTOR, f"#record [name={k}]")}
        c.check("when the table comes, the form takes its names and keeps what was typed",
                bool(named) and form_names(driver).get("gtin") == gtin["label"]
                and all(kept[k] == row[k] for k in kept), f"{form_names(driver).get('gtin')!r}, {kept}")
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": gate})
    gate = load_with(driver, url, "fail")
    try:
        keys = wait(driver, lambda d: js(d, "return document.body.dataset.fields") == "keys"
                    and js(d, "return document.body.dataset.ready") == "true", "the form without the table")
        banner = driver.find_element(By.ID, "banner")
        names = form_names(driver)
        c.check("a failing /api/fields: the banner says so and the form is named by the keys",
                bool(keys) and banner.is_displayed() and "500" in banner.text and names.get("gtin") == "gtin",
                f"{banner.text!r}, {names.get('gtin')!r}")
        raw = raw_keys(driver)
        c.check("and no string is shown as its key", not raw, "; ".join(raw))
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": gate})
    driver.get(url)
    ready(driver)


def check_designer(c, driver, binary, templates_dir, shot=None):
    """(issue 27) the designer at 1366 x 768: a 40 x 30 label for a thermal printer is refused by the library with a
    size that holds everything, which the page offers and lays out; dragging the QR code's box onto the EAN-13's
    marks a broken rule (the box red, with the library's reason), moving it back clears it; the arrow keys move a
    box; a bad name is refused before sending; the template is saved in the server's folder (serve --templates),
    appears in the page's template list, and the CLI's batch with -t NAME makes labels whose codes decode."""
    from selenium.webdriver.common.action_chains import ActionChains
    driver.set_window_size(1366, 768)
    wait(driver, lambda d: js(d, "return window.innerWidth") > 1000, "the laptop width")
    js(driver, "document.getElementById('h-designer').scrollIntoView()")
    pick(driver, "d-preset", "40x30")
    pick(driver, "d-profile", "xprinter-203")
    driver.find_element(By.ID, "d-make").click()
    use = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".d-use"), "the size the library suggests")
    msg = driver.find_element(By.ID, "d-status").text
    c.check("designer: 40x30 mm with every mandatory part is refused, naming a size that holds it",
            bool(use) and "mm" in msg, msg)
    if not use:
        return
    use[0].click()
    boxes = wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".d-box")) > 3 and
                 d.find_elements(By.CSS_SELECTOR, ".d-box[data-id=qr]") and
                 d.find_elements(By.CSS_SELECTOR, ".d-box[data-id=ean]"), "the boxes")
    c.check("designer: the suggested size is laid out with a QR code and an EAN-13 box", bool(boxes),
            driver.find_element(By.ID, "d-status").text)
    if not boxes:
        return
    clean = lambda d: (js(d, "return document.querySelectorAll('.d-box.bad').length") == 0 and
                       "…" not in d.find_element(By.ID, "d-check").text and d.find_element(By.ID, "d-check").text)
    c.check("designer: the automatic layout keeps every rule", bool(wait(driver, clean, "the check")),
            driver.find_element(By.ID, "d-check").text)
    wait(driver, lambda d: js(d, "return document.getElementById('d-img').naturalWidth > 0"), "the preview")
    qr = driver.find_element(By.CSS_SELECTOR, ".d-box[data-id=qr]")
    ean = driver.find_element(By.CSS_SELECTOR, ".d-box[data-id=ean]")
    js(driver, "arguments[0].scrollIntoView({block: 'center'})", qr)
    q0, e0 = qr.rect, ean.rect
    dx = round(e0["x"] + e0["width"] / 2 - (q0["x"] + q0["width"] / 2))
    dy = round(e0["y"] + e0["height"] / 2 - (q0["y"] + q0["height"] / 2))
    ActionChains(driver).move_to_element(qr).click_and_hold().move_by_offset(dx // 2, dy // 2) \
        .move_by_offset(dx - dx // 2, dy - dy // 2).release().perform()
    # (a check may answer for the way there first: the one for where it was dropped names the EAN-13)
    bad = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".d-box.bad[data-id=qr]") and
               "ean" in d.find_element(By.CSS_SELECTOR, ".d-box[data-id=qr]").get_attribute("title"), "the QR box marked")
    reason = driver.find_element(By.CSS_SELECTOR, ".d-box[data-id=qr]").get_attribute("title")
    problems = driver.find_element(By.ID, "d-problems").text
    c.check("designer: the QR code dragged onto the EAN-13 is marked red with the library's reason",
            bool(bad) and "ean" in reason, f"title [{reason}] problems [{problems}]")
    if shot:
        # the view the clerk has: the layout with the broken rule marked, and its reason
        js(driver, "document.getElementById('d-area').scrollIntoView({block: 'start'})")
        wait(driver, lambda d: js(d, "return document.getElementById('d-img').complete"), "the preview drawn")
        driver.save_screenshot(shot)
    # back where it was (the chosen box is drawn on top of the one it covers)
    qr = driver.find_element(By.CSS_SELECTOR, ".d-box[data-id=qr]")
    q1 = qr.rect
    bx, by = round(q0["x"] - q1["x"]), round(q0["y"] - q1["y"])
    ActionChains(driver).move_to_element(qr).click_and_hold().move_by_offset(bx // 2, by // 2) \
        .move_by_offset(bx - bx // 2, by - by // 2).release().perform()
    c.check("designer: moved back, the rule is kept again", bool(wait(driver, clean, "the check")),
            driver.find_element(By.ID, "d-problems").text)
    # the keyboard: the arrow keys move the focused box by 0.5 mm, and back
    qr = driver.find_element(By.CSS_SELECTOR, ".d-box[data-id=qr]")
    before = qr.get_attribute("aria-label")
    qr.send_keys("\ue014")  # ArrowRight
    after = driver.find_element(By.CSS_SELECTOR, ".d-box[data-id=qr]").get_attribute("aria-label")
    driver.find_element(By.CSS_SELECTOR, ".d-box[data-id=qr]").send_keys("\ue012")  # ArrowLeft
    back = driver.find_element(By.CSS_SELECTOR, ".d-box[data-id=qr]").get_attribute("aria-label")
    c.check("designer: the arrow keys move the chosen box (its name says where)", before != after and back == before,
            f"{before} / {after} / {back}")
    wait(driver, clean, "the check")
    for width, height, where in ((1366, 768, "laptop"), (390, 844, "phone")):
        driver.set_window_size(width, height)
        wait(driver, lambda d: abs(js(d, "return window.innerWidth") - width) < 30, f"the {where} width")
        r = axe_run(driver)
        serious = [f"{v['id']}: {', '.join(v['nodes'][:3])}" for v in r["violations"]
                   if v["impact"] in ("serious", "critical")]
        c.check(f"designer, {where}: axe-core finds no serious or critical violation", not serious, "; ".join(serious))
    driver.set_window_size(1366, 768)
    wait(driver, lambda d: js(d, "return window.innerWidth") > 1000, "the laptop width")
    name = driver.find_element(By.ID, "d-name")
    name.clear()
    name.send_keys("../Bad Name")
    driver.find_element(By.ID, "d-save").click()
    c.check("designer: a name that is not [a-z0-9-] is refused before sending",
            name.get_attribute("aria-invalid") == "true" and not os.listdir(templates_dir),
            driver.find_element(By.ID, "d-save-status").text)
    name.clear()
    name.send_keys("page-designer")
    driver.find_element(By.ID, "d-save").click()
    saved = wait(driver, lambda d: d.find_element(By.ID, "d-save-status").get_attribute("data-saved") == "page-designer",
                 "saved")
    c.check("designer: saved in the server's template folder", bool(saved) and
            os.path.exists(os.path.join(templates_dir, "page-designer.ini")),
            driver.find_element(By.ID, "d-save-status").text)
    listed = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#f-template option[value='page-designer']"),
                  "the template list")
    c.check("designer: the saved template is in the page's template list", bool(listed))
    # the CLI with -t NAME from that folder: every label's codes decode
    tmp = tempfile.mkdtemp(prefix="ocoplabel-designer.")
    try:
        env = dict(os.environ, OCOPLABEL_TEMPLATE_PATH=templates_dir + ":" + os.path.join(REPO, "templates"))
        sub = os.path.join(tmp, "p.csv")
        with open(CSV, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
        with open(sub, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[:4]) + "\n")
        pdf = os.path.join(tmp, "l.pdf")
        r = run([binary, "batch", "-q", "--today=2026-06-01", sub, "-t", "page-designer", "--dpi", "203", "-o", pdf],
                env=env)
        c.check("designer: ocoplabel batch -t page-designer", r.returncode == 0, r.stderr.strip())
        if r.returncode == 0:
            run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pngmono", "-r203",
                 "-o", os.path.join(tmp, "p-%03d.png"), pdf])
            rows = products()[:3]
            for i, rec in enumerate(rows):
                png = os.path.join(tmp, f"p-{i + 1:03d}.png")
                got = zbar(png) if os.path.exists(png) else []
                want = ("EAN-13", rec["gtin"].strip())
                qr = [t for k, t in got if k == "QR-Code"]
                c.check(f"designer: label {i + 1} of the saved template decodes (EAN-13 and the Digital Link)",
                        want in got and len(qr) == 1 and "/01/0" + rec["gtin"].strip() in qr[0], repr(got))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="the page of a running ocoplabel serve")
    where.add_argument("--mock", metavar="OCOPLABEL_BINARY", help="start tests/mock_server.py with this binary")
    ap.add_argument("--token", help="the server's token (--url)")
    ap.add_argument("--ocoplabel", help="the ocoplabel program for 'ocoplabel url' (--url)")
    ap.add_argument("--printer", help="a printer the server allows (serve --printer) that does not answer (--url)")
    ap.add_argument("--screenshot", help="save the laptop view (1280x900) with the product typed")
    ap.add_argument("--phone-screenshot", help="save the whole page as a phone (390 px wide) shows it")
    ap.add_argument("--messages-screenshot", help="save the laptop view in Vietnamese with the server's messages "
                    "shown (a wrong check digit, a rejected row)")
    ap.add_argument("--phone-messages-screenshot", help="the same, the whole page as a phone shows it")
    ap.add_argument("--templates-dir", help="the server's template folder (serve --templates): the designer saves "
                    "there (--url)")
    ap.add_argument("--designer-screenshot", help="save the designer with a broken rule marked (docs/designer.png)")
    args = ap.parse_args()
    for tool in ("zbarimg", "ZXingReader", "pdftoppm"):
        if not shutil.which(tool):
            sys.exit(f"page.py: {tool} is needed")
    if not os.path.exists(AXE):
        sys.exit(f"page.py: axe-core is needed ({AXE}): run tests/npm-tools.sh (./quickstart.sh test does)")

    binary = args.mock or args.ocoplabel or os.path.join(REPO, "build", "src", "cli", "ocoplabel")
    if not os.path.exists(binary):
        binary = shutil.which("ocoplabel") or binary
    binary = os.path.abspath(binary) if os.path.exists(binary) else binary

    def out_of_time(signum, frame):
        raise OutOfTime()
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(TOTAL)

    c = Checks()
    tmp = tempfile.mkdtemp(prefix="ocoplabel-page.")
    downloads = os.path.join(tmp, "downloads")
    os.mkdir(downloads)
    mock = driver = None
    log = open(os.path.join(tmp, "mock.log"), "w")
    try:
        if args.mock:
            token = secrets.token_hex(8)
            mock, url = start_mock(binary, token, log)
        else:
            url, token = args.url, args.token
        driver = browser(tmp, downloads)
        driver.get(url + (("&" if "?" in url else "?") + "token=" + token if token else ""))
        loaded = bool(ready(driver))
        banner = driver.find_elements(By.ID, "banner")
        c.check("the page loads and builds its form from /api/fields", loaded,
                "" if loaded else (banner[0].text if banner else "no page at " + url))
        if not loaded:
            raise Stop()
        if token:
            c.check("the token leaves the address bar (kept in sessionStorage)", "token=" not in driver.current_url,
                    driver.current_url)
        if check_preview(c, driver, tmp, binary, args):
            check_gtin_message(c, driver)
            check_thermal_preview(c, driver, tmp)
            check_phone_preview(c, driver)
        check_batch_template(c, driver)
        check_batch(c, driver, tmp, downloads)
        check_serials(c, driver)
        check_axe(c, driver, "a product and a file with a rejected row")
        check_server_language(c, driver, BAD_GTIN, products()[BAD_ROW]["gtin"], args)
        if args.printer:
            check_cert_and_printer(c, driver, args.printer)
        table = field_table(driver)
        check_language(c, driver, table)
        check_fields_late(c, driver, url, table)
        check_keyboard(c, driver, downloads)
        if args.templates_dir:
            check_designer(c, driver, binary, args.templates_dir, args.designer_screenshot)
    except Stop:
        pass
    except OutOfTime:
        c.check(f"the test ends within {TOTAL} s", False)
    except (WebDriverException, RuntimeError, OSError, subprocess.SubprocessError) as e:
        c.check("the test runs to its end", False, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    finally:
        signal.alarm(0)
        if driver:
            try:
                driver.quit()
            except WebDriverException:
                pass
        if mock:
            mock.terminate()
            try:
                mock.wait(10)
            except subprocess.TimeoutExpired:
                mock.kill()
        log.close()
        if c.failed and args.mock:
            with open(log.name) as f:
                sys.stdout.write("".join("# mock: " + line for line in f.readlines()[-20:]))
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{c.n} checks, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
