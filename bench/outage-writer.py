#!/usr/bin/env python3
"""Writes posts at a steady rate through the board's real forms and logs every attempt.

It registers and signs in a fresh user, then RATE times a second fetches the new-post form and posts it
back with every hidden input the form contains (the CSRF token and any other), plus a numbered title. The
schedule does not slow down when the board does: each write runs in its own thread, up to --max-in-flight
at once, and a write due while that many are in progress is logged as skipped.

Each attempt is one tab-separated line on standard output:
    kind  sent_us  latency_us  status  post_id  title
kind is "post" (the POST /posts was sent), "form" (fetching the form failed, so nothing was posted) or
"skipped". sent_us is the wall-clock time the request was sent, in microseconds since the epoch. post_id comes
from the Location header of a 303 and is "-" otherwise. status is "error" when the connection failed.
"""

import argparse
import http.client
import secrets
import sys
import threading
import time
import urllib.parse
from html.parser import HTMLParser

TIMEOUT_SECONDS = 30
PASSWORD = "outage writer password long enough"


class HiddenInputs(HTMLParser):
    """Collects the hidden inputs of the form whose action is a given path."""

    def __init__(self, action):
        super().__init__()
        self.action = action
        self.inside = False
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("action") == self.action
        elif tag == "input" and self.inside and attributes.get("type") == "hidden" and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


class Browser:
    """One signed-in session: cookies shared by every thread, a new connection per request."""

    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.cookies = {}
        self.lock = threading.Lock()

    def request(self, method, path, fields=None):
        """Sends one request and returns (status, headers, body text)."""
        headers = {}
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        with self.lock:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, text

    def form_fields(self, path, action):
        """Fetches a page and returns (status, hidden inputs of the form posting to action)."""
        status, _, text = self.request("GET", path)
        parser = HiddenInputs(action)
        parser.feed(text)
        return status, parser.fields

    def submit(self, path, action, fields):
        """Fetches the form at path and posts it to action with its hidden inputs and the given fields."""
        status, hidden = self.form_fields(path, action)
        if status != 200:
            raise RuntimeError(f"GET {path} returned HTTP {status}")
        status, headers, _ = self.request("POST", action, {**hidden, **fields})
        return status, headers


def sign_in(browser, username):
    status, _ = browser.submit("/register", "/register",
                               {"username": username, "password": PASSWORD, "confirmation": PASSWORD})
    if status != 303:
        sys.exit(f"registering {username} failed with HTTP {status}")
    status, headers = browser.submit("/login", "/login", {"username": username, "password": PASSWORD})
    if status != 303 or "error" in (headers.get("Location") or ""):
        sys.exit(f"signing in as {username} failed with HTTP {status}, Location {headers.get('Location')}")


def now_us():
    return time.time_ns() // 1000


class Writer:
    def __init__(self, browser, title_prefix, max_in_flight):
        self.browser = browser
        self.title_prefix = title_prefix
        self.slots = threading.BoundedSemaphore(max_in_flight)
        self.output = threading.Lock()

    def log(self, kind, sent_us, latency_us, status, post_id, title):
        with self.output:
            print(f"{kind}\t{sent_us}\t{latency_us}\t{status}\t{post_id}\t{title}", flush=True)

    def write(self, number):
        title = f"{self.title_prefix} {number}"
        try:
            started = now_us()
            try:
                status, hidden = self.browser.form_fields("/posts", "/posts")
            except (OSError, http.client.HTTPException):
                status, hidden = "error", {}
            if status != 200:
                self.log("form", started, now_us() - started, status, "-", title)
                return
            fields = {**hidden, "title": title, "body": f"Written during the database outage benchmark, {title}."}
            sent = now_us()
            try:
                status, headers, _ = self.browser.request("POST", "/posts", fields)
            except (OSError, http.client.HTTPException):
                status, headers = "error", {}
            latency = now_us() - sent
            post_id = "-"
            if status == 303:
                post_id = (headers.get("Location") or "").rstrip("/").rsplit("/", 1)[-1] or "-"
            self.log("post", sent, latency, status, post_id, title)
        finally:
            self.slots.release()

    def run(self, rate, seconds):
        threads = []
        start = time.monotonic()
        for number in range(int(rate * seconds)):
            due = start + number / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            if not self.slots.acquire(blocking=False):
                self.log("skipped", now_us(), 0, "-", "-", f"{self.title_prefix} {number}")
                continue
            thread = threading.Thread(target=self.write, args=(number,), daemon=True)
            thread.start()
            threads.append(thread)
        deadline = time.monotonic() + TIMEOUT_SECONDS + 5
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        unfinished = sum(thread.is_alive() for thread in threads)
        if unfinished:
            print(f"{unfinished} writes were still in progress at the end", file=sys.stderr)


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("base_url", help="for example http://127.0.0.1:18080")
    arguments.add_argument("--rate", type=float, default=10, help="writes per second (default 10)")
    arguments.add_argument("--seconds", type=float, required=True, help="how long to write")
    arguments.add_argument("--title-prefix", required=True, help="start of every post's title")
    arguments.add_argument("--max-in-flight", type=int, default=50,
                           help="writes in progress at once before later ones are skipped (default 50)")
    arguments.add_argument("--ready-file", help="created once the user is signed in, before the first write")
    options = arguments.parse_args()

    url = urllib.parse.urlsplit(options.base_url)
    browser = Browser(url.hostname, url.port or 80)
    sign_in(browser, "outage_" + secrets.token_hex(4))
    if options.ready_file:
        open(options.ready_file, "w").close()
    Writer(browser, options.title_prefix, options.max_in_flight).run(options.rate, options.seconds)


if __name__ == "__main__":
    main()
