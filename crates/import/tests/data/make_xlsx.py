"""Writes sales.xlsx, the XLSX test file: a real date cell (serial 45352 = 2024-03-01,
number format 14), a number cell, a text cell holding a formula-looking value, and a
formula cell whose saved value is used. Run with python3 (standard library only)."""
import zipfile

FILES = {
    "[Content_Types].xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>""",
    "_rels/.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>""",
    "xl/workbook.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sales" sheetId="1" r:id="rId1"/></sheets>
</workbook>""",
    "xl/_rels/workbook.xml.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>""",
    "xl/styles.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>
</styleSheet>""",
}

HEADER = ["date", "order_id", "sku", "quantity", "unit_price", "currency"]
# (serial date, order, sku, quantity, price, currency); the last row's SKU is text that
# looks like a formula, and its quantity is a formula with a saved value.
ROWS = [
    (45352, "X-1", "RED-UK", 2, 29.99, "GBP"),
    (45353, "X-2", "RED-UK", 1, 30, "GBP"),
    (45354, "X-3", "=HYPERLINK(\"http://x\")", 3, 31.5, "GBP"),
]


def col(i):
    return "ABCDEF"[i]


def sheet():
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    cells = "".join(f'<c r="{col(i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADER))
    out.append(f'<row r="1">{cells}</row>')
    for r, (serial, order, sku, qty, price, cur) in enumerate(ROWS, start=2):
        sku = sku.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        qty_cell = (f'<c r="D{r}"><f>1+2</f><v>{qty}</v></c>' if r == 4 else f'<c r="D{r}"><v>{qty}</v></c>')
        out.append(
            f'<row r="{r}"><c r="A{r}" s="1"><v>{serial}</v></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>{order}</t></is></c>'
            f'<c r="C{r}" t="inlineStr"><is><t>{sku}</t></is></c>{qty_cell}'
            f'<c r="E{r}"><v>{price}</v></c><c r="F{r}" t="inlineStr"><is><t>{cur}</t></is></c></row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


with zipfile.ZipFile("sales.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, body in FILES.items():
        z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), body)
    z.writestr(zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2024, 1, 1, 0, 0, 0)), sheet())
