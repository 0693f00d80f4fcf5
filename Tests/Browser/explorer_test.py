#!/usr/bin/env python3
"""The explorer in a real browser: headless Chromium through chromium-driver and Selenium.

Usage: explorer_test.py BASE_URL ARTIFACTS_DIR
Checks, against a running `alignscale serve` with an empty survey:
  1. at 1400x1000 and 400x900 the safety at the status quo and at the optimum are on screen
     without scrolling, and every chart has rendered;
  2. moving a belief with the keyboard changes the answer, the preset says "custom", and the
     page's URL reproduces the view when opened afresh;
  3. a negative budget and an impossible program field are marked at the field with the
     server's message, the results are greyed out meanwhile, and fixing the field clears both;
  4. pasting another view's link into the open tab (hashchange) loads that view;
  5. an alternative ordering changes the answer and lives in the URL; so do values by level
     (evidence given per level), whose answer the Swift side compares with the command line;
     an observation moves the beliefs and the answer and lives in the URL, an experiment is
     valued with its chart, and the plan panel says whether to run it;
  6. the study panel answers both questions with its charts, and says when it is out of date;
  6c. programs added, renamed, re-kinded and removed, and the stop baseline, kept by the link;
     your own allocation as the point Monte Carlo runs at;
  7. program columns explain themselves; /results with no responses says so; an untouched survey
     cannot be sent; chips placed from the keyboard say back what they imply; the answer is
     counted on /results, drawn as bars, and the thank-you opens the respondent's own view;
     at 1400 and 400 px every chart label is at least 9 px and nothing scrolls sideways;
  8. screenshots at several sizes are saved under ARTIFACTS_DIR and are not blank.
Exits 1 with a message on the first failure.
"""
import json
import os
import sys
import time
import urllib.request

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select

BASE, ARTIFACTS = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(ARTIFACTS, exist_ok=True)


def fail(message):
    print("FAIL:", message)
    # What the page said, so a failure in CI can be read without rerunning it.
    try:
        print("  at:", driver.current_url[:200])
        for css in ("#scenario-title", "#open-status", "#status"):
            found = driver.find_elements(By.CSS_SELECTOR, css)
            print("  %s: %s" % (css, found[0].text[:300] if found else "(absent)"))
        for entry in driver.get_log("browser")[-10:]:
            print("  console:", entry.get("level"), str(entry.get("message"))[:300])
    except Exception as error:  # before the browser starts, or the browser is gone
        print("  (no page state: %s)" % type(error).__name__)
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
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def text(css):
    return driver.find_element(By.CSS_SELECTOR, css).text


def wait_for(condition, what, seconds=30):
    # A page that reloads (opening a scenario does) can turn an element stale between finding it
    # and reading it, and the driver can raise more than that (a detached frame, a script run
    # mid-navigation): each counts as "not yet", not a failure, and the last one is
    # reported if the time runs out, so that a failure says what really happened.
    deadline = time.monotonic() + seconds
    last = None
    while True:
        try:
            result = condition()
            if result:
                return result
        except WebDriverException as error:
            last = error
        if time.monotonic() > deadline:
            detail = "" if last is None else f" (last driver error: {type(last).__name__}: {str(last).splitlines()[0] if str(last) else ''})"
            fail(f"timed out after {seconds} s waiting for {what}{detail}")
        time.sleep(0.1)


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




def visible_without_scrolling(css):
    return driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        " return window.scrollY === 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0;", css)


def answered():
    return text("#safety").endswith("%") and "Computing" not in text("#status") and not stale()


def stale():
    return "stale" in driver.find_element(By.CSS_SELECTOR, "#answer .cards").get_attribute("class")


def set_value(element, value):
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(value)


