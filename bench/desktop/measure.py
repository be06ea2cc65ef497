"""Start-up and memory of Sentia's release build against a minimal Tauri app, both built in
the same run and measured the same way under one Xvfb (bench/desktop/run.sh sets it up).

- start: from exec to the first mapped (viewable) top-level window with the app's title,
  polled with xwininfo every 10 ms; the median of several warm starts.
- memory: the proportional set size (PSS) of the whole process tree (the app and the
  WebKit web and network processes it starts), read from /proc/<pid>/smaps_rollup after
  the window has been idle for a while: Sentia on its sign-in screen, and signed in on
  the dashboard (driven through tauri-driver); the minimal app on its page.

Each is measured as shipped and with WEBKIT_DISABLE_COMPOSITING_MODE=1, since WebKitGTK's
compositing under a software GL is where much of a webview's memory goes.
"""

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support.ui import WebDriverWait

SENTIA = os.environ["BENCH_SENTIA"]
MINIMAL = os.environ["BENCH_MINIMAL"]
STARTS = int(os.environ.get("BENCH_STARTS", "5"))
IDLE_S = float(os.environ.get("BENCH_IDLE_S", "8"))
DB = dict(host="127.0.0.1", port=os.environ["BENCH_DB_PORT"], name=os.environ["BENCH_DB_NAME"])
USER, PASSWORD = "fiona.finance", "sentia-demo"


def children_of() -> dict:
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def tree(pid: int) -> list:
    kids, out, todo = children_of(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def pss_mib(pid: int) -> tuple:
    """The tree's PSS in MiB, and each process's name and share."""
    total, parts = 0, []
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                kb = next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
            with open(f"/proc/{p}/comm") as f:
                name = f.read().strip()
        except (OSError, StopIteration):
            continue
        total += kb
        parts.append((name, kb / 1024))
    return total / 1024, parts


def mapped(title: str) -> bool:
    listing = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        if f'"{title}"' not in line:
            continue
        wid = line.split()[0]
        info = subprocess.run(["xwininfo", "-id", wid], capture_output=True, text=True).stdout
        if "IsViewable" in info:
            return True
    return False


def app_env(home: str, extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBKIT_")}
    env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/.config", XDG_DATA_HOME=f"{home}/.local/share",
               XDG_CACHE_HOME=f"{home}/.cache", SENTIA_KEYRING="keyutils",
               SENTIA_DB_HOST=DB["host"], SENTIA_DB_PORT=DB["port"], SENTIA_DB_NAME=DB["name"],
               SENTIA_DB_USER="postgres", SENTIA_DB_TLS="disable",
               SENTIA_DB_PASSWORD="unused-on-trust-auth")
    env.update(extra)
    return env


def start(binary: str, title: str, env: dict) -> tuple:
    """Starts the app; returns (process, ms to a mapped window)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    while not mapped(title):
        if proc.poll() is not None:
            raise SystemExit(f"{binary} exited with {proc.returncode} before showing a window")
        if time.perf_counter() - t0 > 60:
            raise SystemExit(f"{binary} showed no window in 60 s")
        time.sleep(0.01)
    return proc, (time.perf_counter() - t0) * 1000


def stop(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def starts_and_idle(binary: str, title: str, env: dict) -> tuple:
    times, pss, parts = [], None, None
    for i in range(STARTS):
        proc, ms = start(binary, title, env)
        times.append(ms)
        if i == STARTS - 1:
            time.sleep(IDLE_S)
            pss, parts = pss_mib(proc.pid)
        stop(proc)
        time.sleep(0.5)
    return statistics.median(times), min(times), max(times), pss, parts


def through_driver(binary: str, env: dict, sign_in: bool) -> tuple:
    """PSS of the app's tree after a WebDriver session opened it (and signed in)."""
    port = 4600 + os.getpid() % 300
    driver = subprocess.Popen(["tauri-driver", "--port", str(port), "--native-driver",
                               "/usr/bin/WebKitWebDriver"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            try:
                import urllib.request
                urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": binary})
        wd = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
        try:
            wait = WebDriverWait(wd, 60, poll_frequency=0.25)
            if sign_in:
                wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="login-username"]'))
                wd.find_element(By.CSS_SELECTOR, '[data-testid="login-username"]').send_keys(USER)
                wd.find_element(By.CSS_SELECTOR, '[data-testid="login-password"]').send_keys(PASSWORD)
                wd.find_element(By.CSS_SELECTOR, '[data-testid="login-submit"]').click()
                wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="dashboard"] canvas, '
                                                     '[data-testid="dashboard"] svg'))
            time.sleep(IDLE_S)
            app = next(p for p in tree(driver.pid)
                       if os.path.realpath(f"/proc/{p}/exe") == os.path.realpath(binary))
            return pss_mib(app)
        finally:
            wd.quit()
    finally:
        os.killpg(driver.pid, signal.SIGTERM)
        driver.wait(10)


def main():
    configs = [("as shipped", {}), ("WEBKIT_DISABLE_COMPOSITING_MODE=1",
                                    {"WEBKIT_DISABLE_COMPOSITING_MODE": "1"})]
    for label, extra in configs:
        with tempfile.TemporaryDirectory() as home:
            env = app_env(home, extra)
            m_p50, m_lo, m_hi, m_pss, m_parts = starts_and_idle(MINIMAL, "Minimal", env)
            s_p50, s_lo, s_hi, s_pss, s_parts = starts_and_idle(SENTIA, "Sentia", env)
            m_driven, _ = through_driver(MINIMAL, env, sign_in=False)
            d_pss, d_parts = through_driver(SENTIA, env, sign_in=True)
        print(f"\n{label}")
        print(f"  {'':34} {'minimal':>9} {'Sentia':>9} {'Sentia - minimal':>17} {'ratio':>6}")
        print(f"  {'start to a mapped window, p50 ms':34} {m_p50:9.0f} {s_p50:9.0f} "
              f"{s_p50 - m_p50:17.0f} {s_p50 / m_p50:6.2f}")
        print(f"  {'  (range of ' + str(STARTS) + ' starts)':34} {m_lo:4.0f}-{m_hi:<4.0f} "
              f"{s_lo:4.0f}-{s_hi:<4.0f}")
        print(f"  {'PSS idle: its first screen, MiB':34} {m_pss:9.1f} {s_pss:9.1f} "
              f"{s_pss - m_pss:17.1f} {s_pss / m_pss:6.2f}")
        print(f"  {'PSS driven: signed in, dashboard':34} {m_driven:9.1f} {d_pss:9.1f} "
              f"{d_pss - m_driven:17.1f} {d_pss / m_driven:6.2f}")
        for name, parts in [("minimal", m_parts), ("Sentia sign-in", s_parts),
                            ("Sentia dashboard", d_parts)]:
            shown = ", ".join(f"{n} {mib:.0f}" for n, mib in sorted(parts, key=lambda x: -x[1]))
            print(f"    {name}: {shown}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
