#!/usr/bin/env python3
"""Opens GET /docs of a running server in headless Chromium (WebDriver) and checks what a reader gets:

- the page loads with nothing in the browser's console at level SEVERE (errors, including any resource
  the page's Content-Security-Policy refused) and loads no other resource;
- it lists every path of openapi.yaml (read here with PyYAML, a full YAML reader), each with every
  operation the document gives it;
- at a phone's width (a 360 CSS px viewport, as on a small Android phone) nothing is wider than the
  viewport: no horizontal scrolling.

Usage: docs_browser.py URL OPENAPI.yaml
"""
import sys

import yaml
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

METHODS = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]


def main():
    url, openapi_path = sys.argv[1], sys.argv[2]
    document = yaml.safe_load(open(openapi_path, encoding="utf-8"))
    paths = document["paths"]

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-extensions", "--no-first-run", "--window-size=360,800"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    problems = []
    try:
        # A phone: 360 CSS px wide, before the page loads, so it lays out at that width.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
        driver.get(url)
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

        for entry in driver.get_log("browser"):
            print(f"  console {entry['level']}: {entry['message']}")
            if entry["level"] == "SEVERE":
                problems.append(f"console error: {entry['message']}")
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        if resources:
            problems.append(f"the page loaded other resources: {resources}")

        listed = {}
        for section in driver.find_elements(By.CSS_SELECTOR, "section.path"):
            path = section.find_element(By.CSS_SELECTOR, "h3 code").text
            listed[path] = {badge.text.lower() for badge in section.find_elements(By.CSS_SELECTOR, "article.op h4 .m")}
        for path, item in paths.items():
            if path not in listed:
                problems.append(f"path {path} is not on the page")
                continue
            documented = {m for m in METHODS if m in item}
            if listed[path] != documented:
                problems.append(f"{path}: the page shows {sorted(listed[path])}, openapi.yaml has {sorted(documented)}")
        for path in listed:
            if path not in paths:
                problems.append(f"the page shows {path}, which openapi.yaml does not have")
        print(f"  {len(listed)} paths on the page, {len(paths)} in openapi.yaml")

        width = driver.execute_script("return window.innerWidth")
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        print(f"  viewport {width} px wide, document {scroll} px wide")
        if width != 360:
            problems.append(f"the viewport is {width} px wide, not 360")
        if scroll > width:
            problems.append(f"the document is {scroll} px wide in a {width} px viewport: it scrolls sideways")
        wide = driver.execute_script("""
            const limit = window.innerWidth + 0.5, out = [];
            for (const e of document.body.querySelectorAll('*')) {
              const r = e.getBoundingClientRect();
              if (r.width > 0 && r.right > limit) out.push(e.tagName.toLowerCase() + ' ' + Math.round(r.right) + ' px: ' + (e.textContent || '').trim().slice(0, 60));
            }
            return out.slice(0, 10);
        """)
        for element in wide:
            problems.append(f"wider than the viewport: {element}")
    finally:
        driver.quit()

    for problem in problems:
        print(f"FAIL {problem}")
    print("ok   GET /docs in headless Chromium" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