try:
    # 1. The answer above the fold, at a desktop and a phone size.
    for width, height in ((1400, 1000), (400, 900)):
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        driver.get(BASE + "/")
        wait_for(answered, f"the first results at {width}x{height}")
        wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, ".result svg")) >= 4, "the charts")
        for css in ("#safety-status-quo", "#safety"):
            if not visible_without_scrolling(css):
                fail(f"{css} is not visible without scrolling at {width}x{height}")
        print(f"answer above the fold at {width}x{height}: {text('#safety-status-quo')} -> {text('#safety')}")
        screenshot("explorer", width, height)
        # Every chart label a reader sees is at least 9 px tall (an SVG text's box, an HTML
        # bar's font), and nothing makes the page scroll sideways.
        smallest = driver.execute_script("""
            let smallest = [1e9, ""];
            document.querySelectorAll(".result svg text, .result .bar-list .bar-label, .result .bar-list .bar-value").forEach((t) => {
              const box = t.getBoundingClientRect();
              if (box.height === 0 || !t.textContent.trim()) return;
              const size = t.tagName === "text" ? box.height : parseFloat(getComputedStyle(t).fontSize);
              if (size < smallest[0]) smallest = [size, t.textContent.trim()];
            });
            return smallest;""")
        if smallest[0] < 9:
            fail(f"a chart label is {smallest[0]:.1f} px tall at {width}x{height}: {smallest[1]!r}")
        if driver.execute_script("return document.documentElement.scrollWidth") > width:
            fail(f"the page scrolls sideways at {width}x{height}")
        print(f"smallest chart label at {width}x{height}: {smallest[0]:.1f} px")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.set_window_size(1280, 800)
    driver.get(BASE + "/")
    wait_for(answered, "the first results")
    default_url = driver.current_url
    before = (text("#safety"), text("#answer-text"))
    if driver.find_element(By.ID, "preset").get_attribute("value") != "default":
        fail("the preset does not say default")
    # The default's spreads read whole in their fields (not cut-off JSON).
    spread = driver.find_element(By.ID, "program-0-baseline")
    shown = spread.get_attribute("value")
    hidden = driver.execute_script(
        "const f = arguments[0]; return f.scrollWidth > f.clientWidth + 1 || f.scrollHeight > f.clientHeight + 1;", spread)
    if shown != "triangular(0.925, 0.95, 0.975)" or hidden:
        fail(f"the default's RLHF baseline shows {shown!r}, {'partly hidden' if hidden else 'whole'}")
    print("a spread in its field:", shown)

    # 2. A keyboard user moves "impossible" (level 10) to the top of its range.
    driver.find_element(By.ID, "belief-10").send_keys(Keys.END)
    wait_for(lambda: text("#safety") != before[0] and answered(), "safety to change")
    if text("#answer-text") == before[1]:
        fail("the answer's sentence did not change")
    if driver.find_element(By.ID, "preset").get_attribute("value") != "custom":
        fail("the preset does not say custom after an edit")
    after = text("#safety")
    print("after moving level 10 up: optimal safety", after)
    shared = driver.current_url
    if "#s=" not in shared:
        fail("the URL does not hold the state: " + shared)
    driver.get("about:blank")
    driver.get(shared)
    wait_for(answered, "the shared view")
    if text("#safety") != after or driver.find_element(By.ID, "belief-10").get_attribute("value") != "100":
        fail(f"the shared URL shows {text('#safety')}, expected {after}")
    print("shared URL reproduces", text("#safety"))

    # 3. Errors at the field, stale results greyed out.
    budget = driver.find_element(By.ID, "budget")
    set_value(budget, "-5")
    wait_for(lambda: budget.get_attribute("aria-invalid") == "true" and stale() and "-5" in text("#budget-error"),
             "the budget's error from the server")
    message = text("#budget-error")
    if "≥ 0" not in message or "-5" not in message:
        fail("the budget's error says " + repr(message))
    print("negative budget marked at the field:", message)
    screenshot("explorer-error", 1280, 800)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    set_value(budget, "100")
    wait_for(lambda: answered() and budget.get_attribute("aria-invalid") is None, "the budget's error to clear")
    field = driver.find_element(By.ID, "program-0-baseline")
    set_value(field, "2")
    wait_for(lambda: field.get_attribute("aria-invalid") == "true" and stale()
             and driver.find_elements(By.ID, "program-0-baseline-error"), "the program field's error")
    note = driver.find_element(By.ID, "program-0-baseline-error").text
    if "programs[0].baseline" not in note and "[0, 1)" not in note:
        fail("the program field's error says " + repr(note))
    print("program field marked at the field:", note)
    set_value(field, "0.95")
    wait_for(lambda: answered() and field.get_attribute("aria-invalid") is None, "the program field's error to clear")
    if text("#safety") != after:
        fail(f"after fixing the fields safety is {text('#safety')}, expected {after}")

    # 4. Another view's link pasted into this tab.
    driver.execute_script("location.hash = arguments[0]", default_url.split("#", 1)[1])
    wait_for(lambda: answered() and text("#safety") == before[0], "the pasted link's view")
    if driver.find_element(By.ID, "belief-10").get_attribute("value") == "100":
        fail("the sliders did not follow the pasted link")
    print("hashchange loads the pasted view:", text("#safety"))

    def settled():
        # Several edits each recompute and rewrite the URL: wait until neither moves for a second.
        before = (driver.current_url, text("#safety"))
        time.sleep(1.0)
        return answered() and (driver.current_url, text("#safety")) == before

    # 5. An alternative ordering: interpretability-based oversight at level 4, a quarter of the credence.
    driver.find_element(By.ID, "add-ordering").click()
    Select(driver.find_element(By.ID, "ordering-0-interpretability-oversight")).select_by_value("4")
    Select(driver.find_element(By.ID, "ordering-0-scalable-oversight")).select_by_value("5")
    wait_for(lambda: answered() and text("#safety") != before[0], "the ordering to change the answer")
    # Both moves recompute: the link and the answer are read once neither changes any more.
    wait_for(settled, "the two moves to settle")
    with_ordering = text("#safety")
    ordered_url = driver.current_url
    driver.get("about:blank")
    driver.get(ordered_url)
    wait_for(answered, "the view with an ordering")
    if text("#safety") != with_ordering or not driver.find_elements(By.ID, "ordering-0-credence"):
        fail("the ordering did not survive the URL")
    print("an alternative ordering:", before[0], "->", with_ordering, "and the URL keeps it")

    # 5b. Values by level: contained experiments give evidence only up to level 7. The Swift side
    # checks the answer against `alignscale optimize` on the same scenario.
    driver.get(BASE + "/")
    wait_for(answered, "a fresh view")
    plain = text("#safety")
    # The default's evidence is a spread around 0.3: one number first (the same answer, the
    # median), then one value per level.
    set_value(driver.find_element(By.ID, "program-5-evidence"), "0.3")
    split = driver.find_element(
        By.CSS_SELECTOR, '[aria-label="Contained misalignment experiments: evidence: give one value per level"]')
    wait_for(lambda: split.is_displayed(), "the per-level button of a fixed number")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", split)
    split.click()
    levels = driver.find_elements(By.CSS_SELECTOR, '[data-path^="programs[5].evidence["]')
    if len(levels) != 10:
        fail(f"the per-level editor shows {len(levels)} inputs, not one per level")
    for k in (7, 8, 9):
        set_value(driver.find_element(By.CSS_SELECTOR, f'[data-path="programs[5].evidence[{k}]"]'), "0")
    wait_for(lambda: answered() and text("#safety") != plain, "values by level to change the answer")

    wait_for(settled, "the three edits to settle")
    by_level = text("#safety")
    by_level_url = driver.current_url
    driver.get("about:blank")
    driver.get(by_level_url)
    wait_for(answered, "the view with values by level")
    if text("#safety") != by_level or len(driver.find_elements(By.CSS_SELECTOR, '[data-path^="programs[5].evidence["]')) != 10:
        fail("values by level did not survive the URL")
    print("values by level:", by_level, "and the URL keeps them")

    # 5c. Evidence and experiments: an observation moves the beliefs (and the answer), and lives in
    # the URL; an experiment is valued; the plan panel says whether to run it and what to do.
    driver.get(BASE + "/")
    wait_for(answered, "a fresh view")
    plain = text("#safety")
    # Clicked by script: results above these buttons re-render and move them while they load.
    def press(element):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", element)

    press(driver.find_element(By.ID, "add-observation"))
    wait_for(lambda: answered() and "had probability" in text("#posterior"), "the posterior after an observation")
    if text("#safety") == plain:
        fail("an observation that k > 6 did not change the answer")
    observed = text("#safety")
    observed_url = driver.current_url
    driver.get("about:blank")
    driver.get(observed_url)
    wait_for(answered, "the view with an observation")
    if text("#safety") != observed or not driver.find_elements(By.ID, "evidence-0-name"):
        fail("the observation did not survive the URL")
    print("an observation:", plain, "->", observed, "and the URL keeps it")
    driver.find_element(By.ID, "evidence-0-sensitivity").click()
    set_value(driver.find_element(By.ID, "evidence-0-sensitivity"), "1.5")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#evidence-0-sensitivity[aria-invalid=true]"),
             "a sensitivity of 1.5 to be marked at its field")
    set_value(driver.find_element(By.ID, "evidence-0-sensitivity"), "0.9")
    wait_for(answered, "the results after fixing the sensitivity")
    press(driver.find_element(By.CSS_SELECTOR, '[aria-label="Remove observation-1"]'))
    wait_for(lambda: answered() and text("#safety") == plain, "the answer without the observation")
    press(driver.find_element(By.ID, "add-experiment"))
    wait_for(lambda: answered() and "break-even" in text("#experiments-result"), "the experiment's worth")
    if text("#safety") != plain:
        fail("an experiment not yet run changed the answer")
    if not driver.find_elements(By.CSS_SELECTOR, "#experiments-result svg"):
        fail("the experiment's value-against-cost chart is missing")
    driver.execute_script("document.getElementById('learning-title').scrollIntoView()")
    screenshot("explorer-learning", 1400, 1000)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    set_value(driver.find_element(By.ID, "plan-later-value"), "0.9")
    press(driver.find_element(By.CSS_SELECTOR, "#plan-panel button.run"))
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#plan-panel svg"), "the plan's chart")
    verdict = text("#plan-panel .panel-body p")
    if "worth" not in verdict or len(driver.find_elements(By.CSS_SELECTOR, "#plan-panel li")) != 3:
        fail("the plan panel says " + repr(verdict))
    print("plan:", verdict[:120], "…")
    driver.execute_script("document.getElementById('plan-panel').scrollIntoView()")
    screenshot("explorer-plan", 1400, 1000)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # 5d. How firm is this advice: the default's program numbers are spreads, so the panel scores
    # the candidates and shows the firm amounts straight away (a scenario with every number fixed
    # is tried in 6b).
    press(driver.find_element(By.CSS_SELECTOR, "#robust-panel button.run"))
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#robust-panel svg")) == 2, "the robust panel's charts")
    summary = text("#robust-panel .panel-body p")
    if "worst-case regret" not in summary:
        fail("the robust panel says " + repr(summary))
    print("robust:", summary[:120], "…")
    # Under uncertainty: a histogram whose axis never prints one label twice.
    press(driver.find_element(By.CSS_SELECTOR, "#montecarlo-panel button.run"))
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#montecarlo-panel svg"), "the Monte Carlo histogram")
    labels = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "#montecarlo-panel svg text") if t.text.endswith("%")]
    if len(labels) != len(set(labels)):
        fail("the histogram repeats axis labels: " + repr(labels))
    print("Monte Carlo:", text("#montecarlo-panel .panel-body p")[:100], "…")
    # One point for Monte Carlo and the race, in both headings and the link; changing it marks the
    # panel out of date, and the rerun says where it ran.
    Select(driver.find_element(By.ID, "analyses-at")).select_by_value("status-quo")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#montecarlo-panel .out-of-date-note"), "Monte Carlo to be out of date")
    headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#montecarlo-panel h3, #race-panel h3")]
    if not all("status quo" in h for h in headings):
        fail("the panels' headings do not say where they run: " + repr(headings))
    press(driver.find_element(By.CSS_SELECTOR, "#montecarlo-panel button.run"))
    wait_for(lambda: text("#montecarlo-panel .panel-body p").startswith("At the status quo"), "Monte Carlo at the status quo")
    print("Monte Carlo at the status quo:", text("#montecarlo-panel .panel-body p")[:90], "…")
    # Your own allocation: starts from the best one, takes amounts, runs Monte Carlo there, and
    # the link keeps it.
    Select(driver.find_element(By.ID, "analyses-at")).select_by_value("own")
    wait_for(lambda: driver.find_elements(By.ID, "own-interpretability-oversight"), "the fields of your own allocation")
    if driver.find_element(By.ID, "own-interpretability-oversight").get_attribute("value") != "88.43":
        fail("your own allocation does not start from the best one")
    set_value(driver.find_element(By.ID, "own-interpretability-oversight"), "40")
    set_value(driver.find_element(By.ID, "own-scalable-oversight"), "60")
    wait_for(settled, "your own allocation in the link")
    press(driver.find_element(By.CSS_SELECTOR, "#montecarlo-panel button.run"))
    wait_for(lambda: text("#montecarlo-panel .panel-body p").startswith("At your own allocation"), "Monte Carlo at your own allocation")
    own_text = text("#montecarlo-panel .panel-body p")
    own_link = driver.current_url
    driver.get("about:blank")
    driver.get(own_link)
    wait_for(answered, "the link with your own allocation")
    kept = (Select(driver.find_element(By.ID, "analyses-at")).first_selected_option.get_attribute("value"),
            driver.find_element(By.ID, "own-scalable-oversight").get_attribute("value"))
    if kept != ("own", "60"):
        fail("the link did not keep your own allocation: " + repr(kept))
    print("Monte Carlo at your own allocation:", own_text[:90], "…")
    Select(driver.find_element(By.ID, "analyses-at")).select_by_value("optimal")
    driver.execute_script("document.getElementById('robust-panel').scrollIntoView()")
    screenshot("explorer-robust", 1400, 1000)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    # 6. The study across nearby beliefs, then out of date after an edit.
    press(driver.find_element(By.CSS_SELECTOR, "#study-panel button.run"))
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#study-panel svg")) == 2, "the study's charts")
    paragraphs = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "#study-panel .panel-body p")]
    if len(paragraphs) < 3 or "past the margin" not in paragraphs[1] or "of 300)" not in paragraphs[2]:
        fail("the study panel says " + repr(paragraphs))
    print("study:", paragraphs[0][:100], "…")
    # The panels' charts at a phone's width: at least 9 px labels, scrolling inside their own box.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 400, "height": 900, "deviceScaleFactor": 1, "mobile": True})
    time.sleep(0.5)
    panel_smallest = driver.execute_script("""
        let smallest = 1e9;
        document.querySelectorAll("#study-panel svg text").forEach((t) => {
          const h = t.getBoundingClientRect().height;
          if (h > 0 && t.textContent.trim()) smallest = Math.min(smallest, h);
        });
        return smallest;""")
    if panel_smallest < 9 or driver.execute_script("return document.documentElement.scrollWidth") > 400:
        fail(f"the panels' charts at 400 px: smallest label {panel_smallest:.1f} px, or the page scrolls sideways")
    print(f"smallest panel chart label at 400 px: {panel_smallest:.1f} px")
    driver.execute_script("document.querySelector('#study-panel svg').scrollIntoView()")
    driver.save_screenshot(os.path.join(ARTIFACTS, "explorer-study-400x900.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.find_element(By.ID, "belief-1").send_keys(Keys.END)
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#study-panel .out-of-date-note"), "the study to say it is out of date")
    wait_for(answered, "the results after the edit")
    driver.execute_script("document.getElementById('study-panel').scrollIntoView()")
    driver.save_screenshot(os.path.join(ARTIFACTS, "explorer-study.png"))

    # 6c. Every field: add a program, rename it, make it a coordination program that requires RLHF,
    # raise the stop baseline; the link reproduces all of it; removing the program brings back the answer.
    driver.get(BASE + "/")
    wait_for(answered, "a fresh view for editing programs")
    original = text("#safety")
    press(driver.find_element(By.ID, "add-program"))
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#programs tbody tr")) == 11, "the new program's row")
    wait_for(settled, "the answer with a new program")
    new_id = driver.find_element(By.ID, "program-10-id")
    set_value(new_id, "my-eval")
    driver.execute_script("arguments[0].dispatchEvent(new Event('change'))", new_id)
    wait_for(lambda: driver.find_element(By.ID, "program-10-id").get_attribute("value") == "my-eval", "the renamed program")
    Select(driver.find_element(By.ID, "program-10-level")).select_by_value("coordination")
    requires = driver.find_element(By.ID, "program-10-requires")
    set_value(requires, "rlhf")
    driver.execute_script("arguments[0].dispatchEvent(new Event('change'))", requires)
    set_value(driver.find_element(By.ID, "program-10-scale"), "20")
    set_value(driver.find_element(By.ID, "program-10-evidence"), "0.6")
    # A spread written as a distribution: read, marked uncertain, and kept by the link.
    set_value(driver.find_element(By.ID, "program-10-backfire"), "beta(2, 8)")
    wait_for(settled, "the answer with the edited program")
    backfire_field = driver.find_element(By.ID, "program-10-backfire")
    if "uncertain" not in backfire_field.get_attribute("class") or backfire_field.get_attribute("aria-invalid") == "true":
        fail("beta(2, 8) is not read as an uncertain backfire: " + repr(backfire_field.get_attribute("class")))
    edited = text("#safety")
    if edited == original:
        fail("adding a cheap coordination program with evidence 0.6 did not change the answer")
    if "P=" not in driver.current_url and "%22P%22" not in driver.current_url and "s=" not in driver.current_url:
        fail("the link does not keep the programs: " + driver.current_url)
    set_value(driver.find_element(By.ID, "scalar-stop_baseline"), "0.3")
    wait_for(lambda: settled() and text("#safety") != edited, "the answer with the stop baseline at 0.3")
    moved = text("#safety")
    link = driver.current_url
    driver.get("about:blank")
    driver.get(link)
    wait_for(answered, "the edited link")
    kept = (driver.find_element(By.ID, "program-10-id").get_attribute("value"),
            Select(driver.find_element(By.ID, "program-10-level")).first_selected_option.get_attribute("value"),
            driver.find_element(By.ID, "program-10-requires").get_attribute("value"),
            driver.find_element(By.ID, "scalar-stop_baseline").get_attribute("value"), text("#safety"),
            driver.find_element(By.ID, "program-10-backfire").get_attribute("value"))
    if kept != ("my-eval", "coordination", "rlhf", "0.3", moved, "beta(2, 8)"):
        fail("the link did not reproduce the edited programs: " + repr(kept))
    print("edited programs:", original, "->", edited, "-> stop baseline 0.3:", moved, "and the link keeps them")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 400, "height": 900, "deviceScaleFactor": 1, "mobile": True})
    driver.execute_script("document.getElementById('programs-title').scrollIntoView()")
    driver.save_screenshot(os.path.join(ARTIFACTS, "explorer-programs-400x900.png"))
    if driver.execute_script("return document.documentElement.scrollWidth") > 400:
        fail("the page scrolls sideways at 400 px with the program table")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_script("document.getElementById('programs-title').scrollIntoView()")
    driver.save_screenshot(os.path.join(ARTIFACTS, "explorer-programs.png"))
    # The timeline: the race runs with transformative AI arriving in 4 to 25 years, and the link keeps it.
    press(driver.find_element(By.CSS_SELECTOR, "#race-panel button.run"))
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#race-panel svg"), "the race")
    fixed_race = text("#race-panel .panel-body p")
    set_value(driver.find_element(By.ID, "timeline-tai_years"), "4 to 25")
    wait_for(settled, "the timeline in the link")
    press(driver.find_element(By.CSS_SELECTOR, "#race-panel button.run"))
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#race-panel svg") and text("#race-panel .panel-body p") != fixed_race,
             "the race with an uncertain arrival")
    uncertain_race = text("#race-panel .panel-body p")
    timeline_link = driver.current_url
    driver.get("about:blank")
    driver.get(timeline_link)
    wait_for(answered, "the link with a timeline")
    if driver.find_element(By.ID, "timeline-tai_years").get_attribute("value") != "4 to 25":
        fail("the link did not keep the timeline")
    print("race with arrival in 4 to 25 years:", uncertain_race[:100], "…")
    press(driver.find_element(By.CSS_SELECTOR, "#programs tbody tr:last-child button.remove-program"))
    set_value(driver.find_element(By.ID, "scalar-stop_baseline"), "0.2")
    wait_for(lambda: settled() and text("#safety") == original, "the answer back without the program")
    print("removed it:", text("#safety"))

    # 6b. Your own scenario: one of the server's by name; a file with a mistake, shown at its line
    # and column; a valid file, opened into the link (reloading the link opens it again), its
    # optimum's safety as the API's optimize gives it, and an uncertain field shown as written.
    offered = json.loads(urllib.request.urlopen(BASE + "/api/scenarios").read())["scenarios"]
    if offered[0]["name"] != "default":
        fail("the scenario list does not start with the default: " + repr(offered))
    for entry in offered[1:2]:
        driver.get(BASE + "/?scenario=" + entry["name"])
        wait_for(lambda: text("#scenario-title") == entry["title"], "the server's scenario " + entry["name"])
        wait_for(answered, "the answer for " + entry["name"])
        print("opened by name:", entry["name"], text("#safety"))
    driver.get(BASE + "/")
    wait_for(answered, "the default's answer")
    def scenario_file(name, text):
        path = os.path.join(ARTIFACTS, name)
        with open(path, "w") as f:
            f.write(text)
        return path
    tenth = "scale: builtin\nbeliefs: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]\nbudget: 40\nprograms:\n"
    broken = scenario_file("broken-scenario.yaml", "name: Mine\nbeliefs: [0.5, 0.5]\nbudget: lots\nprograms: []\n")
    driver.find_element(By.ID, "open-scenario").send_keys(broken)
    wait_for(lambda: "broken-scenario.yaml:" in text("#open-status"), "the file's error at its line and column")
    print("a broken file:", text("#open-status"))
    mine = scenario_file(
        "my-scenario.yaml",
        "name: My three programs\n" + tenth
        + "  - {id: oversight, level: 4, baseline: 0.3, scale: 10 to 40, backfire: 0.1}\n"
        "  - {id: interpretability, level: 6, baseline: 0.1, scale: 80}\n"
        "  - {id: pause, kind: coordination, baseline: 0.05, scale: 100, evidence: 0.4}\n")
    # A scenario with every number fixed: the panels that need uncertainty say so and offer to
    # spread the beliefs, and with the beliefs spread they answer.
    certain = scenario_file(
        "certain-scenario.yaml",
        "name: Nothing uncertain\n" + tenth
        + "  - {id: oversight, level: 4, baseline: 0.3, scale: 20, backfire: 0.1}\n"
        "  - {id: interpretability, level: 6, baseline: 0.1, scale: 80}\n")
    driver.find_element(By.ID, "open-scenario").send_keys(certain)
    wait_for(lambda: text("#scenario-title") == "Nothing uncertain", "the file with nothing uncertain", seconds=90)
    wait_for(answered, "its answer")
    press(driver.find_element(By.CSS_SELECTOR, "#robust-panel button.run"))
    wait_for(lambda: "nothing to be wrong about" in text("#robust-panel .panel-body"), "the robust panel's advice to add uncertainty")
    press(driver.find_element(By.CSS_SELECTOR, "#montecarlo-panel button.run"))
    wait_for(lambda: "nothing to sample" in text("#montecarlo-panel .panel-body"), "the Monte Carlo panel to say nothing varies")
    set_value(driver.find_element(By.ID, "robust-concentration"), "20")
    press(driver.find_element(By.CSS_SELECTOR, "#robust-panel button.run"))
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#robust-panel svg")) == 2, "the robust panel's charts with beliefs spread")
    set_value(driver.find_element(By.ID, "montecarlo-concentration"), "20")
    press(driver.find_element(By.CSS_SELECTOR, "#montecarlo-panel button.run"))
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#montecarlo-panel svg"), "the Monte Carlo histogram with beliefs spread")
    print("nothing uncertain: the panels say so, and answer once the beliefs are spread")
    wait_for(answered, "the page to settle before opening another file")
    driver.find_element(By.ID, "open-scenario").send_keys(mine)
    # Opening reloads the page: on a loaded machine that can take a while.
    wait_for(lambda: text("#scenario-title") == "My three programs", "the opened file", seconds=90)
    wait_for(answered, "the opened file's answer")
    if "#f=" not in driver.current_url:
        fail("the opened scenario is not in the link: " + driver.current_url)
    scale_field = driver.find_element(By.ID, "program-0-scale").get_attribute("value")
    if scale_field != "10 to 40":
        fail("an uncertain field shows " + repr(scale_field))
    def post(path, body):
        request = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        return json.loads(urllib.request.urlopen(request).read())
    scenario = post("/api/open", {"text": open(mine).read(), "file": "my-scenario.yaml"})
    expected = "%.2f%%" % (100 * post("/api/optimize", scenario)["safety"])
    if text("#safety") != expected:
        fail(f"the opened scenario's best safety shows {text('#safety')}, optimize gives {expected}")
    link = driver.current_url
    driver.get("about:blank")
    driver.get(link)
    wait_for(lambda: text("#scenario-title") == "My three programs", "the link to open the scenario again")
    wait_for(answered, "the reopened scenario's answer")
    print("opened a file:", text("#scenario-title"), text("#safety"), "link of", len(link), "characters")
    screenshot("explorer-opened", 1400, 1000)
    screenshot("explorer-opened", 400, 900)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # 7. Help, and the survey's pages.
    titles = [th.get_attribute("title") for th in driver.find_elements(By.CSS_SELECTOR, "#programs th.has-help")]
    if len(titles) != 6 or not all(len(t) > 20 for t in titles):
        fail("the program columns do not explain themselves: " + repr(titles))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.get(BASE + "/results")
    wait_for(lambda: text("#count") != "–", "the response count")
    count = int(text("#count"))
    if count == 0:
        if not driver.find_element(By.ID, "empty").is_displayed():
            fail("/results with no responses does not say so")
        screenshot("results-empty", 1280, 800)
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.get(BASE + "/survey")
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#bins .bin")) == 10, "the survey's bins")
    # Untouched, nothing can be sent; chips placed from the keyboard say back what they imply.
    if driver.find_element(By.ID, "submit").is_enabled():
        fail("an untouched survey can be submitted")
    more_8 = driver.find_element(By.ID, "more-8")
    more_8.send_keys(Keys.SPACE)
    for _ in range(12):
        driver.find_element(By.ID, "more-6").send_keys(Keys.ENTER)
    for _ in range(2):
        more_8.send_keys(Keys.SPACE)
    feedback = text("#feedback")
    if "You give 20% to the difficulty being above level 7" not in feedback or "sharp left turn" not in feedback:
        fail("the survey's feedback says " + repr(feedback))
    if text("#share-6") != "80%" or "5 of 20 chips left" not in text("#chips-left"):
        fail(f"the bins say {text('#share-6')} and {text('#chips-left')!r}")
    print("survey feedback:", feedback.split(".")[1].strip()[:80], "…")
    screenshot("survey", 1280, 900)
    screenshot("survey", 400, 900)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.find_element(By.ID, "comment").send_keys("I would put <6> before 5 & 4")
    driver.find_element(By.ID, "submit").click()
    wait_for(lambda: "Thank you" in text("#thanks"), "the survey's thanks")
    own_view = driver.find_element(By.ID, "own-view").get_attribute("href")
    driver.get(own_view)
    wait_for(answered, "the respondent's own view")
    if driver.find_element(By.ID, "belief-6").get_attribute("value") != "80":
        fail("the thank-you link does not open the respondent's own beliefs")
    print("the thank-you link opens the respondent's view:", text("#safety"))
    driver.get(BASE + "/results")
    wait_for(lambda: text("#count") not in ("–", str(count)), "the new count")
    if int(text("#count")) != count + 1:
        fail(f"results count {text('#count')}, expected {count + 1}")
    print("results count went from", count, "to", text("#count"))
    # The pools and the consensus allocations are drawn, with their tables one click away.
    pool_rows = driver.find_elements(By.CSS_SELECTOR, "#pool-charts .bar-list li")
    consensus_rows = driver.find_elements(By.CSS_SELECTOR, "#consensus-chart .bar-list li")
    if len(pool_rows) != 20 or not consensus_rows:
        fail(f"the results draw {len(pool_rows)} pooled bars and {len(consensus_rows)} consensus bars")
    print("results drawn:", len(pool_rows), "pooled bars,", len(consensus_rows), "consensus allocations")
    wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#pools tr")) == 11, "the pooled beliefs")
    if count + 1 < 6 and not driver.find_element(By.ID, "groups-section").get_attribute("hidden"):
        fail("groups are shown for fewer than six answers")
    # Seven more answers, from optimists to pessimists: groups of at least three, with a heatmap.
    for peak in range(7):
        beliefs = [0.02] * 10
        beliefs[1 + peak] = 0.82
        request = urllib.request.Request(
            BASE + "/api/responses", data=json.dumps({"beliefs": beliefs}).encode(),
            headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
    driver.get(BASE + "/results")
    wait_for(lambda: text("#count") == str(count + 8), "the count after eight answers")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#regret-heatmap td"), "the cross-regret heatmap")
    cells = driver.find_elements(By.CSS_SELECTOR, "#regret-heatmap td")
    size = int(round(len(cells) ** 0.5))
    diagonal = [cells[i * size + i].text for i in range(size)]
    if size * size != len(cells) or size < 2 or any(d != "0 pp" for d in diagonal):
        fail(f"the cross-regret heatmap has {len(cells)} cells with diagonal {diagonal}")
    shades = {c.value_of_css_property("background-color") for c in cells}
    if len(shades) < 3:
        fail("the heatmap's cells are not shaded by their value: " + repr(shades))
    print(f"results groups: a {size}x{size} cross-regret heatmap,", "largest loss", max(
        (c.text for c in cells), key=lambda t: float(t.split()[0].lstrip("<"))))
    screenshot("results", 1280, 800)
    screenshot("results", 390, 844)
finally:
    driver.quit()
print("ok")
