"""The installed app updating itself, driven in its window by tests/update/run.sh through the
end-to-end harness (tests/e2e/run.sh): each wrong package is refused and nothing is
installed; the right one is downloaded, verified and installed, and after the restart the
app reports the new version."""

import os
import subprocess
import sys
import time

from selenium.common.exceptions import WebDriverException

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
import test_app as e2e  # noqa: E402

BASE = os.environ["UPDATE_BASE"]
FROM = os.environ["UPDATE_FROM"]
TO = os.environ["UPDATE_TO"]
PACKAGE = os.environ["UPDATE_PACKAGE"]
USER = "fiona.finance"


def installed() -> str:
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", PACKAGE], check=True,
                          capture_output=True, text=True).stdout.strip()


def running_apps() -> set:
    """Process ids of the installed app."""
    found = subprocess.run(["pgrep", "-f", "^/usr/bin/sentia-app"], capture_output=True, text=True)
    return set(found.stdout.split())


def serve_from(case: str):
    """The company's update server for this check (Settings, updates.endpoint)."""
    e2e.sql("DELETE FROM system_settings WHERE category = 'updates' AND key = 'endpoint'")
    e2e.sql("INSERT INTO system_settings (category, key, data_type, value_text) "
            f"VALUES ('updates', 'endpoint', 'text', '{BASE}/{case}')")


def sign_in_and_find_the_update(suite, offered=TO):
    d = suite.d
    if d.find_all(e2e.testid("user-menu")):
        suite.logout()
    suite.login(USER, e2e.DEMO_PASSWORD)
    d.by_testid("dashboard", timeout=60)
    banner = d.wait(e2e.testid("update-banner"), timeout=60, visible_text=True)
    assert offered in banner.text, f"the banner does not offer {offered}: {banner.text!r}"
    return banner


def main():
    suite = e2e.Suite()
    d = suite.d
    failures = 0
    try:
        suite.test_connection_wizard_reports_a_refused_port_then_connects()
        assert installed() == FROM, f"{installed()} installed, not {FROM}"
        # The wrong-version manifest announces the version after N+1 (run.sh).
        major_minor, patch = TO.rsplit(".", 1)
        announced = f"{major_minor}.{int(patch) + 1}"
        for case, words, offered in [
            ("tampered", "signature is not Sentia's", TO),
            ("other-key", "signature is not Sentia's", TO),
            ("wrong-version", "is signed for", announced),
        ]:
            serve_from(case)
            sign_in_and_find_the_update(suite, offered)
            d.by_testid("update-install").click()
            error = d.wait(e2e.testid("update-error"), timeout=120, visible_text=True).text
            assert words in error, f"{case}: {error!r}"
            assert installed() == FROM, f"{case}: {installed()} installed"
            suite.shot(f"update-refused-{case}")
            print(f"ok   {case} refused: {error}")

        serve_from("good")
        sign_in_and_find_the_update(suite)
        suite.shot("update-offered")
        d.by_testid("update-install").click()
        d.wait(e2e.testid("update-restart"), timeout=300)
        assert installed() == TO, f"{installed()} installed after the update, not {TO}"
        suite.shot("update-installed")
        before = running_apps()
        try:
            d.by_testid("update-restart").click()
        except WebDriverException:
            pass  # the app ends as it restarts: the driver loses its window mid-click
        end = time.time() + 30
        while not (running_apps() - before) and time.time() < end:
            time.sleep(0.5)
        assert running_apps() - before, "no new Sentia process after Restart now"
        print("ok   Restart now started a new Sentia process")
        d.quit()
        # The restarted app is a new process: a new session finds it at the new version.
        suite = e2e.Suite()
        d = suite.d
        d.by_testid("login-username", timeout=60)
        suite.login(USER, e2e.DEMO_PASSWORD)
        d.by_testid("dashboard", timeout=60)
        version = d.text_of('[data-testid="app-version"]', timeout=30)
        assert TO in version, f"the restarted app says {version!r}"
        suite.shot("update-restarted")
        print(f"ok   installed {FROM} updated itself to {TO}")
    except Exception as err:  # report, then fail the run
        failures += 1
        print(f"FAIL update: {err!r}")
    finally:
        d.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
