#!/usr/bin/python3
"""Spreadsheet fixtures for the .xlsx/.ods reader (issue 15), written at test time by real writers:
openpyxl 3.0 (python3-openpyxl) and odfpy (python3-odf). Run with Debian's /usr/bin/python3.

Usage:
  workbooks.py OUTDIR EXAMPLE_CSV   the fixtures and OUTDIR/manifest.json (what a correct reader gives)
  workbooks.py --big N OUT.xlsx     an N-row product workbook (openpyxl write_only) for memory measurements
  workbooks.py --check OUTDIR       reads the .xlsx fixtures back with openpyxl and compares with the manifest

Everything is deterministic: fixed dates, fixed zip timestamps, seeded pseudo-random bytes; the same
inputs give byte-identical files. Standard library, openpyxl and odfpy only.

openpyxl 3.0 writes every string as an inline string (t="inlineStr") and no sharedStrings.xml, where
Excel writes a shared-strings table. So each .xlsx here is written by openpyxl and then re-zipped with
its strings moved into xl/sharedStrings.xml, as Excel has them (save_xlsx); [Content_Types].xml is
put first, as Excel does. What else is edited into the XML parts is said at each fixture.
"""
import base64
import csv
import datetime as dt
import io
import json
import os
import random
import re
import struct
import sys
import time
import zipfile

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from odf import dc, number, office, style, table, text
from odf.opendocument import OpenDocumentSpreadsheet

ZIP_TIME = (2026, 11, 1, 8, 0, 0)   # every zip member's timestamp
DOC_TIME = dt.datetime(2026, 11, 1, 8, 0, 0)
SHEET = "Sản phẩm"
DATE_FIELDS = ("production_date", "expiry_date", "ocop_cert_date")
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


# ---------------------------------------------------------------- helpers

