"""End-to-end tests of the built Sentia app in a real WebKitGTK window.

Run by run.sh, which provides: a throwaway PostgreSQL with the schema and the demo
company (DATABASE_URL as the owner, E2E_DB_* for the app's own connection), Xvfb,
tauri-driver on E2E_DRIVER_URL and the binary in E2E_APP. Expected figures are computed
from the database itself, never typed in here.
"""

import json
import os
import re
import subprocess
import sys
import time
import traceback
from decimal import Decimal

from selenium import webdriver
from selenium.common.exceptions import (InvalidSessionIdException, StaleElementReferenceException,
                                        TimeoutException, WebDriverException)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from urllib3.exceptions import HTTPError

OUT = os.environ.get("E2E_OUT", "test-output/e2e")
DB_URL = os.environ["DATABASE_URL"]
DEMO_PASSWORD = os.environ.get("E2E_DEMO_PASSWORD", "sentia-demo")


def sql(query: str) -> str:
    return subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", DB_URL, "-c", query],
                          check=True, capture_output=True, text=True).stdout.strip()


def demo_user(role: str) -> str:
    """A seeded, active user of `role` who can sign in (not one a test created)."""
    return sql(f"SELECT username FROM users WHERE role = '{role}' AND is_active "
               "AND password_hash IS NOT NULL AND username NOT LIKE 'e2e.%' ORDER BY username LIMIT 1")


def live_sql(sku: str, channel: str, period: str) -> str:
    """The query for the live forecast of a series' period, as `units|model type|status`."""
    return ("SELECT f.predicted_demand || '|' || f.model_type || '|' || f.status FROM forecasts f "
            "JOIN products p ON p.id = f.product_id JOIN sales_channels c ON c.id = f.sales_channel_id "
            f"WHERE p.sku = '{sku}' AND c.name = '{channel}' AND f.forecast_date = '{period}' "
            "AND f.superseded_by IS NULL")


def wait_for_sql(query: str, expected: str, what: str, timeout: float = 30.0):
    """Waits until the database answers `query` with `expected`."""
    end = time.time() + timeout
    while (got := sql(query)) != expected:
        assert time.time() < end, f"{what}: {got!r}, expected {expected!r}"
        time.sleep(0.3)


def digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def testid(name: str) -> str:
    return f'[data-testid="{name}"]'


class Driver:
    """The few things the suite does with the window, on top of selenium's WebDriver."""

    def __init__(self, url: str, application: str):
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": application})
        self.wd = webdriver.Remote(command_executor=url, options=options)
        # Typed paths are text for the app's path field, not files to upload (the
        # driver has no upload command).
        self.wd.file_detector = UselessFileDetector()

    def find_all(self, css):
        return self.wd.find_elements(By.CSS_SELECTOR, css)

    def wait(self, css, timeout=30.0, visible_text=False):
        def found(wd):
            for el in wd.find_elements(By.CSS_SELECTOR, css):
                if not visible_text or el.text.strip():
                    return el
            return False
        # A re-render between finding an element and reading it is retried, not a failure.
        return WebDriverWait(self.wd, timeout, poll_frequency=0.25,
                             ignored_exceptions=[StaleElementReferenceException]).until(
            found, f"timed out waiting for {css}")

    def settled(self, action, timeout=30.0):
        """Runs `action` again while the screen re-renders the element it holds (a stale
        element): screens mount lazily and refresh their data, so any read may meet one."""
        end = time.time() + timeout
        while True:
            try:
                return action()
            except StaleElementReferenceException:
                if time.time() > end:
                    raise
                time.sleep(0.2)

    def text_of(self, css, timeout=30.0):
        """The visible text of the first match, read again if the screen re-rendered it."""
        return self.settled(lambda: self.wait(css, timeout, visible_text=True).text.strip(), timeout)

    def attr(self, css, name, timeout=30.0):
        """An attribute of the first match, read again if the screen re-rendered it."""
        return self.settled(lambda: self.wait(css, timeout).get_attribute(name), timeout)

    def click(self, css, timeout=30.0):
        """Clicks the first match, found again if the screen re-rendered it."""
        self.settled(lambda: self.wait(css, timeout).click(), timeout)

    def by_testid(self, name, timeout=30.0):
        return self.wait(testid(name), timeout)

    def type_into(self, name, value):
        """Replaces a text field's content with real key events, as a user would."""
        el = self.by_testid(name)
        el.click()
        el.send_keys(Keys.CONTROL, "a")
        el.send_keys(Keys.DELETE)
        el.send_keys(str(value))

    def choose(self, name, value):
        el = self.by_testid(name)
        el.find_element(By.CSS_SELECTOR, f'option[value="{value}"]').click()
        assert el.get_property("value") == value, f"{name}: {value} not chosen"

    def script(self, js, *args):
        return self.wd.execute_script(js, *args)

    def script_async(self, js, *args):
        return self.wd.execute_async_script(js, *args)

    def open_row(self, css, timeout=30.0):
        """Opens a table row as a user does: scrolled into view, a click on a plain cell
        (not its first, which may hold a checkbox)."""
        def open_it():
            row = self.wait(css, timeout)
            self.script("arguments[0].scrollIntoView({block: 'center'})", row)
            cells = row.find_elements(By.CSS_SELECTOR, "td")
            (cells[1] if len(cells) > 1 else row).click()
        self.settled(open_it, timeout)

    def open_row_until(self, css, opened, timeout=60.0):
        """Opens a row until `opened` shows: a click that lands while the list re-renders
        (a run just finished, its series read again) opens nothing."""
        end = time.time() + timeout
        while True:
            self.open_row(css)
            try:
                return self.wait(opened, 10)
            except TimeoutException:
                if time.time() > end:
                    raise

    def quit(self):
        try:
            self.wd.quit()
        except Exception:
            pass


