"""A small Chrome DevTools Protocol client for the browser tests: headless Chromium
(Debian's package, see test_browser.find_or_install_chromium) driven over its websocket
with ``websocket-client`` (a dependency of jupyter_server).  Clicks and typing are real
input events; assertions read what the page shows."""
from __future__ import annotations

import base64
import itertools
import json
import subprocess
import time
import urllib.request
from pathlib import Path

import websocket

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--mute-audio", "--window-size=1400,1000",
         # nothing but the Jupyter server on 127.0.0.1 may load
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


class BrowserError(AssertionError):
    pass


class Browser:
    """One headless Chromium with one page."""

    def __init__(self, chromium: str, profile: Path, port: int):
        self.process = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}",
                                         f"--remote-debugging-port={port}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as answer:
                    pages = [t for t in json.load(answer) if t["type"] == "page"]
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.close()
                    raise BrowserError("Chromium did not open its DevTools port") from None
                time.sleep(0.1)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.ids = itertools.count(1)
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method: str, **params) -> dict:
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:200]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30, what: str = ""):
        """Poll ``expression`` until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {what or expression[:200]}; the page shows:\n"
                                   + str(self.evaluate("document.body ? document.body.innerText : ''"))[-3000:])
            time.sleep(0.2)

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def click_at(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def click(self, finder: str, timeout: float = 30, what: str = "", frame: str = "") -> None:
        """Click the middle of the element the JavaScript expression ``finder`` returns; in
        the iframe ``frame`` returns when given (``finder`` then looks in its document)."""
        offset = f"{frame}.getBoundingClientRect()" if frame else "({x: 0, y: 0})"
        box = self.wait_for(f"""(() => {{ const el = {finder};
            if (!el) return null; el.scrollIntoView({{block: "center"}});
            const r = el.getBoundingClientRect(), o = {offset};
            return r.width && r.height ? [o.x + r.x + r.width / 2, o.y + r.y + r.height / 2] : null; }})()""",
                            timeout, what or finder)
        self.click_at(*box)

    def menu(self, bar: str, item: str) -> None:
        """JupyterLab's menu bar: open ``bar`` and choose ``item`` (again if the first
        click came while the shell was still laying itself out)."""
        for _ in range(3):
            self.click(f"[...document.querySelectorAll('.lm-MenuBar-itemLabel')].find(e => e.textContent == {bar!r})")
            try:
                self.click(f"[...document.querySelectorAll('.lm-Menu-itemLabel')].find(e => e.textContent == {item!r})",
                           timeout=3)
                return
            except BrowserError:
                self.key("Escape", "Escape", 27)
        raise BrowserError(f"no menu item {bar} → {item}")

    def type(self, text: str) -> None:
        self.call("Input.insertText", text=text)

    def key(self, key: str, code: str, key_code: int, modifiers: int = 0) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, modifiers=modifiers,
                      windowsVirtualKeyCode=key_code, nativeVirtualKeyCode=key_code)

    def screenshot(self, target: Path) -> Path:
        target.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))
        return target

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
