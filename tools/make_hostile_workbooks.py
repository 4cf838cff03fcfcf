"""Writes the small hostile workbooks of tests/corpus/hostile/ (run from the repository root).

Each is a few KB that claims something huge or is cut short: the reader must refuse it with a
sentence, never panic or reserve memory for what it claims. Deterministic: the same bytes each run.
"""
import io
import zipfile

OUT = "tests/corpus/hostile/"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""


def strings(count, unique):
    items = "".join(f"<si><t>{t}</t></si>" for t in ["Code", "Numerator", "Denominator", "A", "B"])
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{unique}">{items}</sst>'


def sheet(dimension="A1:C3", extra_row="", rows=None):
    rows = rows or (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>5</v></c><c r="C2"><v>100</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"><v>7</v></c><c r="C3"><v>90</v></c></row>'
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}{extra_row}</sheetData></worksheet>'


def xlsx(name, sheet_xml, strings_xml=None, compress=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as z:
        for part, text in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("xl/worksheets/sheet1.xml", sheet_xml), ("xl/sharedStrings.xml", strings_xml or strings(9, 5))]:
            info = zipfile.ZipInfo(part, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = compress
            z.writestr(info, text)
    data = buffer.getvalue()
    with open(OUT + name, "wb") as f:
        f.write(data)
    return data


good = xlsx("control_small_valid.xlsx", sheet())
xlsx("dimension_xfd1048576.xlsx", sheet(dimension="A1:XFD1048576"))
xlsx("cell_at_xfd1048576.xlsx", sheet(extra_row='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
xlsx("unique_count_4e9.xlsx", sheet(), strings(4000000000, 4000000000))
xlsx("row_number_4294967295.xlsx", sheet(extra_row='<row r="4294967295"><c r="A4294967295"><v>1</v></c></row>'))
# A zip bomb: one sheet of 200 MB of blank rows that deflates to a few hundred KB.
filler = '<row r="5"><c r="A5"><v>1</v></c></row>' + "<!--" + " " * 200_000_000 + "-->"
xlsx("zip_bomb_200mb_sheet.xlsx", sheet(extra_row=filler))
# Truncated: the first 60% of a valid workbook.
with open(OUT + "truncated.xlsx", "wb") as f:
    f.write(good[: len(good) * 6 // 10])

# Legacy .xls (compound file): a valid one, and the same cut short at several lengths.
try:
    import xlwt  # pip install xlwt (only to regenerate these files)

    book = xlwt.Workbook()
    data = book.add_sheet("Data")
    for r, row in enumerate([["Code", "Numerator", "Denominator"], ["A", 5, 100], ["B", 7, 90], ["C", 30, 120]]):
        for c, value in enumerate(row):
            data.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    xls = buffer.getvalue()
    with open(OUT + "control_small_valid.xls", "wb") as f:
        f.write(xls)
    for fraction in (10, 30, 50, 70, 90):
        with open(OUT + f"truncated_{fraction}pc.xls", "wb") as f:
            f.write(xls[: len(xls) * fraction // 100])
except ImportError:
    print("xlwt is not installed: the .xls files were left as they are")

# Styles that clone a 200 KB font name into 20,000 cell formats (4 GB inside the reader).
styles = '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><name val="%s"/></font></fonts><cellXfs>%s</cellXfs></styleSheet>' % ("A" * 200000, '<xf fontId="0"/>' * 20000)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    for part, text in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("xl/worksheets/sheet1.xml", sheet()), ("xl/sharedStrings.xml", strings(9, 5)), ("xl/styles.xml", styles)]:
        info = zipfile.ZipInfo(part, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)
with open(OUT + "styles_amplification.xlsx", "wb") as f:
    f.write(buffer.getvalue())

# OpenDocument spreadsheets.
MIME = "application/vnd.oasis.opendocument.spreadsheet"
ROW = '<table:table-row><table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="%s"/><table:table-cell office:value-type="float" office:value="%s"/></table:table-row>'
HEADER = "<table:table-row>" + "".join('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % h for h in ("Code", "Numerator", "Denominator")) + "</table:table-row>"
TABLE = HEADER + ROW % ("A", 5, 100) + ROW % ("B", 7, 90)


def ods(name, table):
    content = '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>%s</office:spreadsheet></office:body></office:document-content>' % table
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for part, text, method in [("mimetype", MIME, zipfile.ZIP_STORED), ("content.xml", content, zipfile.ZIP_DEFLATED), ("META-INF/manifest.xml", "<manifest/>", zipfile.ZIP_DEFLATED)]:
            info = zipfile.ZipInfo(part, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, text)
    with open(OUT + name, "wb") as f:
        f.write(buffer.getvalue())


ods("control_small_valid.ods", '<table:table table:name="Data">%s</table:table>' % TABLE)
# Three billion spaces claimed by one <text:s>, a million repeated rows of 200 cells, and a
# table that is never closed (the reader would loop for ever).
ods("ods_three_billion_spaces.ods", '<table:table table:name="Data">%s<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="3000000000"/></text:p></table:table-cell></table:table-row></table:table>' % TABLE)
ods("ods_million_repeated_rows.ods", '<table:table table:name="Data"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="200" office:value-type="float" office:value="1"/></table:table-row></table:table>')
ods("ods_unclosed_table.ods", '<table:table table:name="Data">%s' % TABLE)