def read_example(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def dmy(s):
    d, m, y = (int(x) for x in s.split("/"))
    return dt.datetime(y, m, d)


def typed(field, value):
    """A clerk's cell for a CSV value: GTIN and stars as numbers, dates as dates, the rest text."""
    if field in ("gtin", "stars"):
        return int(value)
    if field in DATE_FIELDS:
        return dmy(value)
    return value


def new_workbook(epoch=None):
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    wb.properties.created = DOC_TIME
    wb.properties.modified = DOC_TIME
    wb.properties.creator = "ocoplabel tests"
    return wb


def write_zip(path, members, stored=()):
    """members: list of (name, bytes) in order; every member deflated unless named in stored."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)


def replace_once(data, old, new):
    if isinstance(data, bytes):
        old = old.encode() if isinstance(old, str) else old
        new = new.encode() if isinstance(new, str) else new
    n = data.count(old)
    if n != 1:
        raise SystemExit("workbooks.py: edit expected one %r, found %d" % (old[:80], n))
    return data.replace(old, new)


INLINE = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t( xml:space="preserve")?>(.*?)</t></is></c>',
                    re.S)


def shared_strings(parts, keep_inline=()):
    """Moves openpyxl's inline strings into a shared-strings table (Excel's way): each worksheet's
    <c t="inlineStr"><is><t>..</t></is></c> becomes <c t="s"><v>index</v></c>; cells named in
    keep_inline (e.g. "B4", in every sheet) stay inline strings as openpyxl wrote them (non-ASCII
    letters as character references)."""
    index, order, count = {}, [], 0
    for name in list(parts):
        if not re.match(r"xl/worksheets/sheet[0-9]+\.xml$", name):
            continue

        def sub(m):
            nonlocal count
            ref, s, space, body = m.groups()
            if ref in keep_inline:
                return m.group(0)
            # lxml wrote non-ASCII letters as character references (&#224;); Excel writes UTF-8
            key = (space or "", re.sub(r"&#([0-9]+);", lambda c: chr(int(c.group(1))) if int(c.group(1)) >= 128
                                       else c.group(0), body))
            if key not in index:
                index[key] = len(order)
                order.append(key)
            count += 1
            return '<c r="%s"%s t="s"><v>%d</v></c>' % (ref, s, index[key])

        parts[name] = INLINE.sub(sub, parts[name].decode()).encode()
    sis = "".join("<si><t%s>%s</t></si>" % k for k in order)
    parts["xl/sharedStrings.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                     '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
                                     % (MAIN_NS, count, len(order), sis)).encode()
    parts["[Content_Types].xml"] = replace_once(
        parts["[Content_Types].xml"], "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>' % SST_TYPE)
    parts["xl/_rels/workbook.xml.rels"] = replace_once(
        parts["xl/_rels/workbook.xml.rels"], "</Relationships>",
        '<Relationship Id="rIdSst" Type="%s" Target="sharedStrings.xml"/></Relationships>' % SST_REL)


def save_xlsx(wb, path, edit=None, keep_inline=()):
    """openpyxl writes; then strings go to sharedStrings.xml, edit(parts) may change parts, and all the
    members are zipped again with [Content_Types].xml first."""
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    shared_strings(parts, keep_inline)
    if edit:
        edit(parts)
    names = ["[Content_Types].xml"] + [n for n in parts if n != "[Content_Types].xml"]
    write_zip(path, [(n, parts[n]) for n in names])


def save_ods(doc, path, edit=None, stored=("mimetype",)):
    """odfpy writes; members zipped again with fixed timestamps (mimetype first and stored)."""
    buf = io.BytesIO()
    doc.write(buf)
    with zipfile.ZipFile(buf) as z:
        parts = [(n, z.read(n)) for n in z.namelist()]
    if edit:
        parts = edit(parts)
    write_zip(path, parts, stored=stored)


def product_sheet(ws, header, rows):
    ws.title = SHEET
    ws.append(header)
    for r in rows:
        ws.append([typed(h, r[h]) for h in header])
        n = ws.max_row
        for col, h in enumerate(header, 1):
            if h in DATE_FIELDS:
                ws.cell(row=n, column=col).number_format = "dd/mm/yyyy"


def expect_rows(header, rows, first=2):
    return [{"row": first + i, "hidden": False,
             "values": {h: r[h] for h in header if r[h] != ""}} for i, r in enumerate(rows)]


# ---------------------------------------------------------------- ODS building blocks

class Ods:
    """An odfpy spreadsheet with the styles the fixtures use: dd/mm/yyyy dates, a percentage, bold runs."""

    def __init__(self):
        self.doc = OpenDocumentSpreadsheet()
        a = self.doc.automaticstyles
        ds = number.DateStyle(name="N37")
        ds.addElement(number.Day(style="long"))
        ds.addElement(number.Text(text="/"))
        ds.addElement(number.Month(style="long"))
        ds.addElement(number.Text(text="/"))
        ds.addElement(number.Year(style="long"))
        a.addElement(ds)
        ps = number.PercentageStyle(name="N11")
        ps.addElement(number.Number(decimalplaces="0", minintegerdigits="1"))
        ps.addElement(number.Text(text="%"))
        a.addElement(ps)
        a.addElement(style.Style(name="ceDate", family="table-cell", datastylename="N37"))
        a.addElement(style.Style(name="cePct", family="table-cell", datastylename="N11"))
        bold = style.Style(name="T1", family="text")
        bold.addElement(style.TextProperties(fontweight="bold"))
        a.addElement(bold)

    def sheet(self, name, ncols):
        t = table.Table(name=name)
        t.addElement(table.TableColumn(numbercolumnsrepeated=str(ncols)))
        self.doc.spreadsheet.addElement(t)
        return t


def p(*parts):
    """A text:p of strings and elements."""
    el = text.P()
    for x in parts:
        if isinstance(x, str):
            el.addText(x)
        else:
            el.addElement(x)
    return el


def ods_cell(value, **kw):
    """A typed ODS cell: str -> string, bool -> boolean, int/float -> float, datetime -> date."""
    if value is None or value == "":
        return table.TableCell(**kw)
    if isinstance(value, bool):
        c = table.TableCell(valuetype="boolean", booleanvalue="true" if value else "false", **kw)
        c.addElement(p("TRUE" if value else "FALSE"))
    elif isinstance(value, (int, float)):
        c = table.TableCell(valuetype="float", value=repr(value), **kw)
        c.addElement(p(repr(value)))
    elif isinstance(value, dt.datetime):
        iso = value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%dT%H:%M:%S")
        c = table.TableCell(valuetype="date", datevalue=iso, stylename="ceDate", **kw)
        c.addElement(p(value.strftime("%d/%m/%Y")))
    else:
        c = table.TableCell(valuetype="string", **kw)
        for line in value.split("\n"):
            c.addElement(p(line))
    return c


def ods_row(values, **kw):
    r = table.TableRow(**kw)
    for v in values:
        r.addElement(v if hasattr(v, "qname") else ods_cell(v))
    return r


def product_ods(header, rows, doc=None):
    o = doc or Ods()
    t = o.sheet(SHEET, len(header))
    t.addElement(ods_row(header))
    for r in rows:
        t.addElement(ods_row([typed(h, r[h]) for h in header]))
    return o


# ---------------------------------------------------------------- fixtures: the example

def f_example(out, header, rows, M):
    wb = new_workbook()
    product_sheet(wb.active, header, rows)
    save_xlsx(wb, os.path.join(out, "example.xlsx"))
    save_ods(product_ods(header, rows).doc, os.path.join(out, "example.ods"))
    for name, kind in (("example.xlsx", "xlsx"), ("example.ods", "ods")):
        M[name] = {"kind": kind, "what": "the example CSV as a clerk's workbook: GTIN and stars numbers, dates date "
                   "cells (dd/mm/yyyy), the rest text; every cell reads as the CSV's text",
                   "sheets": [SHEET], "sheet": SHEET, "worksheet": None, "headings": header,
                   "rows": expect_rows(header, rows), "errors": []}


# ---------------------------------------------------------------- cells.xlsx / cells1904.xlsx

def cells_workbook(header, ex, epoch=None):
    """Rows 2-10 of every cell kind (see the manifest entry). Edited in after openpyxl (it cannot
    write them): rich-text runs with a phonetic run (row 2 name, in sharedStrings.xml), a formula's
    cached number (D3) and a formula with a cached string t="str" (H3), an ISO date cell t="d" (J3),
    a formula with no <v> element at all (D9). openpyxl itself writes: the inline string (C4 kept
    inline), booleans t="b", the error cell t="e" #N/A, the formula =1+1 with an empty <v></v>,
    the merge, the hidden row and the skipped cells."""
    wb = new_workbook(epoch)
    ws = wb.active
    ws.title = SHEET
    hdr = list(header) + ["ghi_chu"]
    heads = list(hdr)
    heads[0] = "name  "          # trailing spaces
    heads[1] = "producer "
    ws.append(heads)
    ws.merge_cells("M1:N1")      # ghi_chu merged over M and N: N1 has no heading
    col = {h: i + 1 for i, h in enumerate(hdr)}

    def put(row, field, value, fmt=None):
        c = ws.cell(row=row, column=col[field], value=value)
        if fmt:
            c.number_format = fmt
        return c

    def base(row, r, skip=()):
        for h in header:
            if h not in skip:
                put(row, h, typed(h, r[h]), "dd/mm/yyyy" if h in DATE_FIELDS else None)

    # row 2: rich text name, GTIN number, dates: built-in format 14, dd/mm/yyyy, d-mmm-yy; TRUE
    base(2, ex[0])
    put(2, "production_date", dmy(ex[0]["production_date"]), "mm-dd-yy")   # openpyxl: built-in numFmtId 14
    put(2, "ocop_cert_date", dmy(ex[0]["ocop_cert_date"]), "d-mmm-yy")     # openpyxl: built-in numFmtId 15
    put(2, "ghi_chu", True)
    # row 3: GTIN as text, formula with cached number, formula with cached string, date-time, t="d", 500
    base(3, ex[1])
    put(3, "gtin", ex[1]["gtin"])
    put(3, "stars", "=2+2")
    put(3, "lot", '="MD"&"2610"')
    put(3, "production_date", dmy(ex[1]["production_date"]).replace(hour=14, minute=30), "dd/mm/yyyy hh:mm")
    put(3, "expiry_date", "@@ISODATE@@")
    put(3, "net_quantity", 500, '#,##0 "ml"')    # an 'm' in quotes: not a date format
    put(3, "ocop_cert_date", dmy(ex[1]["ocop_cert_date"]), "[$-42A]dd mmmm yyyy")   # Vietnamese-locale format
    put(3, "ghi_chu", False)
    # row 4: hidden; producer an inline string; net_quantity 1.25; dates typed as text
    base(4, ex[2])
    for h in DATE_FIELDS:
        put(4, h, ex[2][h])
    put(4, "net_quantity", 1.25)
    put(4, "ghi_chu", "Hàng mẫu, không bán")
    ws.row_dimensions[4].hidden = True
    # row 5: C5 and D5 absent (E5 follows B5)
    base(5, ex[3], skip=("address", "stars"))
    put(5, "ghi_chu", "Thiếu địa chỉ và hạng sao")
    # row 6: a GTIN with a fraction
    base(6, ex[5])
    put(6, "gtin", 8936012346152.5)
    # row 7: a formula without a cached value (openpyxl writes <f>1+1</f><v></v>)
    base(7, ex[6])
    put(7, "stars", "=1+1")
    # row 8: an error cell #N/A (openpyxl writes t="e")
    base(8, ex[7])
    put(8, "producer", "#N/A")
    # row 9: a formula with no <v> at all (edited: the empty <v></v> removed)
    base(9, ex[8])
    put(9, "stars", "=SUM(2,2)")
    # row 10: a plain good row after the errors
    base(10, ex[4])
    put(10, "production_date", dmy(ex[4]["production_date"]), "mm-dd-yy")

    rich = ('<si><r><rPr><b/><sz val="11"/><rFont val="Calibri"/><family val="2"/></rPr><t xml:space="preserve">'
            'Trà hoa </t></r><r><rPr><i/><sz val="11"/><rFont val="Calibri"/><family val="2"/></rPr><t>vàng</t></r>'
            '<r><t xml:space="preserve"> Ba Chẽ</t></r><rPh sb="0" eb="3"><t>チャ</t></rPh>'
            '<phoneticPr fontId="1" type="noConversion"/></si>')

    def edit(parts):
        s = "xl/worksheets/sheet1.xml"
        parts["xl/sharedStrings.xml"] = replace_once(parts["xl/sharedStrings.xml"],
                                                     "<si><t>%s</t></si>" % ex[0]["name"], rich)
        parts[s] = replace_once(parts[s], '<c r="D3"><f>2+2</f><v></v></c>', '<c r="D3"><f>2+2</f><v>4</v></c>')
        parts[s] = replace_once(parts[s], '<c r="H3"><f>"MD"&amp;"2610"</f><v></v></c>',
                                '<c r="H3" t="str"><f>"MD"&amp;"2610"</f><v>MD2610</v></c>')
        parts[s] = replace_once(parts[s], '<c r="D9"><f>SUM(2,2)</f><v></v></c>', '<c r="D9"><f>SUM(2,2)</f></c>')
        parts[s] = re.sub(rb'<c r="J3"( s="[0-9]+")? t="inlineStr"><is><t>@@ISODATE@@</t></is></c>',
                          rb'<c r="J3"\1 t="d"><v>2027-10-20T00:00:00</v></c>', parts[s], count=1)
        assert b't="d"><v>2027-10-20' in parts[s]

    return wb, edit


def cells_manifest(header, ex):
    def vals(r, **over):
        v = {h: r[h] for h in header}
        v.update(over)
        return {k: x for k, x in v.items() if x is not None}

    rows = [
        {"row": 2, "hidden": False, "values": vals(ex[0], ghi_chu="TRUE")},
        {"row": 3, "hidden": False, "values": vals(ex[1], net_quantity="500", ghi_chu="FALSE")},
        {"row": 4, "hidden": True, "values": vals(ex[2], net_quantity="1.25", ghi_chu="Hàng mẫu, không bán")},
        {"row": 5, "hidden": False, "values": vals(ex[3], address=None, stars=None, ghi_chu="Thiếu địa chỉ và hạng sao"),
         "note": "C5 and D5 are absent: the reader gives the row; validation then reports the missing address "
                 "and stars (required fields)"},
        {"row": 10, "hidden": False, "values": vals(ex[4])},
    ]
    errors = [
        {"row": 6, "cell": "E6", "field": "gtin", "what": "a number with a fraction (8936012346152.5) in a code column"},
        {"row": 7, "cell": "D7", "field": "stars", "what": "a formula (=1+1) without a cached value (empty <v></v>)"},
        {"row": 8, "cell": "B8", "field": "producer", "what": "an error cell (t=\"e\") #N/A"},
        {"row": 9, "cell": "D9", "field": "stars", "what": "a formula (=SUM(2,2)) without a cached value (no <v>)"},
    ]
    cells = {
        "A2": "rich text: 3 runs with <rPr>, a phonetic <rPh> run 'チャ' that is not part of the text",
        "E2": "GTIN as the number 8936012346107", "D2": "stars as the number 5",
        "I2": "date, built-in numFmtId 14", "J2": "date, custom 'dd/mm/yyyy'", "L2": "date, 'd-mmm-yy' (openpyxl, as Excel, stores it as built-in numFmtId 15)",
        "M2": "boolean t=\"b\" 1 -> TRUE", "E3": "GTIN as text", "D3": "formula 2+2 with cached <v>4</v>",
        "H3": "formula with a string result t=\"str\" MD2610",
        "I3": "date-time 2026-10-20 14:30, format 'dd/mm/yyyy hh:mm': the date part counts",
        "J3": "ISO date cell t=\"d\" 2027-10-20T00:00:00",
        "K3": "number 500 in a text column, format '#,##0 \"ml\"' (shown '500 ml'; an m in quotes is no date) -> 500",
        "L3": "date, custom Vietnamese-locale format '[$-42A]dd mmmm yyyy'", "M3": "boolean 0 -> FALSE", "C4": "inline string t=\"inlineStr\"",
        "K4": "number 1.25 in a text column -> 1.25", "I4": "a date typed as text '05/11/2026'",
        "E5": "follows B5: C5, D5 absent", "A1": "heading 'name  ' (trailing spaces)",
        "B1": "heading 'producer ' (trailing space)", "M1": "heading ghi_chu merged over M1:N1 (N1 absent)",
    }
    return rows, errors, cells


def f_cells(out, header, ex, M):
    hdr = list(header) + ["ghi_chu"]
    rows, errors, cells = cells_manifest(header, ex)
    for name, epoch in (("cells.xlsx", None), ("cells1904.xlsx", CALENDAR_MAC_1904)):
        wb, edit = cells_workbook(header, ex, epoch)
        save_xlsx(wb, os.path.join(out, name), edit, keep_inline={"C4", "J3"})
        M[name] = {"kind": "xlsx",
                   "what": "every xlsx cell kind" + (" in the 1904 date system (workbookPr date1904=\"1\"): a reader "
                                                      "that ignores it is 4 years and 1 day early" if epoch else ""),
                   "sheets": [SHEET], "sheet": SHEET, "worksheet": None, "headings": hdr,
                   "merged": ["M1:N1"], "date1904": bool(epoch), "cells": cells,
                   "rows": rows, "errors": errors}
    with zipfile.ZipFile(os.path.join(out, "cells1904.xlsx")) as z:
        assert b'date1904="1"' in z.read("xl/workbook.xml")


# ---------------------------------------------------------------- cells.ods

NCOLS = 1024


def f_cells_ods(out, header, ex, M):
    """Every ODS construct (odfpy writes all of them natively)."""
    o = Ods()
    hdr = list(header) + ["ghi_chu"]
    t = o.sheet(SHEET, NCOLS)
    H = table.TableCell

    def row(cells, **kw):
        r = table.TableRow(**kw)
        for c in cells:
            r.addElement(c)
        n = sum(int(c.getAttribute("numbercolumnsrepeated") or 1) for c in cells)
        r.addElement(H(numbercolumnsrepeated=str(NCOLS - n)))   # trailing empty cells up to column 1024
        return r

    def cells_of(r, **over):
        out_ = []
        for h in header:
            v = over.get(h, typed(h, r[h]))
            out_.append(v if hasattr(v, "qname") else ods_cell(v))
        return out_

    def txt(*parts, **kw):
        c = H(valuetype="string", **kw)
        c.addElement(p(*parts))
        return c

    # row 1: header: "name" + 2 spaces as <text:s text:c="2"/>, ghi_chu spanned over 2 columns + covered cell
    head = [txt("name", text.S(c="2"))] + [ods_cell(h) for h in header[1:]]
    g = ods_cell("ghi_chu", numbercolumnsspanned="2", numberrowsspanned="1")
    t.addElement(row(head + [g, table.CoveredTableCell()]))

    # row 2: span runs; GTIN float shown as 8,94E+12; stars float; dates; boolean shown as ĐÚNG
    name = txt(text.Span(stylename="T1", text="Trà hoa"), " vàng ", text.Span(stylename="T1", text="Ba Chẽ"))
    gt = H(valuetype="float", value="8936012346107")
    gt.addElement(p("8,94E+12"))
    b = H(valuetype="boolean", booleanvalue="true")
    b.addElement(p("ĐÚNG"))
    t.addElement(row(cells_of(ex[0], name=name, gtin=gt) + [b]))

    # row 3: <text:s text:c="3"/>; growing_area/packing_facility/lot one cell repeated over 3 columns;
    # formula with cached value; date-time; line break
    r = ex[1]
    addr = txt("Thị trấn Bình Liêu,", text.S(c="3"), "huyện Bình Liêu, tỉnh Quảng Ninh")
    st = H(valuetype="float", value="4", formula="of:=2+2")
    st.addElement(p("4"))
    rep = ods_cell("VN-QNOR-0031", numbercolumnsrepeated="3")
    pd = H(valuetype="date", datevalue="2026-10-20T14:30:00", stylename="ceDate")
    pd.addElement(p("20/10/2026"))
    cs = cells_of(r, address=addr, stars=st, production_date=pd)
    cs = cs[:5] + [rep] + cs[8:]
    t.addElement(row(cs + [txt("Dòng một", text.LineBreak(), "Dòng hai")]))

    # row 4: hidden (collapse); net_quantity float 1.25; a percentage 25 %
    q = H(valuetype="float", value="1.25")
    q.addElement(p("1,25"))
    pc = H(valuetype="percentage", value="0.25", stylename="cePct")
    pc.addElement(p("25%"))
    t.addElement(row(cells_of(ex[2], net_quantity=q) + [pc], visibility="collapse"))

    # row 5: filtered out (filter); GTIN as text; two paragraphs in one cell
    t.addElement(row(cells_of(ex[3], gtin=ods_cell(ex[3]["gtin"])) + [ods_cell("Dòng 1\nDòng 2")],
                     visibility="filter"))

    # rows 6-7: one empty row repeated twice
    e = table.TableRow(numberrowsrepeated="2")
    e.addElement(H(numbercolumnsrepeated=str(NCOLS)))
    t.addElement(e)

    # rows 8-10: one row repeated 3 times; boolean false
    t.addElement(row(cells_of(ex[4]) + [ods_cell(False)], numberrowsrepeated="3"))

    # row 11: a GTIN with a fraction
    f = H(valuetype="float", value="8936012346152.5")
    f.addElement(p("8936012346152,5"))
    t.addElement(row(cells_of(ex[5], gtin=f)))

    # row 12: a comment (office:annotation) in the name cell: not part of the value
    nm = H(valuetype="string")
    an = office.Annotation()
    an.addElement(dc.Creator(text="Kế toán"))
    an.addElement(dc.Date(text="2026-11-01T08:00:00"))
    an.addElement(p("Kiểm tra lại tên"))
    nm.addElement(an)
    nm.addElement(p("Rượu ba kích Hoành Bồ"))
    t.addElement(row(cells_of(ex[6], name=nm)))

    # rows 13-1048012: one empty row repeated 1048000 times
    e = table.TableRow(numberrowsrepeated="1048000")
    e.addElement(H(numbercolumnsrepeated=str(NCOLS)))
    t.addElement(e)
    save_ods(o.doc, os.path.join(out, "cells.ods"))

    def vals(r, **over):
        v = {h: r[h] for h in header}
        v.update(over)
        return v

    rows = [
        {"row": 2, "hidden": False, "values": vals(ex[0], ghi_chu="TRUE")},
        {"row": 3, "hidden": False, "values": vals(
            ex[1], address="Thị trấn Bình Liêu,   huyện Bình Liêu, tỉnh Quảng Ninh", growing_area="VN-QNOR-0031",
            packing_facility="VN-QNOR-0031", lot="VN-QNOR-0031", ghi_chu="Dòng một\nDòng hai")},
        {"row": 4, "hidden": True, "values": vals(ex[2], net_quantity="1.25", ghi_chu="0.25")},
        {"row": 5, "hidden": True, "values": vals(ex[3], ghi_chu="Dòng 1\nDòng 2")},
    ] + [{"row": n, "hidden": False, "values": vals(ex[4], ghi_chu="FALSE")} for n in (8, 9, 10)] + [
        {"row": 12, "hidden": False, "values": vals(ex[6])},
    ]
    M["cells.ods"] = {
        "kind": "ods", "what": "every ODS cell kind, repeated cells and rows, hidden and filtered rows, covered cells",
        "sheets": [SHEET], "sheet": SHEET, "worksheet": None, "headings": hdr, "merged": ["M1:N1"],
        "last_row": 12,
        "cells": {
            "A1": "'name' + <text:s text:c=\"2\"/>: heading 'name  '",
            "M1": "ghi_chu, number-columns-spanned=2; N1 a table:covered-table-cell; then 1010 empty cells repeated",
            "A2": "<text:span> runs: 'Trà hoa' + ' vàng ' + 'Ba Chẽ'",
            "E2": "float 8936012346107 displayed '8,94E+12': the value counts",
            "M2": "boolean true displayed 'ĐÚNG' -> TRUE",
            "C3": "<text:s text:c=\"3\"/>: exactly 3 spaces after 'Liêu,'",
            "D3": "table:formula of:=2+2 with office:value 4",
            "F3": "one cell with number-columns-repeated=3: F3, G3, H3 all 'VN-QNOR-0031'",
            "I3": "date-value 2026-10-20T14:30:00: the date part counts",
            "M3": "<text:line-break/> -> a newline, as ODF defines it (LibreOffice 7.4 itself drops it in cells)", "K4": "float 1.25 displayed '1,25' -> 1.25",
            "M4": "percentage office:value 0.25 displayed '25%' -> 0.25 (the value, not the display)",
            "M5": "two <text:p> in one cell -> joined with a newline", "E5": "GTIN as a string cell",
            "A6": "rows 6-7: one empty row with number-rows-repeated=2 (skipped; numbering goes on)",
            "A8": "rows 8-10: one row with number-rows-repeated=3: three identical rows",
            "E11": "float 8936012346152.5 (error)",
            "A12": "an office:annotation (comment) inside the cell: not part of the value",
            "A13": "one empty row with number-rows-repeated=1048000: must not be expanded (stop after row 12)",
        },
        "rows": rows,
        "errors": [{"row": 11, "cell": "E11", "field": "gtin",
                    "what": "a number with a fraction (8936012346152.5) in a code column"}],
    }


# ---------------------------------------------------------------- notes-first, hidden-sheet

NOTES = ["Danh sách sản phẩm OCOP tỉnh Quảng Ninh", "Người lập: Phòng Kinh tế huyện Vân Đồn",
         "Cập nhật ngày 01/11/2026", "Ghi chú: hạng sao theo Quyết định công nhận gần nhất."]


def f_sheets(out, header, rows, M):
    three = rows[:3]
    # notes-first.xlsx: the product sheet is second in workbook order but lives in sheet1.xml
    # (edited: worksheets/sheet1.xml and sheet2.xml swapped in workbook.xml.rels and in the zip), as
    # after moving sheets in Excel: the order comes from workbook.xml, not from the part names.
    wb = new_workbook()
    ws = wb.active
    ws.title = "Ghi chú"
    for line in NOTES:
        ws.append([line])
    product_sheet(wb.create_sheet(SHEET), header, three)

    def swap(parts):
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        rels = rels.replace("worksheets/sheet1.xml", "@@").replace("worksheets/sheet2.xml", "worksheets/sheet1.xml")
        parts["xl/_rels/workbook.xml.rels"] = rels.replace("@@", "worksheets/sheet2.xml").encode()
        a, b = parts["xl/worksheets/sheet1.xml"], parts["xl/worksheets/sheet2.xml"]
        parts["xl/worksheets/sheet1.xml"], parts["xl/worksheets/sheet2.xml"] = b, a

    save_xlsx(wb, os.path.join(out, "notes-first.xlsx"), swap)
    o = Ods()
    t = o.sheet("Ghi chú", 1)
    for line in NOTES:
        t.addElement(ods_row([line]))
    product_ods(header, three, o)
    save_ods(o.doc, os.path.join(out, "notes-first.ods"))
    no_cols = ("the first sheet 'Ghi chú' has no product columns: an error naming the sheet and listing the "
               "sheets (Ghi chú, Sản phẩm); exit 2")
    for name, kind in (("notes-first.xlsx", "xlsx"), ("notes-first.ods", "ods")):
        M[name] = {"kind": kind, "what": "a notes sheet first, the product sheet second: --worksheet"
                   + (" (the product sheet is in the part sheet1.xml: follow workbook.xml and its rels)"
                      if kind == "xlsx" else ""),
                   "sheets": ["Ghi chú", SHEET], "sheet": SHEET, "worksheet": SHEET, "worksheet_index": 2,
                   "default_refused": no_cols, "headings": header, "rows": expect_rows(header, three), "errors": []}

    wb = new_workbook()
    ws = wb.active
    ws.title = "Danh mục"
    ws.sheet_state = "hidden"
    for r in rows:
        ws.append([r["producer"], r["address"]])
    product_sheet(wb.create_sheet(SHEET), header, three)
    wb.active = 1
    save_xlsx(wb, os.path.join(out, "hidden-sheet.xlsx"))
    M["hidden-sheet.xlsx"] = {
        "kind": "xlsx", "what": "a hidden lookup sheet first: the default is the first sheet in workbook order, "
        "hidden or not (and not the active tab, which is the product sheet)",
        "sheets": ["Danh mục", SHEET], "hidden_sheets": ["Danh mục"], "sheet": SHEET, "worksheet": SHEET,
        "worksheet_index": 2,
        "default_refused": "the first sheet 'Danh mục' (hidden) has no product columns: an error naming it and "
                           "listing the sheets (Danh mục, Sản phẩm); exit 2",
        "headings": header, "rows": expect_rows(header, three), "errors": []}


# ---------------------------------------------------------------- hostile files

def cfb(streams, clsid=b"\0" * 16):
    """A minimal Compound File Binary (MS-CFB version 3, 512-byte sectors): a root storage holding the
    given (name, bytes) streams. Streams under 4096 bytes go in the mini stream (64-byte sectors)."""
    SEC, MINI, CUTOFF = 512, 64, 4096
    FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

    def pad(b, n):
        return b + b"\0" * (-len(b) % n)

    mini, minifat, entries = b"", [], []   # entries: (name, start, size)
    for name, data in streams:
        if len(data) < CUTOFF:
            start, n = len(mini) // MINI, max(1, -(-len(data) // MINI))
            minifat += [start + i + 1 for i in range(n - 1)] + [END]
            mini += pad(data, MINI)
            entries.append((name, start, len(data), None))
        else:
            entries.append((name, None, len(data), data))
    ndir = -(-(len(entries) + 1) // 4)
    nminifat = -(-len(minifat) // 128) if minifat else 0
    nmini = -(-len(mini) // SEC)
    nbig = sum(-(-len(e[3]) // SEC) for e in entries if e[3] is not None)
    nfat = 1
    while nfat * 128 < nfat + ndir + nminifat + nmini + nbig:
        nfat += 1
    assert nfat <= 109
    fat = [FATSECT] * nfat

    def chain(n):
        first = len(fat)
        fat.extend(first + i + 1 for i in range(n - 1))
        fat.append(END)
        return first

    dir_start = chain(ndir)
    minifat_start = chain(nminifat) if nminifat else END
    mini_start = chain(nmini) if nmini else END
    starts = []
    for name, start, size, data in entries:
        starts.append(start if data is None else chain(-(-len(data) // SEC)))
    fat += [FREE] * (nfat * 128 - len(fat))

    def dirent(name, typ, start, size, left=NOSTREAM, right=NOSTREAM, child=NOSTREAM, cls=b"\0" * 16):
        n = (name + "\0").encode("utf-16-le")
        return (pad(n, 64)[:64] + struct.pack("<HBB3I", len(n), typ, 1, left, right, child) + cls
                + struct.pack("<I8s8sIQ", 0, b"\0" * 8, b"\0" * 8, start, size))

    # the siblings as a binary tree sorted as MS-CFB says (name length, then upper case); all black,
    # which MS-CFB allows (it is then simply a binary tree): each entry's right sibling is the next
    order = sorted(range(len(entries)), key=lambda i: (len(entries[i][0]), entries[i][0].upper()))
    right = {order[k]: order[k + 1] + 1 for k in range(len(order) - 1)}
    d = dirent("Root Entry", 5, mini_start, len(mini), child=order[0] + 1 if order else NOSTREAM, cls=clsid)
    for i, (name, start, size, data) in enumerate(entries):
        d += dirent(name, 2, starts[i], size, right=right.get(i, NOSTREAM))
    empty = b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 48
    while len(d) < ndir * SEC:
        d += empty
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, nfat, dir_start, 0, CUTOFF, minifat_start, nminifat, END, 0)
              + struct.pack("<109I", *(list(range(nfat)) + [FREE] * (109 - nfat))))
    assert len(header) == SEC
    body = struct.pack("<%dI" % len(fat), *fat) + d
    if nminifat:
        body += struct.pack("<%dI" % (nminifat * 128), *(minifat + [FREE] * (nminifat * 128 - len(minifat))))
    body += pad(mini, SEC)
    for name, start, size, data in entries:
        if data is not None:
            body += pad(data, SEC)
    return header + body


def f_hostile(out, header, rows, M, csv_path):
    P = lambda n: os.path.join(out, n)   # noqa: E731
    rnd = random.Random(15)
    two = rows[:2]

    def minimal():
        wb = new_workbook()
        product_sheet(wb.active, header, two)
        return wb

    # bomb.xlsx: a valid workbook, its sheet padded after the data rows with 200 MiB of spaces, 1 MiB
    # at a time between empty rows <row r="4"/> .. <row r="203"/> (each text node under libxml2's 10 MB
    # limit, so only the size and ratio limits stop it), deflated as it is written by zipfile's streaming
    # writer (zlib.compressobj, 1 MiB at a time: fast, little memory); the sizes in the zip are honest
    wb = minimal()
    buf = io.BytesIO()
    save_xlsx(wb, buf)
    with zipfile.ZipFile(buf) as z:
        parts = [(n, z.read(n)) for n in z.namelist()]
    pad_mib = 200
    with zipfile.ZipFile(P("bomb.xlsx"), "w", compresslevel=9) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(zi, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with z.open(zi, "w") as w:
                w.write(head)
                chunk = b" " * (1 << 20)
                for k in range(pad_mib):
                    w.write(chunk)
                    w.write(b'<row r="%d"/>' % (4 + k))
                w.write(b"</sheetData>" + tail)
    with zipfile.ZipFile(P("bomb.xlsx")) as z:
        i = z.getinfo("xl/worksheets/sheet1.xml")
        bomb = (i.file_size, i.compress_size)
    M["bomb.xlsx"] = {"kind": "xlsx", "what": "zip bomb: a valid workbook whose sheet part expands %d:1" % (bomb[0] // bomb[1]),
                      "member": "xl/worksheets/sheet1.xml", "uncompressed": bomb[0], "compressed": bomb[1],
                      "refused": "zip bomb: xl/worksheets/sheet1.xml would expand %d:1 (%d bytes from %d), over the "
                                 "ratio and the sheet-size limits; refused before inflating it, exit 2"
                                 % (bomb[0] // bomb[1], bomb[0], bomb[1])}

    # bigstrings.xlsx: sharedStrings.xml really ~80 MB, compressible (long strings that repeat a
    # phrase, each with its own number), well under the bomb ratio; written streaming
    wb = minimal()
    save_xlsx(wb, buf := io.BytesIO())
    with zipfile.ZipFile(buf) as z:
        parts = [(n, z.read(n)) for n in z.namelist()]
    phrase = "Trà hoa vàng Ba Chẽ, HTX Trà hoa vàng, xã Thanh Lâm, huyện Ba Chẽ, tỉnh Quảng Ninh. "
    n_si, reps = 36000, 22
    with zipfile.ZipFile(P("bigstrings.xlsx"), "w", compresslevel=6) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            if name != "xl/sharedStrings.xml":
                z.writestr(zi, data)
                continue
            old = data.split(b"uniqueCount=")[1].split(b"</sst>")[0]
            k = int(old.split(b'"')[1])
            sis = old.split(b">", 1)[1]
            with z.open(zi, "w") as w:
                w.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%d" '
                         'uniqueCount="%d">' % (MAIN_NS, k + n_si, k + n_si)).encode() + sis)
                for i in range(n_si):
                    w.write(("<si><t>%s %07d</t></si>" % (phrase * reps + "Lô", i)).encode())
                w.write(b"</sst>")
    with zipfile.ZipFile(P("bigstrings.xlsx")) as z:
        i = z.getinfo("xl/sharedStrings.xml")
        big = (i.file_size, i.compress_size)
    M["bigstrings.xlsx"] = {"kind": "xlsx", "what": "a shared-strings table of %.0f MB (%d strings), compressible "
                            "(%d:1, below a bomb ratio)" % (big[0] / 1e6, k + n_si, big[0] // big[1]),
                            "member": "xl/sharedStrings.xml", "uncompressed": big[0], "compressed": big[1],
                            "refused": "xl/sharedStrings.xml is %d bytes, larger than the shared-strings limit "
                                       "(assumed below 80 MB); refused before reading it, exit 2" % big[0]}

    # laughs.xlsx: sharedStrings.xml with a billion-laughs DTD and &lol9; inside a <t>
    laughs = ['<!ENTITY lol "lol">'] + ['<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % (i - 1 if i > 1 else "")) * 10)
                                        for i in range(1, 10)]

    def laugh(parts):
        s = parts["xl/sharedStrings.xml"].decode()
        s = s.replace("\n<sst", "\n<!DOCTYPE sst [\n %s\n]>\n<sst" % "\n ".join(laughs), 1)
        parts["xl/sharedStrings.xml"] = replace_once(s.encode(), "<si><t>%s</t></si>" % two[0]["name"],
                                                     "<si><t>&lol9;</t></si>")
    save_xlsx(minimal(), P("laughs.xlsx"), laugh)
    M["laughs.xlsx"] = {"kind": "xlsx", "what": "billion laughs: a DTD of nested entities in xl/sharedStrings.xml, "
                        "&lol9; (10^9 'lol') in the name of row 2",
                        "refused": "XML entity expansion refused (a DTD with entities in xl/sharedStrings.xml); no "
                                   "expansion, memory stays small, exit 2"}

    # xxe.xlsx: the sheet XML with an external entity &e; in an inline string (A2)
    def xxe(parts):
        s = "xl/worksheets/sheet1.xml"
        x = parts[s].decode()
        x = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n' + x
        x = re.sub(r'<c r="A2" t="s"><v>[0-9]+</v></c>', '<c r="A2" t="inlineStr"><is><t>&e;</t></is></c>', x, count=1)
        assert "&e;" in x
        parts[s] = x.encode()
    save_xlsx(minimal(), P("xxe.xlsx"), xxe)
    M["xxe.xlsx"] = {"kind": "xlsx", "what": "external entity: <!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]> "
                     "in xl/worksheets/sheet1.xml, &e; in the inline string A2",
                     "never": "root:", "refused": "a DTD / external entity in xl/worksheets/sheet1.xml refused; "
                     "/etc/passwd is never read (no 'root:' in any output), exit 2"}

    # nosheets.xlsx: workbook.xml with <sheets/>
    def nosheets(parts):
        w = parts["xl/workbook.xml"].decode()
        parts["xl/workbook.xml"] = re.sub(r"<sheets>.*?</sheets>", "<sheets/>", w, count=1, flags=re.S).encode()
        assert b"<sheets/>" in parts["xl/workbook.xml"]
    save_xlsx(minimal(), P("nosheets.xlsx"), nosheets)
    M["nosheets.xlsx"] = {"kind": "xlsx", "what": "workbook.xml with an empty <sheets/> (the sheet part is still in "
                          "the zip: do not guess it)", "sheets": [],
                          "refused": "the workbook has no sheets, exit 2"}

    # encrypted.xlsx: what Excel writes for a password: an OLE2 compound file with the streams
    # EncryptionInfo (agile, version 4.4, its XML descriptor) and EncryptedPackage (8-byte size + random)
    info = (struct.pack("<HHI", 4, 4, 0x40) + (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns="http://schemas.microsoft.com/'
        'office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData '
        'saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
        'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/><keyEncryptors><keyEncryptor uri="http://schemas'
        '.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" saltSize="16" '
        'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
        'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></keyEncryptor></keyEncryptors></encryption>'
    ).encode())
    pkg = struct.pack("<Q", 6000) + rnd.randbytes(6144)
    with open(P("encrypted.xlsx"), "wb") as f:
        f.write(cfb([("EncryptionInfo", info), ("EncryptedPackage", pkg)]))
    M["encrypted.xlsx"] = {"kind": "cfb", "what": "a password-protected Excel workbook: an OLE2 compound file with "
                           "EncryptionInfo and EncryptedPackage streams",
                           "refused": "the workbook is password-protected (encrypted): open it in Excel, remove the "
                                      "password, save it, and give that file; exit 2"}

    # encrypted.ods: manifest.xml with <manifest:encryption-data> for content.xml, content.xml random bytes
    b64 = lambda n: base64.b64encode(rnd.randbytes(n)).decode()   # noqa: E731
    enc = ('<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0'
           '#sha256-1k" manifest:checksum="%s"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/'
           'xmlenc#aes256-cbc" manifest:initialisation-vector="%s"/><manifest:start-key-generation '
           'manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>'
           '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" '
           'manifest:iteration-count="100000" manifest:salt="%s"/></manifest:encryption-data>'
           % (b64(32), b64(16), b64(16)))
    content = rnd.randbytes(3008)

    def encrypt(parts):
        outp = []
        for n, d in parts:
            if n == "content.xml":
                d = content
            elif n == "META-INF/manifest.xml":
                d = replace_once(d, '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
                                 '"text/xml"/>', '<manifest:file-entry manifest:full-path="content.xml" manifest:'
                                 'media-type="text/xml" manifest:size="4711">%s</manifest:file-entry>' % enc)
            outp.append((n, d))
        return outp
    # (stored, not deflated: ODF compresses an encrypted part before encrypting it)
    save_ods(product_ods(header, two).doc, P("encrypted.ods"), encrypt, stored=("mimetype", "content.xml"))
    M["encrypted.ods"] = {"kind": "ods", "what": "a password-protected ODS: manifest.xml has manifest:encryption-data "
                          "for content.xml, content.xml is random bytes",
                          "refused": "the spreadsheet is password-protected (encrypted): save it without a password "
                                     "and give that file; exit 2"}

    # old.xls: a compound file with a Workbook stream (a BIFF8 BOF record, zero padded to 4096 bytes as
    # Excel does) and a small SummaryInformation stream (mini stream), Excel's CLSID on the root
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x2775, 0x07CD, 0x000100C1, 0x00000406)
    wbk = bof + struct.pack("<HH", 0x000A, 0)
    excel = bytes.fromhex("2008020000000000C000000000000046")
    with open(P("old.xls"), "wb") as f:
        f.write(cfb([("Workbook", wbk + b"\0" * (4096 - len(wbk))), ("\x05SummaryInformation", b"\xfe\xff" + b"\0" * 198)],
                    clsid=excel))
    M["old.xls"] = {"kind": "cfb", "what": "an Excel 97-2003 .xls: a compound file with a Workbook stream",
                    "refused": "an old Excel workbook (.xls): in Excel save it as .xlsx (Excel Workbook) and give that "
                               "file; exit 2"}

    # truncated.xlsx: the first 60 % of example.xlsx
    with open(P("example.xlsx"), "rb") as f:
        ex = f.read()
    with open(P("truncated.xlsx"), "wb") as f:
        f.write(ex[:len(ex) * 6 // 10])
    M["truncated.xlsx"] = {"kind": "zip", "what": "the first 60 %% of example.xlsx (%d of %d bytes): no central "
                           "directory" % (len(ex) * 6 // 10, len(ex)),
                           "refused": "a damaged or truncated workbook (not a complete zip file), exit 2"}

    # notazip.xlsx: a text file under an .xlsx name (by content: a text file without product columns)
    with open(P("notazip.xlsx"), "w", encoding="utf-8") as f:
        f.write("Xin lỗi, file Excel gửi qua Zalo bị lỗi, em gửi lại sau ạ.\n")
    M["notazip.xlsx"] = {"kind": "text", "what": "a text file named .xlsx: no zip signature; going by content it is "
                         "read as CSV, whose header has none of the product columns",
                         "refused": "not a zip, so not a workbook: by its content a text file, read as CSV, "
                                    "whose header lacks the required columns (name, producer, ...); exit 2 (a "
                                    "message that also says the .xlsx name does not fit the content is better)"}

    # zip-other.xlsx: a valid zip without [Content_Types].xml or mimetype
    write_zip(P("zip-other.xlsx"), [("readme.txt", "Ảnh sản phẩm OCOP\n".encode()),
                                    ("anh/tra-hoa-vang.txt", b"not really a photo\n")])
    M["zip-other.xlsx"] = {"kind": "zip", "what": "a valid zip with neither [Content_Types].xml nor mimetype",
                           "refused": "a zip file that is neither an .xlsx nor an .ods workbook, exit 2"}

    # csv-named.xlsx / xlsx-named.csv: the kind comes from the content, not the name
    with open(csv_path, "rb") as f:
        raw = f.read()
    with open(P("csv-named.xlsx"), "wb") as f:
        f.write(raw)
    with open(P("xlsx-named.csv"), "wb") as f:
        f.write(ex)
    M["csv-named.xlsx"] = {"kind": "csv", "what": "the example CSV's bytes under an .xlsx name: read as CSV",
                           "sheets": None, "sheet": None, "worksheet": None, "headings": header,
                           "rows": expect_rows(header, rows), "errors": []}
    M["xlsx-named.csv"] = {"kind": "xlsx", "what": "example.xlsx's bytes under a .csv name: read as a workbook",
                           "sheets": [SHEET], "sheet": SHEET, "worksheet": None, "headings": header,
                           "rows": expect_rows(header, rows), "errors": []}

    # manycols.xlsx: a header cell at XFD1 (column 16384)
    wb = minimal()
    wb.active["XFD1"] = "ghi_chu"
    save_xlsx(wb, P("manycols.xlsx"))
    M["manycols.xlsx"] = {"kind": "xlsx", "what": "a header cell at XFD1 (column 16384), beyond 1024 columns",
                          "refused": "the header row has a cell in column XFD (16384), more than 1024 columns (the "
                                     "limit); refused before allocating for it, exit 2"}

    # longcell.xlsx: A2 holds 102400 bytes of text (beyond Excel's 32767-character cell limit, which
    # openpyxl enforces by truncating: the shared string is edited in), row 3 is a good row
    long_text = ("Trà hoa vàng Ba Chẽ " * 5000).encode()[:102400].decode("utf-8", "ignore")
    long_text = long_text + "x" * (102400 - len(long_text.encode()))
    assert len(long_text.encode()) == 102400

    def longcell(parts):
        parts["xl/sharedStrings.xml"] = replace_once(parts["xl/sharedStrings.xml"],
                                                     "<si><t>@@LONG@@</t></si>", "<si><t>%s</t></si>" % long_text)
    wb = minimal()
    wb.active["A2"] = "@@LONG@@"
    save_xlsx(wb, P("longcell.xlsx"), longcell)
    M["longcell.xlsx"] = {"kind": "xlsx", "what": "A2 (name) holds 102400 bytes of text: a row error; the next row reads",
                          "sheets": [SHEET], "sheet": SHEET, "worksheet": None, "headings": header,
                          "rows": expect_rows(header, two[1:], first=3),
                          "errors": [{"row": 2, "cell": "A2", "field": "name",
                                      "what": "a field longer than 65536 bytes (the limit)"}]}

    # badutf8.xlsx: a shared string with the byte E0 (Windows-1258/Latin-1 'à') where UTF-8 is declared
    def badutf8(parts):
        name = ("<si><t>%s</t></si>" % two[0]["name"]).encode()
        parts["xl/sharedStrings.xml"] = replace_once(parts["xl/sharedStrings.xml"], name,
                                                     name.replace("à".encode(), b"\xe0"))
    save_xlsx(minimal(), P("badutf8.xlsx"), badutf8)
    M["badutf8.xlsx"] = {"kind": "xlsx", "what": "xl/sharedStrings.xml with an invalid UTF-8 byte (the byte E0, Latin-1 'à', "
                         "in place of UTF-8 'à' in 'Trà hoa vàng')", "refused": "xl/sharedStrings.xml is not well-formed XML (invalid UTF-8): the "
                         "XML parser rejects it; the message names the part, exit 2"}


# ---------------------------------------------------------------- --big

def gtin(n):
    body = "89360%07d" % (n % 10000000)
    s = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - s % 10) % 10)


def big(n, path):
    """N product rows, streamed (write_only): distinct valid GTINs as numbers, dates as date cells."""
    t0 = time.monotonic()
    prods = ["Trà hoa vàng", "Miến dong", "Ruốc hàu", "Chả mực", "Nước mắm", "Ba kích tím", "Rượu ba kích",
             "Sá sùng khô", "Gà đồi", "Mật ong rừng", "Khoai sọ", "Dầu sở", "Hàu sữa", "Bánh gio"]
    qty = ["50 g", "500 g", "200 g", "500 g", "500 ml", "1 kg", "750 ml", "100 g", "1,5 kg", "500 ml", "2 kg",
           "250 ml", "1 kg", "10 chiếc"]
    places = [("Ba Chẽ", "Xã Thanh Lâm, huyện Ba Chẽ"), ("Bình Liêu", "Thị trấn Bình Liêu, huyện Bình Liêu"),
              ("Vân Đồn", "Xã Hạ Long, huyện Vân Đồn"), ("Hạ Long", "Phường Hồng Gai, thành phố Hạ Long"),
              ("Tiên Yên", "Thị trấn Tiên Yên, huyện Tiên Yên"), ("Đầm Hà", "Xã Quảng Lâm, huyện Đầm Hà")]
    kinds = ["HTX", "Công ty TNHH", "Hộ kinh doanh", "Công ty CP"]
    wb = openpyxl.Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = DOC_TIME
    ws = wb.create_sheet(SHEET)
    ws.append(["name", "producer", "address", "stars", "gtin", "growing_area", "packing_facility", "lot",
               "production_date", "expiry_date", "net_quantity", "ocop_cert_date"])
    dates = [WriteOnlyCell(ws), WriteOnlyCell(ws), WriteOnlyCell(ws)]
    for c in dates:
        c.number_format = "dd/mm/yyyy"
    for i in range(n):
        k = i % len(prods)
        place, addr = places[(i // len(prods)) % len(places)]
        d = dt.datetime(2026, 1 + i % 12, 1 + i % 28)
        dates[0].value, dates[1].value = d, d.replace(year=2028)
        dates[2].value = dt.datetime(2025, 1 + i % 12, 1 + (i * 7) % 28)
        ws.append(["%s %s số %d" % (prods[k], place, i + 1), "%s %s %s" % (kinds[i % 4], prods[k], place),
                   addr + ", tỉnh Quảng Ninh", 3 + i % 3, int(gtin(1234000 + i)), "VN-QNOR-%04d" % (1 + i % 60),
                   "VN-QNPH-%03d" % (1 + i % 9), "L%06d" % i, dates[0], dates[1], qty[k], dates[2]])
    wb.save(path)
    print("%d rows in %.1f s: %s" % (n, time.monotonic() - t0, path))


# ---------------------------------------------------------------- --check (openpyxl reads the .xlsx back)

def check(outdir):
    with open(os.path.join(outdir, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)["fixtures"]
    bad = 0
    for name, m in sorted(man.items()):
        if m.get("kind") != "xlsx" or "rows" not in m or m.get("sheet") is None:
            continue
        with open(os.path.join(outdir, name), "rb") as f:   # a file object: openpyxl goes by the name otherwise
            wb = openpyxl.load_workbook(io.BytesIO(f.read()), data_only=True)
        ws = wb[m["sheet"]]
        heads = [str(c.value or "").strip() for c in ws[1]][:len(m["headings"])]
        if heads != m["headings"]:
            print("%s: headings %r" % (name, heads))
            bad += 1
        for r in m["rows"]:
            got = {}
            for h, c in zip(heads, ws[r["row"]]):
                v = c.value
                if v is None or v == "":
                    continue
                if isinstance(v, bool):
                    v = "TRUE" if v else "FALSE"
                elif isinstance(v, dt.datetime):
                    v = v.strftime("%d/%m/%Y")
                elif isinstance(v, float) and v.is_integer():
                    v = str(int(v))
                got[h] = str(v)
            if got != r["values"] or bool(ws.row_dimensions[r["row"]].hidden) != r["hidden"]:
                print("%s row %d:\n  got  %r\n  want %r" % (name, r["row"], got, r["values"]))
                bad += 1
        print("%s: %d rows read back" % (name, len(m["rows"])))
    if bad:
        sys.exit("%d differences from the manifest" % bad)


# ---------------------------------------------------------------- main

NOTES_MANIFEST = [
    "fixtures: file name -> entry. kind: what the content is (xlsx, ods, csv, cfb = OLE2 compound file, zip, text); "
    "the name's extension may lie (csv-named.xlsx, xlsx-named.csv, notazip.xlsx).",
    "rows: the rows a correct reader gives, in order; row = the row number Excel/Calc shows; hidden = the row is "
    "hidden (xlsx hidden=\"1\", ods table:visibility collapse or filter; --skip-hidden leaves it out); values: "
    "field name (a heading that matches a field, as for CSV) or trimmed heading (an extra column) -> exact text; "
    "empty cells are omitted. Rows not listed (blank rows, a repeated empty row) give nothing.",
    "errors: rows that must be rejected: row, cell (e.g. E6), field, what. A fixture with both rows and errors "
    "gives the rows and rejects the errors.",
    "refused: the whole file is refused (exit 2), with the described message; nothing is written.",
    "headings: the header row's headings trimmed, column A first; merged: merged header ranges (the columns "
    "after the first of a merge have no heading and no data here; a reader may count them or not).",
    "worksheet: null = the rows come from the default sheet, which is the first sheet in workbook order (hidden "
    "or not, whatever the active tab); otherwise the --worksheet NAME (or worksheet_index N) that selects sheet; "
    "default_refused: what reading without --worksheet gives.",
    "text rules: dates (date-formatted number cells, 1900 and 1904 systems, t=\"d\", ODS date cells) as dd/mm/yyyy "
    "of the date part (a time is dropped); numbers as the shortest text that gives the same double, integers "
    "without '.0' (8936012346107, 500, 1.25); booleans TRUE / FALSE; an ODS percentage as its office:value (0.25 "
    "for 25 %); ODS cells by their office:value / date-value / boolean-value, never the displayed text; rich "
    "text and <text:span> runs concatenated, phonetic <rPh> runs and office:annotation left out; <text:s text:c=N/> "
    "N spaces, <text:line-break/> and a new <text:p> a newline (\\n); formulas by their cached value.",
]


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "--big":
        return big(int(a[1]), a[2])
    if len(a) == 2 and a[0] == "--check":
        return check(a[1])
    if len(a) != 2:
        sys.exit(__doc__)
    out, csv_path = a
    os.makedirs(out, exist_ok=True)
    header, rows = read_example(csv_path)
    M = {}
    f_example(out, header, rows, M)
    f_cells(out, header, rows, M)
    f_cells_ods(out, header, rows, M)
    f_sheets(out, header, rows, M)
    f_hostile(out, header, rows, M, csv_path)
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"notes": NOTES_MANIFEST, "fixtures": M}, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
