#!/usr/bin/env python3
"""The explorer in a real browser: headless Chromium through chromium-driver and Selenium.

Usage: explorer_test.py BASE_URL ARTIFACTS_DIR
Checks, against a running `alignscale serve`:
  1. `/` computes safety and the optimal allocation; changing a belief (with the keyboard) changes both;
  2. the page's URL reproduces that state when opened afresh;
  3. a survey response submitted on `/survey` is counted on `/results`;
  4. screenshots of `/` and `/results` at 1280x800 and 390x844 are saved and are not blank.
Exits 1 with a message on the first failure.
"""
import os
import sys
import time
import urllib.request

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE, ARTIFACTS = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(ARTIFACTS, exist_ok=True)


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


for _ in range(100):
    try:
        urllib.request.urlopen(BASE + "/healthz", timeout=1)
        break
    except Exception:
        time.sleep(0.1)
else:
    fail("the server did not answer /healthz")

options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"):
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 30)


def text(css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def wait_for(condition, what):
    try:
        return wait.until(lambda d: condition())
    except Exception:
        fail("timed out waiting for " + what)


def screenshot(name, width, height):
    # The viewport itself at exactly width x height (a window size would include the browser's frame).
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    time.sleep(0.5)
    overflow = driver.execute_script("return document.documentElement.scrollWidth")
    if overflow > width + 1:
        fail(f"{name} is {overflow}px wide at a {width}px viewport: it scrolls sideways")
    path = os.path.join(ARTIFACTS, f"{name}-{width}x{height}.png")
    driver.save_screenshot(path)
    image = Image.open(path).convert("RGB")
    if image.size != (width, height):
        fail(f"{path} is {image.size}, expected {(width, height)}")
    colours = image.getcolors(1 << 24)
    if colours is None or len(colours) < 20:
        fail(f"{path} looks blank ({0 if colours is None else len(colours)} colours)")
    print(f"screenshot {path}: {image.size[0]}x{image.size[1]}, {len(colours)} colours")


try:
    driver.set_window_size(1280, 800)
    driver.get(BASE + "/")
    wait_for(lambda: text("#safety").endswith("%"), "the first results")
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#allocation tr")) > 3, "the allocation table")
    before = (text("#safety"), text("#allocation"))
    print("default: optimal safety", before[0])

    # A keyboard user moves "impossible" (level 10) to the top of its range.
    slider = driver.find_element(By.ID, "belief-10")
    slider.send_keys(Keys.END)
    wait_for(lambda: text("#safety") != before[0] and text("#status") == "", "safety to change")
    after = (text("#safety"), text("#allocation"))
    if after[1] == before[1]:
        fail("the allocation table did not change")
    print("after moving level 10 up: optimal safety", after[0])
    shared = driver.current_url
    if "#s=" not in shared:
        fail("the URL does not hold the state: " + shared)

    driver.get("about:blank")
    driver.get(shared)
    wait_for(lambda: text("#safety").endswith("%") and text("#status") == "", "the shared view")
    if text("#safety") != after[0] or driver.find_element(By.ID, "belief-10").get_attribute("value") != "100":
        fail(f"the shared URL shows {text('#safety')}, expected {after[0]}")
    print("shared URL reproduces", text("#safety"))
    screenshot("explorer", 1280, 800)
    screenshot("explorer", 390, 844)

    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.get(BASE + "/results")
    wait_for(lambda: text("#count") != "–", "the response count")
    count = int(text("#count"))
    driver.get(BASE + "/survey")
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#beliefs input")) == 10, "the survey sliders")
    driver.find_element(By.ID, "belief-6").send_keys(Keys.END)
    driver.find_element(By.ID, "comment").send_keys("I would put <6> before 5 & 4")
    driver.find_element(By.ID, "submit").click()
    wait_for(lambda: "Thank you" in text("#thanks"), "the survey's thanks")
    driver.get(BASE + "/results")
    wait_for(lambda: text("#count") not in ("–", str(count)), "the new count")
    if int(text("#count")) != count + 1:
        fail(f"results count {text('#count')}, expected {count + 1}")
    print("results count went from", count, "to", text("#count"))
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#pools tr")) == 11, "the pooled beliefs")
    screenshot("results", 1280, 800)
    screenshot("results", 390, 844)
finally:
    driver.quit()
print("ok")
