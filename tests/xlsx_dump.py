# ocoplabel tests — a workbook as openpyxl (a real reader) sees it, one line per cell, for the report
# tests: run with Debian's /usr/bin/python3 (python3-openpyxl).
#   xlsx_dump.py FILE.xlsx: "sheet: NAME", "freeze: CELL", "filter: RANGE", then for every cell with
#   a value, a fill or a note: "CELL TYPE[ bold][ fill=RGB][ color=RGB][ note=TEXT]: VALUE" (TYPE: s
#   text, n number, blank), line breaks in values and notes as "\n"
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    print(f"sheet: {ws.title}")
    print(f"freeze: {ws.freeze_panes}")
    print(f"filter: {ws.auto_filter.ref}")
    for row in ws.iter_rows():
        for c in row:
            fill = c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None
            if c.value is None and not fill and not c.comment:
                continue
            kind = "blank" if c.value is None else ("n" if c.data_type == "n" else c.data_type)
            parts = [c.coordinate, kind]
            if c.font.bold:
                parts.append("bold")
            if fill:
                parts.append(f"fill={fill}")
            if c.font.color is not None and c.font.color.rgb not in (None, "FF000000") and isinstance(c.font.color.rgb, str):
                parts.append(f"color={c.font.color.rgb}")
            if c.comment:
                parts.append("note=" + c.comment.text.replace("\n", "\\n"))
            value = "" if c.value is None else str(c.value).replace("\n", "\\n")
            print(" ".join(parts) + ": " + value)
