"""End-to-end tests of the built Sentia app in a real WebKitGTK window.

Run by run.sh, which provides: a throwaway PostgreSQL with the schema and the demo
company (DATABASE_URL as the owner, E2E_DB_* for the app's own connection), Xvfb,
tauri-driver on E2E_DRIVER_URL and the binary in E2E_APP. Expected figures are computed
from the database itself, never typed in here.
"""

import os
import re
import subprocess
import sys
import time
import traceback

from webdriver import Session, WebDriverError

OUT = os.environ.get("E2E_OUT", "test-output/e2e")
DB_URL = os.environ["DATABASE_URL"]
DEMO_PASSWORD = os.environ.get("E2E_DEMO_PASSWORD", "sentia-demo")


def sql(query: str) -> str:
    return subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", DB_URL, "-c", query],
                          check=True, capture_output=True, text=True).stdout.strip()


def digits(s: str) -> str:
    return re.sub(r"\D", "", s)


class Suite:
    def __init__(self):
        os.makedirs(OUT, exist_ok=True)
        self.d = Session(os.environ.get("E2E_DRIVER_URL", "http://127.0.0.1:4444"),
                         {"browserName": "wry", "tauri:options": {"application": os.environ["E2E_APP"]}})
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
        d.by_testid("conn-host")
        d.set_value('[data-testid="conn-host"]', os.environ["E2E_DB_HOST"])
        d.set_value('[data-testid="conn-port"]', port)
        d.set_value('[data-testid="conn-database"]', os.environ["E2E_DB_NAME"])
        d.set_value('[data-testid="conn-user"]', os.environ["E2E_DB_USER"])
        d.set_value('[data-testid="conn-password"]', os.environ.get("E2E_DB_PASSWORD", "unused-on-trust-auth"))
        d.set_value('[data-testid="conn-tls"]', "disable")

    def login(self, username, password):
        d = self.d
        d.by_testid("login-username")
        d.set_value('[data-testid="login-username"]', username)
        d.set_value('[data-testid="login-password"]', password)
        time.sleep(0.3)  # let React commit the typed values before submitting
        d.click(d.by_testid("login-submit"))

    def logout(self):
        d = self.d
        d.click(d.by_testid("user-menu"))
        d.click(d.by_testid("logout"))
        d.by_testid("login-username")

    # The tests, in the order a first-time user meets the screens. -------------------
    def test_connection_wizard_reports_a_refused_port_then_connects(self):
        d = self.d
        d.by_testid("conn-host", timeout=60)
        self.shot("connection-wizard")
        self.fill_connection(1)
        d.click(d.by_testid("conn-test"))
        report = d.wait('[data-testid="conn-report"]', visible_text=True)
        text = d.text(report).lower()
        assert "refused" in text or "connect" in text, f"refused port not reported: {text!r}"
        self.fill_connection(os.environ["E2E_DB_PORT"])
        d.click(d.by_testid("conn-test"))
        time.sleep(1.5)
        report = d.wait('[data-testid="conn-report"]', visible_text=True)
        text = d.text(report)
        assert "PostgreSQL" in text or "current" in text, f"connection test did not pass: {text!r}"
        self.shot("connection-tested")
        d.click(d.by_testid("conn-save"))
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
        assert banner and d.attr(banner[0], "data-error-kind") == "lockedOut", "no lockedOut message shown"
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
        shown = d.text(units_el)
        assert digits(shown) == units, f"units shown {shown!r}, database says {units}"
        if currency == "GBP":
            revenue = sql(f"SELECT round(sum(net_revenue * fx_rate_to_base), 2) FROM historical_sales, {period} "
                          "WHERE sale_date BETWEEN p.f AND p.l")
            shown = d.text(d.by_testid("kpi-revenue"))
            assert digits(shown) == digits(revenue), f"revenue shown {shown!r}, database says {revenue}"
        self.shot("dashboard")

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
        admin = sql("SELECT username FROM users WHERE role = 'admin' AND is_active "
                    "AND password_hash IS NOT NULL AND username NOT LIKE 'e2e.%' ORDER BY username LIMIT 1")
        self.login(admin, DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=30)
        d.click(d.by_testid("nav-admin"))
        d.by_testid("admin", timeout=30)
        time.sleep(1.5)
        self.shot("admin")
        assert sql("SELECT count(*) FROM audit_log WHERE action = 'pii.read'") != "0"


# Exit status for "the WebDriver connection broke" (not a test verdict): run.sh starts
# the suite once more from a fresh database and window.
DRIVER_LOST = 75


# Open defects the suite still checks: a failure here is reported as XFAIL and does not
# fail the run; a pass is reported as XPASS and does, so the entry gets removed.
KNOWN_FAILURES = {
    "test_five_bad_passwords_lock_the_account":
        "when this suite fills the form through WebDriver scripts, the sign-in screen shows no "
        "error banner after a rejected login (Rust does refuse and lock); typed with real key "
        "events under Xvfb the banner appears, so the harness needs real input (issue 5)",
}


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
            except (ConnectionError, OSError) as e:
                print(f"LOST {name}: the WebDriver connection broke ({e!r})")
                return DRIVER_LOST
            except (AssertionError, WebDriverError) as e:
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
