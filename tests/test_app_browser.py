"""End to end: the app in a real headless browser (Debian's chromium and chromedriver, driven by
Selenium; no browser is downloaded). Starts `rapportanalys app` on the sample corpus, compares the
two Kungälv reports, checks the statuses and a changed figure, and saves screenshots."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = Path(os.environ.get("RAPPORTANALYS_SCREENSHOTS", Path(tempfile.gettempdir()) / "rapportanalys-screenshots"))


def _browser_or_skip():
    if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
        return
    message = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _browser_or_skip()
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "app.log"
    env = {k: v for k, v in os.environ.items() if k != "RAPPORTANALYS_DB"}
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "rapportanalys.cli", "app", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, log.read_text()
                time.sleep(0.3)
        else:
            pytest.fail(f"the app did not start: {log.read_text()}")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1600,1300", "--lang=sv-SE",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _choose(driver, label: str, option: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 60)
    box = wait.until(ec.element_to_be_clickable(
        (By.XPATH, f'//div[@data-testid="stSelectbox"]//input[@aria-label="{label}"]')))
    box.click()
    box.send_keys(option)
    wait.until(ec.element_to_be_clickable((By.XPATH, f'//*[@role="option"][contains(., "{option}")]'))).click()
    wait.until(lambda d: option in (d.find_element(By.XPATH, f'//input[@aria-label="{label}"]')
                                    .get_attribute("value") or ""))


def test_compare_kungalv_in_a_browser(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.get(server)
    wait = WebDriverWait(browser, 180)
    wait.until(ec.presence_of_element_located((By.XPATH, '//*[contains(., "Välj två rapporter")]')))
    browser.save_screenshot(str(SHOTS / "1-start.png"))
    _choose(browser, "Föregående rapport (äldre)", "kungalv_social-hallbarhet_2022")
    _choose(browser, "Aktuell rapport (nyare)", "kungalv_social-hallbarhet_2023")
    start = time.perf_counter()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".ra-pair.ra-figures_updated")))
    seconds = time.perf_counter() - start
    body = browser.find_element(By.TAG_NAME, "body").text
    for status in ("oförändrad", "nya siffror", "ändrad", "ny", "borttagen"):
        assert status in body
    assert "siffror: 1,9 → 1,7 procent" in body  # a changed figure, on its passage
    assert "Traceback" not in body
    print(f"parse and compare of the two Kungälv reports, in the browser: {seconds:.1f} s")
    browser.save_screenshot(str(SHOTS / "2-jamfor.png"))
    # the changed figures in their table
    browser.find_element(By.XPATH, '//*[@role="tab"][contains(., "Ändrade siffror")]').click()
    time.sleep(1.5)
    browser.save_screenshot(str(SHOTS / "3-siffror.png"))
    browser.find_element(By.XPATH, '//*[@role="tab"][contains(., "Inaktuell text per sektion")]').click()
    time.sleep(1.5)
    browser.save_screenshot(str(SHOTS / "4-sektioner.png"))
    assert (SHOTS / "2-jamfor.png").stat().st_size > 10_000