class Suite:
    def __init__(self):
        os.makedirs(OUT, exist_ok=True)
        self.d = Driver(os.environ.get("E2E_DRIVER_URL", "http://127.0.0.1:4444"), os.environ["E2E_APP"])
        self.shots = 0

    def shot(self, name):
        # The X server's view via ImageMagick: WebKitWebDriver's own screenshot call
        # left the session unusable under Xvfb here. Wait for the last DOM change to
        # paint first (earlier shots come out blank).
        self.shots += 1
        time.sleep(1.0)
        subprocess.run(["import", "-window", "root", os.path.join(OUT, f"{self.shots:02d}-{name}.png")],
                       check=True)

    def fill_connection(self, port):
        d = self.d
        d.type_into("conn-host", os.environ["E2E_DB_HOST"])
        d.type_into("conn-port", port)
        d.type_into("conn-database", os.environ["E2E_DB_NAME"])
        d.type_into("conn-user", os.environ["E2E_DB_USER"])
        d.type_into("conn-password", os.environ.get("E2E_DB_PASSWORD", "unused-on-trust-auth"))
        d.choose("conn-tls", "disable")

    def login(self, username, password):
        d = self.d
        d.type_into("login-username", username)
        d.type_into("login-password", password)
        d.by_testid("login-submit").click()

    def logout(self):
        d = self.d
        d.by_testid("user-menu").click()
        d.by_testid("logout").click()
        d.by_testid("login-username")

    # The tests, in the order a first-time user meets the screens. -------------------
    def test_connection_wizard_reports_a_refused_port_then_connects(self):
        d = self.d
        d.by_testid("conn-host", timeout=60)
        self.shot("connection-wizard")
        self.fill_connection(1)
        d.by_testid("conn-test").click()
        report = d.wait('[data-testid="conn-report"]', visible_text=True)
        text = report.text.lower()
        assert "refused" in text or "connect" in text, f"refused port not reported: {text!r}"
        self.fill_connection(os.environ["E2E_DB_PORT"])
        d.by_testid("conn-test").click()
        time.sleep(1.5)
        report = d.wait('[data-testid="conn-report"]', visible_text=True)
        text = report.text
        assert "PostgreSQL" in text or "current" in text, f"connection test did not pass: {text!r}"
        self.shot("connection-tested")
        d.by_testid("conn-save").click()
        d.by_testid("login-username", timeout=30)
        self.shot("login")

    def test_five_bad_passwords_lock_the_account(self):
        d = self.d
        sql("INSERT INTO users (username, email, role, password_hash) "
            "SELECT 'e2e.locked', 'e2e.locked@example.test', 'viewer', password_hash "
            "FROM users WHERE username = 'victor.viewer' ON CONFLICT DO NOTHING")
        count = "SELECT failed_login_count FROM users WHERE username = 'e2e.locked'"
        for attempt in range(1, 6):
            self.login("e2e.locked", f"wrong-{attempt}")
            # The database is the witness that this attempt reached Rust (the banner of
            # the previous attempt looks the same).
            end = time.time() + 15
            while sql(count) != str(attempt) and time.time() < end:
                time.sleep(0.3)
            assert sql(count) == str(attempt), f"attempt {attempt} not recorded (count {sql(count)})"
        # Locked: even the right password is refused, and the window says why.
        self.login("e2e.locked", DEMO_PASSWORD)
        time.sleep(2)
        assert not d.find_all('[data-testid="dashboard"]'), "a locked account reached the dashboard"
        banner = d.find_all('[data-testid="login-error"]')
        assert banner and banner[0].get_attribute("data-error-kind") == "lockedOut", "no lockedOut message shown"
        assert sql("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_id "
                   "WHERE u.username = 'e2e.locked' AND a.action = 'login.rejected_locked'") == "1"
        assert sql("SELECT locked_until > now() FROM users WHERE username = 'e2e.locked'") == "t"
        self.shot("locked-out")

    def test_viewer_sees_the_seeded_figures_on_the_dashboard(self):
        d = self.d
        self.login("victor.viewer", DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        units_el = d.wait('[data-testid="kpi-units"]', timeout=60, visible_text=True)
        time.sleep(1.5)  # the first render may still show the previous request
        currency = d.script("return document.querySelector('[data-testid=currency]').value")
        # The UI's default period is the last 12 months up to today in the user's zone.
        period = ("(SELECT (date_trunc('month', t) - interval '11 months')::date AS f, t AS l "
                  "FROM (SELECT (now() AT TIME ZONE u.timezone)::date AS t FROM users u "
                  "WHERE u.username = 'victor.viewer') x) p")
        units = sql(f"SELECT COALESCE(sum(quantity_sold), 0) FROM historical_sales, {period} "
                    "WHERE sale_date BETWEEN p.f AND p.l")
        assert int(units) > 0, "the demo data has sales in the last 12 months"
        shown = units_el.text
        assert digits(shown) == units, f"units shown {shown!r}, database says {units}"
        if currency == "GBP":
            revenue = sql(f"SELECT round(sum(net_revenue * fx_rate_to_base), 2) FROM historical_sales, {period} "
                          "WHERE sale_date BETWEEN p.f AND p.l")
            shown = d.by_testid("kpi-revenue").text
            assert digits(shown) == digits(revenue), f"revenue shown {shown!r}, database says {revenue}"
        # The stock tile lists the items whose latest stock count is out, critical or low,
        # most at risk first (at most eight).
        at_risk = int(sql("SELECT count(*) FROM (SELECT DISTINCT ON (product_id, location_id) stock_status "
                          "FROM inventory_levels ORDER BY product_id, location_id, snapshot_date DESC) l "
                          "WHERE stock_status IN ('out', 'critical', 'low')"))
        if at_risk:
            d.wait(testid("stock-risk-row"), timeout=30)
            assert len(d.find_all(testid("stock-risk-row"))) == min(at_risk, 8)
        else:
            d.by_testid("stock-risks-empty", timeout=30)
        self.shot("dashboard")
        # Exporting the trend chart saves a PNG through Rust and audits it.
        d.by_testid("chart-export").click()
        saved = d.wait('[data-testid="chart-export-saved"]', timeout=30, visible_text=True).text
        path = saved.removeprefix("Saved to ").strip()
        with open(path, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
        assert sql("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_id "
                   "WHERE u.username = 'victor.viewer' AND a.action = 'data.exported'") == "1"

    def test_viewer_cannot_reach_an_admin_action(self):
        d = self.d
        assert not d.find_all('[data-testid="nav-admin"]'), "viewer sees the admin link"
        d.script("window.location.hash = '#/admin';")
        d.by_testid("forbidden", timeout=15)
        self.shot("viewer-forbidden")
        # Even a hand-made IPC call is refused by Rust, not only hidden by the UI.
        result = d.script_async(
            "const done = arguments[arguments.length - 1];"
            "window.__TAURI_INTERNALS__.invoke('list_users', {})"
            ".then(v => done({ok: v}), e => done({err: e}));")
        assert result.get("err", {}).get("kind") == "forbidden", f"list_users as viewer: {result}"
        result = d.script_async(
            "const done = arguments[arguments.length - 1];"
            "window.__TAURI_INTERNALS__.invoke('set_user_active', {userId: '00000000-0000-0000-0000-000000000000', active: false})"
            ".then(v => done({ok: v}), e => done({err: e}));")
        assert result.get("err", {}).get("kind") == "forbidden", f"set_user_active as viewer: {result}"
        d.script("window.location.hash = '#/dashboard';")
        self.logout()

    def test_admin_sees_users_and_the_audit_log(self):
        d = self.d
        admin = demo_user("admin")
        self.login(admin, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-admin").click()
        d.by_testid("admin", timeout=30)
        time.sleep(1.5)
        self.shot("admin")
        assert sql("SELECT count(*) FROM audit_log WHERE action = 'pii.read'") != "0"

    def test_admin_resets_a_password_and_the_user_chooses_a_new_one(self):
        d = self.d
        user, new_password = "e2e.reset", "Harbour-lights-2027"
        sql("INSERT INTO users (username, email, role, password_hash) "
            f"SELECT '{user}', '{user}@example.test', 'viewer', password_hash "
            "FROM users WHERE username = 'victor.viewer' ON CONFLICT DO NOTHING")
        reset_required = f"SELECT password_reset_required FROM users WHERE username = '{user}'"
        assert sql(reset_required) == "f"
        # The previous test may have left an admin signed in.
        if d.find_all(testid("user-menu")):
            self.logout()
        admin = demo_user("admin")
        self.login(admin, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-admin").click()
        d.by_testid("admin", timeout=30)
        d.by_testid(f"user-reset-password-{user}", timeout=30).click()
        d.by_testid("reset-password-generate").click()
        temporary = d.by_testid("reset-password-input").get_property("value")
        assert len(temporary) == 16, f"generated password {temporary!r} is not 16 characters"
        self.shot("reset-password")
        d.by_testid("reset-password-submit").click()
        shown = d.wait(testid("reset-password-value"), timeout=30, visible_text=True).text.strip()
        assert shown == temporary, f"dialog shows {shown!r}, field held {temporary!r}"
        assert sql(reset_required) == "t"
        assert sql("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.entity_id "
                   f"WHERE u.username = '{user}' AND a.action = 'password.reset'") == "1"
        d.by_testid("reset-password-close").click()
        d.by_testid(f"user-must-change-{user}", timeout=30)
        self.logout()

        # The old password no longer works.
        self.login(user, DEMO_PASSWORD)
        banner = d.wait(testid("login-error"), timeout=30, visible_text=True)
        assert banner.get_attribute("data-error-kind") == "validation", "the old password was not refused"
        # The temporary one does, and leads to the new-password step instead of the app.
        self.login(user, temporary)
        d.by_testid("login-change-password", timeout=30)
        assert not d.find_all(testid("dashboard")), "a reset account reached the dashboard"
        focused = "return document.activeElement && document.activeElement.dataset.testid"
        end = time.time() + 5
        while d.script(focused) != "login-new-password" and time.time() < end:
            time.sleep(0.2)
        assert d.script(focused) == "login-new-password", f"focus is on {d.script(focused)!r}, not the new password"
        # A confirmation that differs is caught in the window; Rust is not asked.
        d.type_into("login-new-password", new_password)
        d.type_into("login-confirm-password", new_password + "x")
        d.by_testid("login-change-submit").click()
        d.wait(testid("login-confirm-password") + '[aria-invalid="true"]', timeout=15)
        assert sql(reset_required) == "t"
        self.shot("new-password-mismatch")
        # Enter in the confirmation field submits the form.
        d.type_into("login-confirm-password", new_password)
        d.by_testid("login-confirm-password").send_keys(Keys.ENTER)
        d.by_testid("dashboard", timeout=30)
        self.shot("new-password-signed-in")
        assert sql(reset_required) == "f"
        assert sql("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_id "
                   f"WHERE u.username = '{user}' AND a.action = 'password.changed'") == "1"
        # The new password is the one that now signs in.
        self.logout()
        self.login(user, new_password)
        d.by_testid("dashboard", timeout=30)
        self.logout()

    def test_admin_exports_a_users_personal_data(self):
        d = self.d
        user = "e2e.reset"
        if d.find_all(testid("user-menu")):
            self.logout()
        admin = demo_user("admin")
        self.login(admin, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-admin").click()
        d.by_testid("admin", timeout=30)
        d.by_testid(f"user-export-data-{user}", timeout=30).click()
        path = d.wait(testid("personal-data-path"), timeout=30, visible_text=True).text.strip()
        with open(path, encoding="utf-8") as f:
            text = f.read()
        person = json.loads(text)["user"]
        assert person.get("username") == user, f"{path} is not {user}'s data: {person!r}"
        assert "password_hash" not in person, f"{path} contains the password verifier"
        self.shot("personal-data-exported")
        self.logout()

    def test_manager_changes_a_price_and_sees_the_margin_before_saving(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        manager = demo_user("manager")
        product_id, sku, cost, price = sql("SELECT id, sku, unit_cost, selling_price FROM products "
                                           "WHERE is_active ORDER BY sku LIMIT 1").split("|")
        new_price = Decimal(price) + Decimal("1.25")
        stored_price = f"SELECT selling_price FROM products WHERE id = '{product_id}'"
        self.login(manager, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-catalog").click()
        d.by_testid("catalog", timeout=30)
        row = d.by_testid(f"catalog-row-{sku}", timeout=30)
        self.shot("catalog")
        row.find_element(By.CSS_SELECTOR, testid("catalog-edit")).click()
        d.by_testid("catalog-dialog", timeout=15)
        before = d.wait(testid("product-margin"), visible_text=True).text
        assert digits(before) == digits(str(Decimal(price) - Decimal(cost))), \
            f"margin shown {before!r} for cost {cost} and price {price}"
        d.type_into("product-sellingPrice", f"{new_price:.2f}")
        # The margin follows the typing; nothing has reached the database yet.
        end = time.time() + 10
        while d.by_testid("product-margin").text == before and time.time() < end:
            time.sleep(0.2)
        live = d.by_testid("product-margin").text
        assert live != before, f"the margin stayed {before!r} after the price changed"
        assert digits(live) == digits(f"{new_price - Decimal(cost):.2f}"), f"live margin {live!r}"
        assert d.by_testid("product-margin-pct").text.strip(), "no live margin percentage"
        assert sql(stored_price) == price, "the price was saved before Save was pressed"
        self.shot("catalog-live-margin")
        d.by_testid("catalog-save").click()
        d.wait(testid("catalog-notice"), timeout=30, visible_text=True)
        shown = d.wait(testid(f"catalog-price-{sku}"), timeout=30, visible_text=True).text
        assert digits(shown) == digits(f"{new_price:.2f}"), f"list shows {shown!r}, saved {new_price}"
        assert sql(stored_price) == f"{new_price:.2f}"
        assert sql("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_id "
                   f"WHERE u.username = '{manager}' AND a.action = 'row.update' "
                   f"AND a.entity = 'products' AND a.entity_id = '{product_id}'") == "1"
        self.shot("catalog-price-saved")
        self.logout()

    def test_viewer_reads_the_catalog_without_edit_controls(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        product_id, sku = sql("SELECT id, sku FROM products ORDER BY sku LIMIT 1").split("|")
        self.login("victor.viewer", DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-catalog").click()
        d.by_testid("catalog", timeout=30)
        d.by_testid(f"catalog-row-{sku}", timeout=30)
        assert not d.find_all(testid("catalog-edit")), "viewer sees an edit button"
        assert not d.find_all(testid("catalog-new-product")), "viewer sees the New product button"
        # A row opens as a read-only view, with nothing to save or delete.
        d.by_testid(f"catalog-row-{sku}").find_element(By.CSS_SELECTOR, testid("catalog-view")).click()
        d.by_testid("catalog-dialog", timeout=15)
        assert not d.find_all(testid("catalog-save")), "viewer's product view has a Save button"
        assert not d.find_all(testid("catalog-delete")), "viewer's product view has a Delete button"
        self.shot("viewer-catalog")
        d.by_testid("catalog-close").click()
        # Even a hand-made IPC call is refused by Rust, not only hidden by the UI.
        result = d.script_async(
            "const done = arguments[arguments.length - 1];"
            "window.__TAURI_INTERNALS__.invoke('delete_catalog_row', "
            f"{{entity: 'product', id: '{product_id}', version: 1}})"
            ".then(v => done({ok: v}), e => done({err: e}));")
        assert result.get("err", {}).get("kind") == "forbidden", f"delete_catalog_row as viewer: {result}"
        assert sql(f"SELECT count(*) FROM products WHERE id = '{product_id}'") == "1"
        self.logout()

    def test_admin_changes_a_setting_and_reverts_it_from_the_history(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        admin = demo_user("admin")
        setting_id = sql("SELECT id FROM system_settings WHERE category = 'inventory' AND key = 'service_level_a' "
                         "AND scope = 'global' AND environment = 'all'")
        assert setting_id, "the demo company stores inventory.service_level_a"
        versions = f"SELECT count(*) FROM system_settings_history WHERE setting_id = '{setting_id}'"
        assert sql(versions) == "1", f"expected the seeded version only, found {sql(versions)}"
        first = Decimal(sql("SELECT value #>> '{}' FROM system_settings_history "
                            f"WHERE setting_id = '{setting_id}' AND version = 1"))
        assert first != Decimal("0.975"), "the seeded value must differ from the one typed here"
        stored = f"SELECT value_decimal FROM system_settings WHERE id = '{setting_id}'"
        row = testid("settings-row-inventory.service_level_a")

        def shown_value():
            """The row's value as a number (None while it shows something else)."""
            text = d.text_of(f"{row} {testid('setting-current')}")
            try:
                return Decimal(text)
            except ArithmeticError:
                return None

        self.login(admin, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-settings").click()
        d.by_testid("settings", timeout=30)
        d.wait(row, timeout=30)
        assert shown_value() == first, f"row shows {shown_value()}, database holds {first}"

        # Change it, with a reason.
        d.wait(row).find_element(By.CSS_SELECTOR, testid("setting-edit")).click()
        d.by_testid("setting-dialog", timeout=15)
        d.type_into("setting-value", "0.975")
        d.type_into("setting-reason", "E2E: fewer stock-outs on class A")
        self.shot("setting-change")
        d.by_testid("setting-save").click()
        d.wait(testid("settings-notice"), timeout=30, visible_text=True)
        end = time.time() + 10
        while shown_value() != Decimal("0.975") and time.time() < end:
            time.sleep(0.2)
        assert shown_value() == Decimal("0.975"), f"row shows {shown_value()} after the change"
        assert Decimal(sql(stored)) == Decimal("0.975")
        assert sql(versions) == "2"
        assert sql("SELECT reason FROM system_settings_history "
                   f"WHERE setting_id = '{setting_id}' AND version = 2") == "E2E: fewer stock-outs on class A"

        # The history shows both versions, newest first, and what changed.
        d.wait(row).find_element(By.CSS_SELECTOR, testid("setting-history")).click()
        d.by_testid("setting-history-dialog", timeout=15)
        newest = d.by_testid("setting-version-2", timeout=30)
        d.by_testid("setting-version-1")
        assert "0.975" in newest.text and "E2E: fewer stock-outs on class A" in newest.text, newest.text
        assert not d.find_all(testid("setting-revert-2")), "the current version offers a revert"
        self.shot("setting-history")

        # Revert to the first version, with a reason: a third version with the first value.
        d.by_testid("setting-revert-1").click()
        d.type_into("setting-revert-reason", "E2E: back to the seeded level")
        d.by_testid("setting-revert-confirm").click()
        d.wait(testid("setting-revert-done"), timeout=30, visible_text=True)
        d.by_testid("setting-version-3", timeout=30)
        self.shot("setting-reverted")
        d.by_testid("setting-history-close").click()
        end = time.time() + 10
        while shown_value() != first and time.time() < end:
            time.sleep(0.2)
        assert shown_value() == first, f"row shows {shown_value()} after the revert, expected {first}"
        assert sql(versions) == "3", f"expected 3 versions, found {sql(versions)}"
        assert Decimal(sql(stored)) == first
        assert sql("SELECT reason FROM system_settings_history "
                   f"WHERE setting_id = '{setting_id}' AND version = 3") == "E2E: back to the seeded level"
        self.logout()


    def test_manager_imports_sales_a_bad_file_writes_nothing_a_good_one_moves_the_dashboard(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        manager = demo_user("manager")
        # A product sold through a channel of its own market, in pounds (no rate needed),
        # yesterday in the manager's time zone: inside the dashboard's default period.
        sku, channel = sql("SELECT p.sku, c.name FROM products p "
                           "JOIN sales_channels c ON c.market_code = p.market_region "
                           "JOIN markets m ON m.code = c.market_code "
                           "WHERE p.is_active AND c.is_active AND m.currency_code = 'GBP' "
                           "ORDER BY p.sku, c.name LIMIT 1").split("|")
        day = sql(f"SELECT ((now() AT TIME ZONE timezone)::date - 1)::text FROM users WHERE username = '{manager}'")
        folder = os.path.abspath(os.path.join(OUT, "import"))
        os.makedirs(folder, exist_ok=True)
        header = "date,order_id,sku,channel,quantity,unit_price,currency\n"
        bad = os.path.join(folder, "bad-sales.csv")
        with open(bad, "w") as f:
            f.write(header + f"{day},E2E-1,{sku},{channel},3,30.00,GBP\n"
                             f"{day},E2E-2,NOPE-404,{channel},1,30.00,GBP\n")
        good = os.path.join(folder, "good-sales.csv")
        with open(good, "w") as f:
            f.write(header + f"{day},E2E-3,{sku},{channel},4,30.00,GBP\n"
                             f"{day},E2E-4,{sku},{channel},3,30.00,GBP\n")
        rows = "SELECT count(*) FROM historical_sales"
        before_rows = sql(rows)

        self.login(manager, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        units_before = int(digits(d.wait(testid("kpi-units"), timeout=60, visible_text=True).text))

        # All or nothing: one unknown SKU refuses the file, says where, and writes nothing.
        d.by_testid("nav-import").click()
        d.by_testid("import", timeout=30)
        d.type_into("import-path", bad)
        d.by_testid("import-check").click()
        outcome = d.wait(testid("import-outcome"), timeout=60, visible_text=True).text
        error = d.wait(testid("import-error-row"), timeout=30, visible_text=True).text
        assert "NOPE-404" in error and "3" in error and "sku" in error, f"error row shows {error!r}"
        assert "1" in outcome, f"outcome {outcome!r}"
        assert not d.by_testid("import-commit").is_enabled(), "an all-or-nothing file with errors can be imported"
        self.shot("import-bad-file")
        assert sql(rows) == before_rows, "a checked file wrote rows"

        # A good file: checked, imported, and the dashboard's units grow by its quantities.
        d.type_into("import-path", good)
        d.by_testid("import-check").click()
        end = time.time() + 60
        while "Checked" not in d.by_testid("import-outcome").text or d.find_all(testid("import-error-row")):
            assert time.time() < end, f"the good file was not checked: {d.by_testid('import-outcome').text!r}"
            time.sleep(0.3)
        d.by_testid("import-commit").click()
        end = time.time() + 60
        while "Imported" not in d.by_testid("import-outcome").text:
            assert time.time() < end, f"not imported: {d.by_testid('import-outcome').text!r}"
            time.sleep(0.3)
        d.wait(testid("import-batch-row"), timeout=30)
        self.shot("import-good-file")
        assert int(sql(rows)) == int(before_rows) + 2
        assert sql("SELECT count(*) FROM import_batches WHERE file_name = 'good-sales.csv' "
                   "AND status = 'imported'") == "1"

        d.by_testid("nav-dashboard").click()
        d.by_testid("dashboard", timeout=30)
        end = time.time() + 30
        units_after = units_before
        while units_after != units_before + 7 and time.time() < end:
            time.sleep(0.5)
            units_after = int(digits(d.wait(testid("kpi-units"), timeout=30, visible_text=True).text))
        assert units_after == units_before + 7, f"units {units_before} -> {units_after}, expected +7"
        self.logout()

    def test_planner_forecasts_overrides_and_submits_and_a_manager_approves(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        planner = demo_user("analyst")
        manager = demo_user("manager")
        sku = sql("SELECT sku FROM products WHERE category = 'GABA Red' AND market_region = 'UK' "
                  "AND is_active ORDER BY sku LIMIT 1")
        runs_before = int(sql("SELECT count(*) FROM forecast_runs"))

        # The planner forecasts GABA Red in the UK, month by month. MinT first: two years of
        # history leave no backtest to weigh the levels by, which the window says, writing
        # nothing; then bottom-up.
        self.login(planner, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-forecasts").click()
        d.by_testid("forecast-run-form", timeout=30)
        d.click(testid("forecast-category") + '[value="GABA Red"]')
        d.click(testid("forecast-market") + '[value="UK"]', timeout=30)
        d.choose("forecast-reconciliation", "mint")
        d.by_testid("forecast-run").click()
        refused = d.text_of(testid("forecast-run-error"), timeout=120)
        assert "two years of history plus three periods" in refused, refused
        assert int(sql("SELECT count(*) FROM forecast_runs")) == runs_before
        d.choose("forecast-reconciliation", "bottomUp")
        d.by_testid("forecast-run").click()
        d.wait(testid("forecast-run-done"), timeout=120, visible_text=True)
        assert int(sql("SELECT count(*) FROM forecast_runs")) == runs_before + 1
        run_id, series, reconciliation = sql(
            "SELECT id, series_count, reconciliation FROM forecast_runs ORDER BY created_at DESC LIMIT 1").split("|")
        assert int(series) >= 1 and reconciliation == "bottom_up", (series, reconciliation)

        # Its series: the chart with history, forecast and bands.
        d.open_row_until(testid("forecast-series-row") + f'[data-sku="{sku}"]', testid("forecast-series-view"))
        chart = d.wait(testid("forecast-chart") + " figure.chart", timeout=30)
        assert "80% and 95% intervals" in chart.get_attribute("aria-label"), chart.get_attribute("aria-label")
        d.wait(testid("forecast-chart") + " canvas", timeout=30)
        bounds = sql("SELECT count(*) FROM forecasts f JOIN products p ON p.id = f.product_id "
                     f"WHERE f.run_id = '{run_id}' AND p.sku = '{sku}' AND f.lower_80 IS NOT NULL "
                     "AND f.lower_bound <= f.lower_80 AND f.upper_80 <= f.upper_bound")
        assert int(bounds) > 0, "the series has no forecast with bands"
        self.shot("forecast-series")

        # An override of the first period, with its reason; the statistical value is kept.
        first = d.wait(testid("forecast-point-row"), timeout=30)
        period = first.get_attribute("data-period")
        first.find_element(By.CSS_SELECTOR, testid("forecast-override")).click()
        d.type_into("override-value", "777")
        d.type_into("override-reason", "Trade show in the first month")
        d.by_testid("override-save").click()
        d.wait(testid("forecast-override-notice"), timeout=30, visible_text=True)
        manual = sql("SELECT f.predicted_demand, s.predicted_demand IS NOT NULL, f.override_reason "
                     "FROM forecasts f JOIN products p ON p.id = f.product_id "
                     "LEFT JOIN forecasts s ON s.id = f.statistical_id "
                     f"WHERE f.run_id = '{run_id}' AND p.sku = '{sku}' AND f.model_type = 'Manual' "
                     f"AND f.forecast_date = '{period}' AND f.superseded_by IS NULL")
        assert manual.split("|")[:2] == ["777", "t"], f"override row {manual!r}"

        # Submitted for approval, once the view has read the override back (a click while
        # it reloads can land on a button that is about to be replaced).
        d.wait(testid("forecast-series-view") + ":not([aria-busy])", timeout=30)
        d.click(testid("forecast-submit") + ":not([disabled])", timeout=30)
        end = time.time() + 30
        while d.attr(testid("forecast-status"), "data-status") != "submitted":
            assert time.time() < end, f"status {d.attr(testid('forecast-status'), 'data-status')!r}"
            time.sleep(0.3)
        self.shot("forecast-submitted")
        self.logout()

        # A manager approves it: planning uses approved forecasts.
        self.login(manager, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-forecasts").click()
        d.open_row(testid("forecast-series-row") + f'[data-sku="{sku}"]')
        d.by_testid("forecast-approve", timeout=30).click()
        end = time.time() + 30
        while d.attr(testid("forecast-status"), "data-status") != "approved":
            assert time.time() < end, f"status {d.attr(testid('forecast-status'), 'data-status')!r}"
            time.sleep(0.3)
        # The series overridden above (the SKU also sells on another channel, left as a draft).
        states = sql("SELECT string_agg(DISTINCT f.status, ',') FROM forecasts f "
                     "WHERE f.superseded_by IS NULL AND (f.run_id, f.product_id, f.sales_channel_id) = "
                     "(SELECT run_id, product_id, sales_channel_id FROM forecasts "
                     f"WHERE run_id = '{run_id}' AND model_type = 'Manual' LIMIT 1)")
        assert states == "approved", f"live rows are {states!r}"
        d.by_testid("aggregate-table", timeout=30)
        assert "This run is bottom-up" in d.text_of(testid("aggregate-notes"))
        self.shot("forecast-approved-with-aggregates")
        self.logout()

    def test_planner_plans_stock_and_a_managers_approval_books_a_production_job(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        planner = demo_user("analyst")
        manager = demo_user("manager")

        # The planner runs planning from the Inventory screen.
        self.login(planner, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-inventory").click()
        d.by_testid("inventory", timeout=30)
        d.click(testid("inventory-run-planning") + ":not([disabled])", timeout=30)
        d.wait(testid("inventory-plan-summary"), timeout=120, visible_text=True)
        run_id = sql("SELECT id FROM planning_runs ORDER BY created_at DESC LIMIT 1")
        assert run_id, "no planning run was recorded"

        # The item most at risk, as the database has it, is on the list with its alert.
        at_risk = sql("SELECT p.sku, l.location_id, l.stock_status, l.reorder_point, p.lead_time_days "
                      "FROM inventory_levels l JOIN products p ON p.id = l.product_id "
                      f"WHERE l.planning_run_id = '{run_id}' AND l.stock_status IN ('out', 'critical', 'low') "
                      "ORDER BY l.risk_score DESC, p.sku, l.location_id LIMIT 1")
        assert at_risk, "the demo company has no item at risk after planning"
        sku, location, status, rop, lead = at_risk.split("|")
        shown = d.attr(testid(f"inventory-row-{sku}-{location}"), "data-status")
        assert shown == status, shown
        self.shot("inventory-items")

        # Its projection, and "what if" the lead time doubles: the reorder point rises.
        d.open_row(testid(f"inventory-row-{sku}-{location}"))
        d.by_testid("inventory-item", timeout=30)
        d.wait(testid("inventory-projection-chart") + " canvas", timeout=30)
        assert digits(d.text_of(testid("item-reorder-point"))) == rop, d.text_of(testid("item-reorder-point"))
        d.wait(testid("plan-reorder-point"), timeout=30, visible_text=True)
        d.type_into("whatif-lead-time", int(lead) * 2)
        end = time.time() + 30
        while int(digits(d.text_of(testid("plan-reorder-point"))) or 0) <= int(rop):
            assert time.time() < end, f"reorder point stayed {d.text_of(testid('plan-reorder-point'))!r}"
            time.sleep(0.3)
        self.shot("inventory-item-what-if")

        # The planner submits a draft order within the manager's limit. Approval books the
        # job on the fastest available bottling line, from the later of the order date and today.
        number, line, week, qty = sql(
            "SELECT o.order_number, r.name, "
            "date_trunc('week', greatest(o.order_by, current_date))::date, o.quantity "
            "FROM replenishment_orders o, "
            "(SELECT name FROM resources WHERE type = 'bottling_line' AND status = 'available' "
            " AND capacity_unit = 'units/hour' "
            " ORDER BY capacity DESC LIMIT 1) r "
            f"WHERE o.planning_run_id = '{run_id}' AND o.status = 'draft' AND o.order_value <= 50000 "
            "ORDER BY o.order_by, o.order_number LIMIT 1").split("|")
        d.by_testid("inventory-tab-orders").click()
        d.click(testid(f"order-submit-{number}") + ":not([disabled])", timeout=30)
        status = f"SELECT status FROM replenishment_orders WHERE order_number = '{number}'"
        wait_for_sql(status, "submitted", "the order's status")
        # The capacity before approval, as the planner sees it.
        d.by_testid("nav-production").click()
        d.by_testid("production-tab-capacity", timeout=30).click()
        cell = testid(f"capacity-row-{line}") + f' [data-week="{week}"]'
        load_before = float(d.attr(cell, "data-load"))
        self.logout()

        # The manager approves it; the job appears in the schedule and the capacity grows.
        self.login(manager, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-inventory").click()
        d.by_testid("inventory-tab-orders", timeout=30).click()
        d.click(testid(f"order-approve-{number}") + ":not([disabled])", timeout=30)
        wait_for_sql(status, "approved", "the order's status")
        job = sql(f"SELECT j.job_number FROM jobs j JOIN replenishment_orders o ON o.job_id = j.id "
                  f"WHERE o.order_number = '{number}' AND j.status = 'pending'")
        assert job == f"JOB-{number}", job
        d.wait(testid(f"order-status-{number}"), timeout=30, visible_text=True)
        self.shot("replenishment-approved")
        d.by_testid("nav-production").click()
        d.wait(testid(f"job-row-{job}"), timeout=30)
        self.shot("production-schedule")
        d.by_testid("production-tab-capacity").click()
        end = time.time() + 30
        while float(d.attr(cell, "data-load") or 0) < load_before + float(qty) - 0.5:
            assert time.time() < end, f"capacity load stayed {d.attr(cell, 'data-load')}"
            time.sleep(0.3)
        self.shot("production-capacity")
        self.logout()

    def test_finance_changes_a_driver_and_compares_scenarios(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        finance = demo_user("manager")
        # A target the demo company's cycle is well over: the band is breached, and the
        # screen must say so.
        target = "SELECT value_integer FROM system_settings WHERE category = 'finance' " \
                 "AND key = 'ccc_target_days' AND scope = 'global'"
        saved = sql(target)
        sql("UPDATE system_settings SET value_integer = 5 WHERE category = 'finance' "
            "AND key = 'ccc_target_days' AND scope = 'global'")
        try:
            self.login(finance, DEMO_PASSWORD)
            d.by_testid("dashboard", timeout=30)
            d.by_testid("nav-working-capital").click()
            d.by_testid("working-capital", timeout=30)
            d.wait(testid("cash-chart") + " canvas", timeout=60)
            band = d.attr(testid("wc-kpi-ccc"), "data-band")
            assert band in ("red", "critical"), f"CCC band {band!r} against a 5-day target"
            d.wait(testid("wc-alerts") + ' li[data-kind="ccc"]', timeout=30)
            before = d.text_of(testid("wc-kpi-closing-cash-end"))
            self.shot("working-capital")

            # Half the demand: the projection follows as the user types.
            d.by_testid("drivers-toggle").click()
            d.type_into("wc-driver-demand", "-50")
            end = time.time() + 30
            while d.text_of(testid("wc-kpi-closing-cash-end")) == before:
                assert time.time() < end, f"closing cash stayed {before}"
                time.sleep(0.3)
            d.wait(testid("wc-updating") + '[data-active="false"]', timeout=30)
            self.shot("working-capital-what-if")

            # Two scenarios side by side.
            d.by_testid("wc-tab-compare").click()
            d.wait(testid("scenario-compare-table") + " tbody tr", timeout=60)
            d.wait(testid("scenario-compare-chart") + " canvas", timeout=60)
            self.shot("working-capital-compare")

            # Keep this view under a name: it is stored with what it read, and computed
            # again from that it is the same to the byte.
            d.by_testid("save-projection").click()
            d.type_into("save-projection-name", "Half demand")
            d.by_testid("save-projection-confirm").click()
            d.wait(testid("wc-notice"), timeout=30)
            rows = sql("SELECT count(*) FROM working_capital w JOIN cash_projections p "
                       "ON p.id = w.projection_id WHERE p.name = 'Half demand'")
            assert int(rows) > 0, "the saved projection has no working-capital rows"
            d.by_testid("wc-tab-saved").click()
            row = testid("saved-projection-row") + '[data-name="Half demand"]'
            d.click(row + " " + testid("reproduce-projection"), timeout=30)
            d.wait(testid("reproduction-identical"), timeout=60)
            self.shot("working-capital-reproduced")

            # Each market's tax returns by due date, each product's sales, and the drivers
            # that move cash most.
            d.by_testid("wc-tab-tax").click()
            d.wait(testid("wc-tax-row") + '[data-market="UK"]', timeout=30)
            self.shot("working-capital-tax")
            d.by_testid("wc-tab-products").click()
            d.click(testid("wc-product-row") + " td", timeout=60)
            d.wait(testid("wc-product-chart") + " canvas", timeout=30)
            d.by_testid("wc-tab-sensitivity").click()
            d.wait(testid("sensitivity-row") + '[data-driver="demand"]', timeout=60)
            d.wait(testid("sensitivity-chart") + " canvas", timeout=30)
            self.shot("working-capital-sensitivity")

            # The next 13 weeks.
            # The label, as a user clicks it; again if a re-render swallowed the click.
            week = testid("wc-granularity-week")
            end = time.time() + 30
            while not d.settled(lambda: d.wait(week).is_selected()):
                assert time.time() < end, "the week periods could not be chosen"
                d.click(testid("wc-granularity") + f" label:has({week})")
                time.sleep(0.3)
            d.by_testid("wc-tab-months").click()
            end = time.time() + 60
            while len(d.find_all(testid("cash-months") + ' [data-testid^="cash-month-"]')) != 13:
                assert time.time() < end, "the weekly projection has no 13 rows"
                time.sleep(0.3)
            self.shot("working-capital-weeks")
            self.logout()
        finally:
            sql("UPDATE system_settings SET value_integer = " + (saved or "55")
                + " WHERE category = 'finance' AND key = 'ccc_target_days' AND scope = 'global'")

    def test_planner_keeps_reading_reports_when_the_server_goes_away(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        self.login(demo_user("analyst"), DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        units = d.wait(testid("kpi-units"), timeout=60, visible_text=True)
        time.sleep(1.5)  # the first render may still show the previous request
        units_online = units.text
        d.by_testid("nav-forecasts").click()
        d.by_testid("forecast-run-form", timeout=30)
        d.by_testid("nav-dashboard").click()
        d.wait(testid("kpi-units"), timeout=30, visible_text=True)
        assert not d.find_all(testid("offline-banner")), "offline while the server runs"

        # The server stops mid-session: the window says so within 3 seconds, unasked.
        subprocess.run([os.environ["E2E_PG_STOP"]], check=True, capture_output=True)
        stopped = time.time()
        banner = d.wait(testid("offline-banner"), timeout=10, visible_text=True)
        noticed = time.time() - stopped
        assert noticed <= 3.0, f"offline noticed after {noticed:.1f} s"
        self.shot("offline-banner")
        # The dashboard opened before is read from this computer, with its time.
        d.by_testid("nav-forecasts").click()
        d.by_testid("nav-dashboard").click()
        shown = d.wait(testid("kpi-units"), timeout=15, visible_text=True).text
        assert shown == units_online, f"offline dashboard shows {shown!r}, online showed {units_online!r}"
        banner = d.wait(testid("offline-banner"), timeout=10, visible_text=True)
        end = time.time() + 10
        while "as of" not in banner.text and time.time() < end:
            time.sleep(0.3)
            banner = d.by_testid("offline-banner")
        assert "as of" in banner.text, f"banner without the time of the copy: {banner.text!r}"
        self.shot("offline-dashboard")

        # The server returns: the window reconnects by itself and says so.
        subprocess.run([os.environ["E2E_PG_START"]], check=True, capture_output=True)
        d.wait(testid("online-notice"), timeout=20, visible_text=True)
        end = time.time() + 10
        while d.find_all(testid("offline-banner")) and time.time() < end:
            time.sleep(0.3)
        assert not d.find_all(testid("offline-banner")), "still offline after the server returned"
        d.wait(testid("kpi-units"), timeout=30, visible_text=True)

    def test_planner_overrides_offline_and_settles_a_conflict_when_the_server_returns(self):
        d = self.d
        if d.find_all(testid("user-menu")):
            self.logout()
        run_id = sql("SELECT id FROM forecast_runs ORDER BY created_at DESC LIMIT 1")
        assert run_id, "no forecast run to work on"
        # A series of the latest run still in draft, with at least two periods.
        sku, channel = sql(
            "SELECT p.sku, c.name FROM forecasts f JOIN products p ON p.id = f.product_id "
            "JOIN sales_channels c ON c.id = f.sales_channel_id "
            f"WHERE f.run_id = '{run_id}' AND f.superseded_by IS NULL GROUP BY p.sku, c.name "
            "HAVING bool_and(f.status = 'draft') AND count(*) >= 2 ORDER BY p.sku, c.name LIMIT 1").split("|")

        def live(period):
            return sql(live_sql(sku, channel, period))

        # Online: the planner opens the series (kept on this computer as it is shown).
        self.login(demo_user("analyst"), DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.by_testid("nav-forecasts").click()
        d.open_row(testid("forecast-series-row") + f'[data-sku="{sku}"][data-channel="{channel}"]')
        d.by_testid("forecast-series-view", timeout=30)
        d.wait(testid("forecast-point-row"), timeout=30)
        rows = d.find_all(testid("forecast-point-row"))
        first, second = rows[0].get_attribute("data-period"), rows[1].get_attribute("data-period")
        # Meanwhile a colleague submits the second period on the server.
        sql("UPDATE forecasts f SET status = 'submitted', submitted_at = now(), submitted_by = "
            "(SELECT id FROM users WHERE role = 'manager' AND is_active ORDER BY username LIMIT 1) "
            "FROM products p, sales_channels c WHERE p.id = f.product_id AND c.id = f.sales_channel_id "
            f"AND p.sku = '{sku}' AND c.name = '{channel}' AND f.forecast_date = '{second}' "
            "AND f.superseded_by IS NULL")

        # The server goes; both periods are overridden from the copy on this computer.
        subprocess.run([os.environ["E2E_PG_STOP"]], check=True, capture_output=True)
        d.wait(testid("offline-banner"), timeout=10, visible_text=True)
        for period, value in ((first, "901"), (second, "902")):
            row = d.wait(testid("forecast-point-row") + f'[data-period="{period}"]', timeout=15)
            row.find_element(By.CSS_SELECTOR, testid("forecast-override")).click()
            d.type_into("override-value", value)
            d.type_into("override-reason", "Customer call while travelling")
            d.by_testid("override-save").click()
            d.wait(testid("override-queued"), timeout=15, visible_text=True)
            d.wait(testid("forecast-point-row") + f'[data-period="{period}"] ' + testid("point-queued"), timeout=15)
        # And a comment on the series, queued the same way.
        d.type_into("comment-body", "Buyer confirmed the promotion by phone")
        d.by_testid("comment-save").click()
        d.wait(testid("comment-queued"), timeout=15, visible_text=True)
        d.wait(testid("series-comment-queued"), timeout=15)
        notice = d.wait(testid("queue-notice"), timeout=15, visible_text=True)
        assert "3" in notice.text, f"queue notice {notice.text!r}"
        self.shot("offline-overrides-queued")

        # Back: the first is applied by itself, the second waits for the planner's choice.
        subprocess.run([os.environ["E2E_PG_START"]], check=True, capture_output=True)
        wait_for_sql(f"SELECT split_part(({live_sql(sku, channel, first)}), '|', 1)", "901",
                     "the queued override applied", timeout=40)
        wait_for_sql("SELECT count(*) FROM forecast_comments "
                     "WHERE body = 'Buyer confirmed the promotion by phone'", "1",
                     "the queued comment sent once", timeout=30)
        d.wait(testid("conflict-dialog"), timeout=30, visible_text=True)
        mine = d.wait(testid("conflict-mine"), timeout=10, visible_text=True).text
        server = d.by_testid("conflict-server").text
        assert "902" in mine, f"mine: {mine!r}"
        assert "ubmitted" in server, f"server: {server!r}"
        self.shot("offline-conflict")
        assert live(second).split("|")[2] == "submitted", "nothing applied before the choice"
        d.by_testid("conflict-keep-mine").click()
        wait_for_sql(f"SELECT split_part(({live_sql(sku, channel, second)}), '|', 1)", "902",
                     "the planner's figure kept over the server's", timeout=30)
        assert live(first).split("|")[:2] == ["901", "Manual"], live(first)
        end = time.time() + 15
        # Read in the page: the buttons are replaced as the dialog re-renders.
        shown = "return [...document.querySelectorAll(arguments[0])].some(e => e.offsetParent !== null)"
        while d.script(shown, testid("conflict-keep-mine")):
            assert time.time() < end, "the conflict is still offered after it was settled"
            time.sleep(0.3)
        d.by_testid("queue-close").click()
        end = time.time() + 10
        while d.script("return Boolean(document.querySelector(arguments[0])?.open)", testid("conflict-dialog")):
            assert time.time() < end, "the dialog stays open after Close"
            time.sleep(0.3)
        self.logout()

# Exit status for "the WebDriver connection broke" (not a test verdict): run.sh starts
# the suite once more from a fresh database and window.
DRIVER_LOST = 75


# Open defects the suite still checks: a failure here is reported as XFAIL and does not
# fail the run; a pass is reported as XPASS and does, so the entry gets removed.

KNOWN_FAILURES: dict[str, str] = {}


def main():
    suite = Suite()
    tests = [m for m in Suite.__dict__ if m.startswith("test_")]
    failures = 0
    expected = 0
    try:
        for name in tests:
            try:
                getattr(suite, name)()
                if name in KNOWN_FAILURES:
                    failures += 1
                    print(f"XPASS {name}: passes now; remove it from KNOWN_FAILURES")
                else:
                    print(f"ok   {name}")
            except (InvalidSessionIdException, HTTPError, ConnectionError, OSError) as e:
                print(f"LOST {name}: the WebDriver connection broke ({e!r})")
                return DRIVER_LOST
            except (AssertionError, WebDriverException) as e:
                if name in KNOWN_FAILURES:
                    expected += 1
                    print(f"XFAIL {name}: {e} (known: {KNOWN_FAILURES[name]})")
                    continue
                failures += 1
                print(f"FAIL {name}: {e}")
                traceback.print_exc()
                try:
                    suite.shot(f"FAILED-{name}")
                except Exception:
                    pass
    finally:
        suite.d.quit()
    passed = len(tests) - failures - expected
    print(f"e2e: {passed} passed, {failures} failed, {expected} known failures; screenshots in {OUT}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
