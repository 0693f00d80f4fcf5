#!/usr/bin/env python3
"""A report written by `alignscale report`, in a real browser and printed to PDF.

Usage: report_test.py REPORT.html ARTIFACTS_DIR NAME
Checks:
  1. the page stands alone: no script, nothing to fetch from any host, under 2 MB;
  2. it renders in headless Chromium (a full-page screenshot, not blank);
  3. printed (CSS print media, A4), no chart is taller than a page, so `break-inside: avoid`
     keeps every chart whole on one page, and nothing is wider than the page;
  4. `chromium --headless --print-to-pdf` gives a PDF with a sensible number of pages.
Writes ARTIFACTS_DIR/NAME.png and NAME.pdf. Exits 1 with a message on the first failure.
"""
import os
import re
import subprocess
import sys

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPORT, ARTIFACTS, NAME = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
os.makedirs(ARTIFACTS, exist_ok=True)


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


html = open(REPORT, encoding="utf-8").read()
size = os.path.getsize(REPORT)
if size >= 2 * 1024 * 1024:
    fail(f"the report is {size} bytes, over 2 MB")
if re.search(r"<script", html, re.I):
    fail("the report has a script")
# Every src/href must stay inside the page; SVG's xmlns is a name, not a request.
for attribute, value in re.findall(r'\b(src|href|url)\s*[=(]\s*["\']?([^"\' )>]+)', html, re.I):
    if not value.startswith("#"):
        fail(f"the report refers to {value!r} ({attribute})")
if re.search(r"@import|@font-face", html):
    fail("the report's styles fetch something")
print(f"stands alone: {size // 1024} kB, no script, no outside reference")

options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.set_window_size(1200, 900)
    driver.get("file://" + REPORT)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1200, min(height + 50, 16000))
    png = os.path.join(ARTIFACTS, NAME + ".png")
    driver.save_screenshot(png)
    colours = Image.open(png).convert("RGB").getcolors(1 << 24)
    if colours is None or len(colours) < 50:
        fail("the screenshot looks blank")
    charts = driver.execute_script("return document.querySelectorAll('figure.chart svg').length")
    print(f"rendered: {height} px tall, {charts} charts, screenshot {png}")

    # Print media on A4 (210 x 297 mm, 14 mm x 12 mm margins): CSS px at 96 per inch.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.set_window_size(int((210 - 24) / 25.4 * 96), 1200)
    page_height = (297 - 28) / 25.4 * 96
    tallest = driver.execute_script(
        "return Math.max(...Array.from(document.querySelectorAll('figure.chart')).map(f => f.getBoundingClientRect().height))")
    if tallest > page_height:
        fail(f"a chart is {tallest:.0f} px tall in print, taller than a page ({page_height:.0f} px)")
    avoid = driver.execute_script(
        "return Array.from(document.querySelectorAll('figure.chart')).every(f => getComputedStyle(f).breakInside === 'avoid')")
    if not avoid:
        fail("a chart may be cut across pages (break-inside is not avoid)")
    overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 2:
        fail(f"the printed page is {overflow} px wider than the paper")
    dark = driver.execute_script(
        "return Array.from(document.querySelectorAll('body, main, section, figure, table, th, td')).filter(e => {"
        " const c = getComputedStyle(e).backgroundColor.match(/\\d+/g); return c && c.length >= 3 && (c[3] === undefined || +c[3] > 0)"
        " && (+c[0] + +c[1] + +c[2]) < 300; }).length")
    if dark:
        fail(f"{dark} elements have a dark background in print")
    print(f"print: the tallest chart is {tallest:.0f} px of a {page_height:.0f} px page; every chart kept whole")
finally:
    driver.quit()

pdf = os.path.join(ARTIFACTS, NAME + ".pdf")
subprocess.run(
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
     "file://" + REPORT], check=True, capture_output=True, timeout=120)
data = open(pdf, "rb").read()
pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
charts_per_page = charts / max(pages, 1)
if not (3 <= pages <= 40):
    fail(f"the PDF has {pages} pages")
print(f"pdf: {pages} A4 pages ({charts} charts), {pdf}")
print("report: ok")
