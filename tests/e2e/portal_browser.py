#!/usr/bin/python3
"""End-to-end: the delivery portal in a real browser (Debian's chromium, driven by
chromium-driver through python3-selenium, headless), as the Ningxia clerk, the Shanxi clerk
and the centre use it, with a screenshot of every page.

usage: /usr/bin/python3 tests/e2e/portal_browser.py PATH_TO_ASSESS [SCREENSHOT_DIR]

Run from the repository root (CTest does).  On a copy of the bundled sample with a fresh
state folder, a portal on 127.0.0.1 and a browser that prefers Chinese:
  - the Ningxia clerk logs in through the form, downloads the template, fills it
    (openpyxl) with one figure typed as text, uploads it and sees the error in Chinese at
    its cell (填报 Inputs!D..); the release button is not offered; fixes it, uploads again,
    releases, and downloads the receipt, whose SHA-256 is the data set file's;
  - the Shanxi clerk cannot open Ningxia's envelope (the page says there is no such page);
  - the centre sees Ningxia released in the status matrix, evaluates and publishes;
  - the Ningxia clerk then sees its own grade and rectification deadline, and no other
    province's.
Screenshots go to SCREENSHOT_DIR (default: portal-screenshots/ beside the binary, in the
build tree), named at the end.  Skipped
(exit 77, saying why) when chromium, chromedriver or selenium is missing.  Exits 1 with the reasons on
failure.
"""
import glob
import os
import re
import shutil
import sys
import tempfile
import time

from support.checks import expect, failures, finish, skip
from support.portal import Portal, sha256
from support.workbook import SHEET, fill_twice

try:
    import openpyxl
    import yaml
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError as e:
    skip(f"{e.name} is missing (apt-get install python3-selenium python3-openpyxl python3-yaml)")

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
NX = "/envelopes/2026/640000/reported"


class Browser:
    """Headless chromium with a fresh profile that prefers Chinese, downloading into a
    folder of its own."""

    def __init__(self, portal, shots):
        self.portal, self.shots, self.n = portal, shots, 0
        self.profile = tempfile.mkdtemp(prefix="assess-chromium-")
        self.downloads = os.path.join(self.profile, "downloads")
        os.mkdir(self.downloads)
        o = Options()
        o.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                  "--window-size=1366,900", "--user-data-dir=" + self.profile):
            o.add_argument(a)
        o.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh",
                                            "download.default_directory": self.downloads,
                                            "download.prompt_for_download": False})
        self.d = webdriver.Chrome(service=Service(DRIVER), options=o)
        self.d.execute_cdp_cmd("Page.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": self.downloads})

    def go(self, path):
        self.d.get(self.portal.url + path)

    def shot(self, name):
        """A screenshot of the whole page, 1366 px wide."""
        height = self.d.execute_script("return document.documentElement.scrollHeight")
        self.d.set_window_size(1366, max(700, min(height + 40, 2400)))
        self.n += 1
        self.d.save_screenshot(os.path.join(self.shots, f"{self.n:02d}-{name}.png"))
        self.d.set_window_size(1366, 900)

    def text(self):
        return self.d.find_element(By.TAG_NAME, "main").text

    def click(self, how, what):
        """Click what submits a form, and wait for the next page."""
        page = self.d.find_element(By.TAG_NAME, "html")
        self.d.find_element(how, what).click()

        def replaced(_):
            try:
                page.is_enabled()  # the old page's element: an error once it is gone
                return False
            except WebDriverException:
                return True

        WebDriverWait(self.d, 60).until(replaced)

    def login(self, user, password):
        self.go("/")
        self.d.find_element(By.NAME, "user").send_keys(user)
        self.d.find_element(By.NAME, "password").send_keys(password)
        self.click(By.CSS_SELECTOR, "form.login button")

    def logout(self):
        self.click(By.CSS_SELECTOR, "header form button")

    def download(self, link_css, pattern, timeout=20):
        """Click a link and wait for its download to land."""
        before = set(os.listdir(self.downloads))
        self.d.find_element(By.CSS_SELECTOR, link_css).click()
        end = time.time() + timeout
        while time.time() < end:
            new = [f for f in set(os.listdir(self.downloads)) - before
                   if re.search(pattern, f) and not f.endswith(".crdownload")]
            if new:
                return os.path.join(self.downloads, new[0])
            time.sleep(0.1)
        failures.append(f"no download matching {pattern}")
        return None

    def upload(self, path):
        self.d.find_element(By.CSS_SELECTOR, "form.upload input[type=file]").send_keys(path)
        self.click(By.CSS_SELECTOR, "form.upload button")

    def close(self):
        self.d.quit()
        shutil.rmtree(self.profile, ignore_errors=True)


