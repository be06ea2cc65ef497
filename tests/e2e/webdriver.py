"""A minimal W3C WebDriver client (standard library only) for tauri-driver.

Selenium would do, but its current releases pin a newer certifi than some package
mirrors carry; the protocol subset the suite needs is a few JSON calls.
"""

import base64
import json
import time
import urllib.error
import urllib.request



class WebDriverError(Exception):
    pass


class Session:
    def __init__(self, url: str, capabilities: dict):
        self.url = url.rstrip("/")
        value = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        self.id = value["sessionId"]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                payload = json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as e:
            payload = json.loads(e.read() or b"{}")
            raise WebDriverError(f"{method} {path}: {payload.get('value')}") from None
        return payload.get("value")

    def cmd(self, method, path, body=None):
        return self._call(method, f"/session/{self.id}{path}", body)

    def quit(self):
        try:
            self.cmd("DELETE", "")
        except Exception:
            pass

    # Elements -------------------------------------------------------------------------
    def find_all(self, css):
        # Element references stay the driver's own one-key objects: they go back into
        # scripts as arguments, and their value is the id for element commands.
        return self.cmd("POST", "/elements", {"using": "css selector", "value": css})

    def wait(self, css, timeout=30.0, visible_text=False):
        end = time.time() + timeout
        while time.time() < end:
            found = self.find_all(css)
            if found and (not visible_text or self.text(found[0]).strip()):
                return found[0]
            time.sleep(0.25)
        raise WebDriverError(f"timed out waiting for {css}")

    def wait_gone(self, css, timeout=15.0):
        end = time.time() + timeout
        while time.time() < end:
            if not self.find_all(css):
                return
            time.sleep(0.25)
        raise WebDriverError(f"{css} still present")

    def by_testid(self, testid, timeout=30.0):
        return self.wait(f'[data-testid="{testid}"]', timeout)

    # Reads go through scripts: WebKitWebDriver's per-element attribute and clear
    # commands ended the session under Xvfb here, while scripts and clicks are reliable.
    def text(self, el):
        return self.script("return arguments[0].innerText", el)

    def attr(self, el, name):
        return self.script("return arguments[0].getAttribute(arguments[1])", el, name)

    def click(self, el):
        self.cmd("POST", f"/element/{next(iter(el.values()))}/click", {})

    def set_value(self, css, value):
        """Sets an input's or select's value the way React notices (native setter plus an
        input/change event). WebKitWebDriver's element clear on a filled field ended the
        session under Xvfb here, so the suite fills forms this way."""
        ok = self.script(
            "const el = document.querySelector(arguments[0]); if (!el) return false;"
            "const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;"
            "Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);"
            "el.dispatchEvent(new Event('input', {bubbles: true}));"
            "el.dispatchEvent(new Event('change', {bubbles: true})); return true;",
            css, str(value))
        if not ok:
            raise WebDriverError(f"no element {css} to fill")

    def script(self, js, *args):
        return self.cmd("POST", "/execute/sync", {"script": js, "args": list(args)})

    def script_async(self, js, *args):
        return self.cmd("POST", "/execute/async", {"script": js, "args": list(args)})

    def screenshot(self, path):
        time.sleep(0.8)  # let the last DOM change paint (blank shots otherwise)
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
