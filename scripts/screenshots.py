#!/usr/bin/env python3
"""Screenshots of the web pages, for the README.

Starts `caravan serve` on a temporary data folder, registers participants through the
operator API, signs them in and issues invoices through the web form itself (so the pages
show what the product made), then drives headless Chromium over the DevTools protocol
(a small WebSocket client below, standard library only): the session cookie is set with
Network.setCookie, the page width with Emulation.setDeviceMetricsOverride, and each page is
captured with Page.captureScreenshot. Writes PNG files to docs/screenshots/.

Usage: scripts/screenshots.py CARAVAN_BINARY [OUTPUT_FOLDER]
"""

import base64
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- the hub ---------------------------------------------------------------------------------

def start_hub(binary, data):
    process = subprocess.Popen(
        [binary, "serve", "--data", data, "--port", "0", "--jurisdiction", "KE",
         "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    admin, url = None, None
    deadline = time.time() + 60
    while time.time() < deadline and url is None:
        line = process.stdout.readline()
        if not line:
            break
        if "operator token" in line:
            admin = line.rsplit(" ", 1)[-1].strip()
        if line.startswith("listening on "):
            url = line.split(" ", 2)[2].strip()
    if url is None or admin is None:
        process.kill()
        raise SystemExit("screenshots: caravan serve did not start")
    return process, admin, url


def request(base, method, path, body=None, headers=None):
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheaders(), data


def register(base, admin, pid, name, country):
    body = json.dumps({"id": pid, "name": name, "jurisdiction": country, "sizeClass": "micro",
                       "sector": "C", "womenOwned": True})
    status, _, data = request(base, "POST", "/v1/participants", body,
                              {"Authorization": "Bearer " + admin,
                               "Content-Type": "application/json"})
    assert status == 201, data
    return json.loads(data)["token"]


class Visitor:
    """A cookie-keeping client of the web pages."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def call(self, method, path, fields=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(fields)
        status, response_headers, data = request(self.base, method, path, body, headers)
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return status, data.decode()

    def csrf(self, path):
        _, html = self.call("GET", path)
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    def sign_in(self, token):
        status, _ = self.call("POST", "/sign-in", {"csrf": self.csrf("/sign-in"), "token": token})
        assert status == 303, status

    def issue(self, fields):
        form = {"csrf": self.csrf("/invoices/new")}
        form.update(fields)
        status, html = self.call("POST", "/invoices/new", form)
        assert status == 303, html[:2000]


def invoice(number, date, due, buyer, buyer_name, country, vat, lines, currency="USD",
            category="S", rate="16", reason="", **extra):
    fields = {
        "number": number, "issueDate": date, "dueDate": due, "currency": currency,
        "buyerName": buyer_name, "buyerAddress": buyer, "buyerCountry": country,
        "buyerVAT": vat, "paymentTerms": "30 days net",
    }
    fields.update(extra)
    for index, (name, quantity, unit, price) in enumerate(lines, start=1):
        fields.update({f"line{index}.name": name, f"line{index}.quantity": quantity,
                       f"line{index}.unit": unit, f"line{index}.price": price,
                       f"line{index}.category": category, f"line{index}.rate": rate})
    if reason:
        fields["exemptionReason"] = reason
    return fields


# --- a minimal WebSocket client for the DevTools protocol -----------------------------------

class DevTools:
    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.socket = socket.create_connection((parts.hostname, parts.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall(
            (f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
             "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.socket.recv(1)
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.decode(errors="replace"))
        self.next_id = 0
        self.events = []

    def _exact(self, count):
        data = b""
        while len(data) < count:
            chunk = self.socket.recv(count - len(data))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            data += chunk
        return data

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        header = bytearray([0x81])
        if len(data) < 126:
            header.append(0x80 | len(data))
        elif len(data) < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", len(data))
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", len(data))
        header += mask
        self.socket.sendall(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _receive(self):
        message = b""
        while True:
            first, second = self._exact(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(length)
            opcode = first & 0x0F
            if opcode == 8:
                raise ConnectionError("DevTools closed the connection")
            if opcode in (9, 10):
                continue
            message += payload
            if first & 0x80:
                return json.loads(message.decode())

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait(self, event, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index, message in enumerate(self.events):
                if message.get("method") == event:
                    del self.events[: index + 1]
                    return message
            self.events.append(self._receive())
        raise TimeoutError(event)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_chromium(profile):
    port = free_port()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        raise SystemExit("screenshots: Chromium is missing (apt-get install chromium)")
    process = subprocess.Popen(
        [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions", "--force-color-profile=srgb",
         "--font-render-hinting=none", f"--remote-debugging-port={port}",
         f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
                pages = [t for t in json.load(response) if t.get("type") == "page"]
            if pages:
                return process, pages[0]["webSocketDebuggerUrl"]
        except OSError:
            pass
        time.sleep(0.25)
    process.kill()
    raise SystemExit("screenshots: Chromium did not start")


# --- the screenshots -------------------------------------------------------------------------

def imagemagick():
    """True when `convert` is ImageMagick (to shrink a large screenshot to 256 colours)."""
    if not shutil.which("convert"):
        return False
    result = subprocess.run(["convert", "-version"], capture_output=True, text=True)
    return "ImageMagick" in result.stdout


def capture(tools, path, width, max_height):
    height = tools.call("Runtime.evaluate", expression="document.documentElement.scrollHeight",
                        returnByValue=True)["result"]["value"]
    height = min(int(height), max_height)
    tools.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
               deviceScaleFactor=1, mobile=width < 600)
    time.sleep(0.3)
    shot = tools.call("Page.captureScreenshot", format="png",
                      clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))
    if os.path.getsize(path) > 290_000 and imagemagick():
        subprocess.run(["convert", path, "-strip", "-colors", "256", "PNG8:" + path], check=True)
    print(f"{os.path.relpath(path, ROOT)}  {width}x{height}  {os.path.getsize(path) // 1024} KB")


def navigate(tools, url, width):
    tools.call("Emulation.setDeviceMetricsOverride", width=width, height=900,
               deviceScaleFactor=1, mobile=width < 600)
    tools.events.clear()
    tools.call("Page.navigate", url=url)
    tools.wait("Page.loadEventFired")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = sys.argv[1]
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs", "screenshots")
    os.makedirs(output, exist_ok=True)
    work = tempfile.mkdtemp(prefix="caravan-shots-")
    hub = chromium = None
    try:
        hub, admin, base = start_hub(binary, os.path.join(work, "data"))
        kiondo = "0088:6164000000011"
        lanna = "0088:8850000000018"
        atlas = "0088:3015000000001"
        andes = "0088:7750000000004"
        tokens = {
            kiondo: register(base, admin, kiondo, "Kiondo Weavers", "KE"),
            lanna: register(base, admin, lanna, "Lanna Home Crafts", "TH"),
            atlas: register(base, admin, atlas, "Atlas Dyes & Pigments", "MA"),
            andes: register(base, admin, andes, "Andes Alpaca Cooperative", "PE"),
        }
        seller = Visitor(base)
        seller.sign_in(tokens[kiondo])
        seller_fields = {"sellerVAT": "KEP051234567X", "sellerStreet": "Moi Avenue 14",
                         "sellerCity": "Machakos", "sellerPostCode": "90100",
                         "sellerCountry": "KE"}
        outgoing = [
            invoice("KW-2026-0141", "2026-11-02", "2026-12-02", lanna, "Lanna Home Crafts Co., Ltd.",
                    "TH", "TH0105551234567",
                    [("Kiondo basket, large, natural sisal", "40", "H87", "18.00"),
                     ("Kiondo basket, small, dyed sisal with leather handles", "35", "H87", "12.00")],
                    category="G", rate="0", reason="Export of goods, zero-rated",
                    buyerCity="Chiang Mai", buyerStreet="Nimmanhaemin Road 22",
                    buyerPostCode="50200", note="Packed for sea freight, 6 cartons.",
                    allowanceAmount="45.00", allowanceReason="Repeat order discount",
                    allowanceCategory="G", allowanceRate="0",
                    account="KE58 0110 2345 6780 0000 01"),
            invoice("KW-2026-0142", "2026-11-09", "2026-12-09", atlas, "Atlas Dyes & Pigments SARL",
                    "MA", "MA001234567000089",
                    [("Sisal fibre, undyed, 25 kg bale", "6", "KGM", "4.80"),
                     ("Weaving workshop, half day", "1", "DAY", "220.00")]),
            invoice("KW-2026-0143", "2026-11-16", "2026-12-16", andes, "Andes Alpaca Cooperative",
                    "PE", "PE20512345678",
                    [("Table runner, hand-woven, 180 cm", "24", "H87", "21.50")],
                    category="G", rate="0", reason="Export of goods, zero-rated"),
            invoice("KW-2026-0144", "2026-11-23", "2026-12-23", lanna, "Lanna Home Crafts Co., Ltd.",
                    "TH", "TH0105551234567",
                    [("Market tote, striped", "60", "H87", "9.75"),
                     ("Coasters, set of 6", "30", "H87", "6.40"),
                     ("Gift wrapping", "90", "C62", "0.50")],
                    category="G", rate="0", reason="Export of goods, zero-rated"),
        ]
        for fields in outgoing:
            fields.update(seller_fields)
            seller.issue(fields)
        for pid, name, country, vat, number, date, lines in [
            (atlas, "Atlas Dyes & Pigments", "MA", "MA001234567000089", "ADP-5521", "2026-11-05",
             [("Natural indigo dye, 1 kg", "8", "KGM", "38.00"),
              ("Henna powder, 500 g", "12", "H87", "7.25")]),
            (lanna, "Lanna Home Crafts", "TH", "TH0105551234567", "LHC-INV-88310", "2026-11-12",
             [("Teak display stand", "4", "H87", "85.00")]),
            (andes, "Andes Alpaca Cooperative", "PE", "PE20512345678", "AAC-00917", "2026-11-20",
             [("Alpaca yarn, natural brown, 100 g", "50", "H87", "6.90")]),
        ]:
            other = Visitor(base)
            other.sign_in(tokens[pid])
            fields = invoice(number, date, "2026-12-20", kiondo, "Kiondo Weavers", "KE",
                             "KEP051234567X", lines, category="S", rate="16")
            fields.update({"sellerVAT": vat, "sellerCountry": country, "sellerCity": "",
                           "currency": "USD"})
            other.issue(fields)

        profile = os.path.join(work, "chromium")
        chromium, socket_url = start_chromium(profile)
        tools = DevTools(socket_url)
        tools.call("Page.enable")
        tools.call("Network.enable")
        tools.call("Network.setCookie", name="caravan_session",
                   value=seller.cookies["caravan_session"], url=base, httpOnly=True,
                   sameSite="Strict", path="/")
        _, listing = seller.call("GET", "/")
        document = re.search(r'href="(/documents/[0-9a-f-]+)">KW-2026-0141<', listing).group(1)

        for width, suffix, tall in [(1280, "desktop", 2400), (390, "phone", 3200)]:
            navigate(tools, f"{base}/?lang=en", width)
            capture(tools, os.path.join(output, f"dashboard-{suffix}.png"), width, tall)
            navigate(tools, f"{base}{document}", width)
            capture(tools, os.path.join(output, f"invoice-{suffix}.png"), width, tall + 800)
            navigate(tools, f"{base}/invoices/new", width)
            fill = {"number": "KW-2026-0145", "dueDate": "2026-12-30", "currency": "USD",
                    "buyerName": "Lanna Home Crafts Co., Ltd.", "buyerAddress": lanna,
                    "buyerVAT": "0105551234567", "buyerCountry": "TH",
                    "sellerVAT": "KEP051234567X", "sellerCity": "Machakos",
                    "line1.name": "Kiondo basket, large", "line1.quantity": "20",
                    "line1.price": "18.00", "line1.rate": "16"}
            script = "".join(
                f"document.getElementById({json.dumps('f-' + k.replace('.', '-'))}).value="
                f"{json.dumps(v)};" for k, v in fill.items())
            script += "document.querySelector('form[action=\"/invoices/new\"]').submit();"
            tools.events.clear()
            tools.call("Runtime.evaluate", expression=script)
            tools.wait("Page.loadEventFired")
            capture(tools, os.path.join(output, f"invoice-form-error-{suffix}.png"), width,
                    1900 if width > 600 else 2600)
            navigate(tools, f"{base}/?lang=ar", width)
            capture(tools, os.path.join(output, f"dashboard-ar-{suffix}.png"), width, tall)
            extra = os.environ.get("CARAVAN_SHOTS_EXTRA")
            if extra:
                # More pages, for reviewing them; not part of the README.
                os.makedirs(extra, exist_ok=True)
                for name, path in [("receipt", f"{document}/receipt?lang=en"),
                                   ("verify", "/verify?lang=zh"),
                                   ("upload", "/upload?lang=fr"),
                                   ("invoice-zh", f"{document}?lang=zh"),
                                   ("new-ru", "/invoices/new?lang=ru")]:
                    navigate(tools, base + path, width)
                    capture(tools, os.path.join(extra, f"{name}-{suffix}.png"), width, 2400)
    finally:
        if chromium:
            chromium.terminate()
            chromium.wait(timeout=10)
        if hub:
            hub.terminate()
            hub.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