def ningxia_delivers(b, portal, pw, tmp):
    b.login("nx", pw["nx"])
    expect("the clerk lands on its envelope", True, b.d.current_url.endswith(NX))
    b.shot("envelope-empty")
    template = b.download("a.download", r"\.xlsx$")
    if not template:
        return
    good, bad = os.path.join(tmp, "宁夏2026.xlsx"), os.path.join(tmp, "宁夏2026-初稿.xlsx")
    coal = fill_twice(template, os.path.join(portal.data, "submissions/2026/640000.yaml"), good,
                      bad, "energy.coal", "一千二百")
    b.upload(bad)
    page = b.text()
    b.shot("qa-error")
    expect("the error is shown at its cell, in Chinese", True,
           f"{SHEET}!D{coal}" in page and "错误" in page and "一千二百" in page)
    expect("no release is offered", [], b.d.find_elements(By.CSS_SELECTOR, "form.release"))
    b.upload(good)
    b.shot("qa-clean")
    expect("the fixed workbook has no errors", True, "0 个错误" in b.text())
    b.click(By.CSS_SELECTOR, "form.release button")
    expect("released", True, "已发布" in b.text())
    b.shot("released")
    receipt = b.download("ul.receipts a", r"^receipt-2026-640000-reported-1\.txt$")
    placed = os.path.join(portal.data, "submissions/2026/640000.xlsx")
    if receipt:
        with open(receipt, encoding="utf-8") as f:
            text = f.read()
        m = re.search(r"SHA-256:\s+([0-9a-f]{64})", text)
        expect("the receipt's SHA-256 is the data set file's", sha256(placed),
               m.group(1) if m else None)
        expect("the file is the workbook uploaded", sha256(good), sha256(placed))
    b.logout()


def shanxi_is_kept_out(b, pw):
    b.login("sx", pw["sx"])
    b.go(NX)
    expect("Shanxi cannot open Ningxia's envelope", True, "此账户没有这个页面" in b.text())
    b.shot("shanxi-refused")
    b.logout()


def centre_publishes(b, pw):
    b.login("centre", pw["centre"])
    b.go("/status/2026")
    row = b.d.find_element(By.XPATH, "//tr[td[text()='640000']]").text
    expect("the centre sees Ningxia released", True, "已发布" in row)
    b.shot("status")
    b.go("/results/2026")
    b.click(By.XPATH, "//button[contains(., '评价已发布的数据集')]")
    expect("the national table", True, "640000" in b.text() and "650000" in b.text())
    b.click(By.XPATH, "//button[contains(., '发布第')]")
    expect("published", True, "已发布：第" in b.text())
    b.shot("results-centre")
    b.logout()


def ningxia_sees_its_result(b, pw):
    b.login("nx", pw["nx"])
    b.go("/results/2026")
    page = b.text()
    rows_shown = b.d.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    expect("Ningxia sees one row: its own", (1, True), (len(rows_shown), "640000" in page))
    expect("with its grade and deadline", True, "不合格" in page and "2027-08-11" in page)
    b.shot("results-ningxia")


def main():
    binary = sys.argv[1]
    for tool in (CHROMIUM, DRIVER):
        if not os.access(tool, os.X_OK):
            skip(f"{tool} is missing (apt-get install chromium chromium-driver)")
    shots = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(binary)), "portal-screenshots")
    os.makedirs(shots, exist_ok=True)
    for old in glob.glob(os.path.join(shots, "*.png")):
        os.remove(old)
    portal = Portal(binary)
    b = None
    try:
        pw = {u: portal.account(u, r, p) for u, r, p in
              (("nx", "province", "640000"), ("sx", "province", "140000"),
               ("centre", "centre", None))}
        portal.start()
        b = Browser(portal, shots)
        ningxia_delivers(b, portal, pw, portal.tmp)
        shanxi_is_kept_out(b, pw)
        centre_publishes(b, pw)
        ningxia_sees_its_result(b, pw)
    finally:
        if b:
            b.close()
        portal.close()
    print(f"screenshots: {shots}")
    finish()


if __name__ == "__main__":
    main()
