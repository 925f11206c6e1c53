"""textual-serve's Server, made safe to leave running: pages only from this address, few sessions, none left idle.

textual-serve starts one kiosk process for every websocket that connects, from any web page,
and keeps it while the socket stays open. Here a websocket must come from a page this server
gave out (its Origin is checked, so another web site open in the same browser cannot drive the
kiosk), only a few run at once (each kiosk takes about 115 MB), a quiet one is closed, and the
kiosk process is always ended when its socket closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import shlex
import signal
import socket
from asyncio.subprocess import Process
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int
from yarl import URL

from planner.i18n.translator import N_, Translator
from planner.text import for_terminal

log = logging.getLogger("planner.serve")

TEMPLATES = Path(__file__).resolve().parent
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
ALL_INTERFACES = {"0.0.0.0", "::", ""}
QUIT_SECONDS = 3.0  # how long a kiosk has to quit by itself before it is ended
# The largest screen a browser may ask for: a kiosk drawing 9,999 x 9,999 cells grows past a gigabyte in seconds.
MAX_COLUMNS, MAX_ROWS = 400, 150

BUSY_TITLE = N_("This kiosk is busy")
BUSY_TEXT = N_("This kiosk is busy. Other people are using it right now. Please try again in a few minutes.")
TRY_AGAIN = N_("Try again")
REFUSED = "This page cannot open the kiosk. Open the kiosk's own address in the browser instead."
WRONG_ADDRESS = "This address cannot open the kiosk. Use the address that 'planner serve' printed."


def is_loopback(host: str) -> bool:
    """True when `host` can only be reached from this computer."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def exposure_warning(host: str, port: int) -> str | None:
    """What to tell the person starting the server when other computers can reach it; None when none can."""
    if is_loopback(host):
        return None
    if host in ALL_INTERFACES:
        return (f"Warning: --host {host or '(empty)'} means every network this computer is on. Any computer that can "
                f"reach this one can open the kiosk on port {port}, and see and change what people type. Only do this "
                "on a network you trust. To keep the kiosk to this computer, leave out --host.")
    return (f"Warning: other computers can open the kiosk at http://{_netloc(host, port)}, and see and change what "
            "people type. Only do this on a network you trust. To keep the kiosk to this computer, leave out --host.")


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


class _CleanFormatter(logging.Formatter):
    """Log lines (they quote request headers) with nothing a terminal would obey."""

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(super().format(record))


class KioskSession(AppService):
    """One kiosk process: started without a shell in its own process group, and always ended on stop."""

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._build_environment(width=width, height=height),
            start_new_session=True)  # its own group, so anything it starts is ended with it
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def stop(self) -> None:
        """Ask the kiosk to quit; end it, and anything it started, if it has not gone in a few seconds."""
        task, self._task = self._task, None
        try:
            if task is not None:
                await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_SECONDS)
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await asyncio.wait_for(asyncio.shield(task), QUIT_SECONDS)
        finally:
            await self._end_process()
            if task is not None and not task.done():
                task.cancel()

    async def _end_process(self) -> None:
        process = self._process
        if process is None:
            return
        for sent in (signal.SIGTERM, signal.SIGKILL):
            if process.returncode is not None:
                break
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, sent)
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(process.wait()), QUIT_SECONDS)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # anything the kiosk left behind in its group


class KioskServer(Server):
    """textual-serve's Server with an Origin check, a cap on sessions, an idle limit and a plain start-up."""

    def __init__(self, command: str, *, host: str, port: int, max_sessions: int, idle_seconds: float,
                 translator: Translator, title: str = "Planner") -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.max_sessions = max_sessions
        self.idle_seconds = idle_seconds
        self.translator = translator
        self.sessions: set[KioskSession] = set()
        self.starting = 0  # websockets let in whose kiosk is not yet in `sessions`
        self.names = self._names_for(host)

    @staticmethod
    def _names_for(host: str) -> set[str] | None:
        """The host names a page may be opened by; None means any IP address (when listening everywhere)."""
        if is_loopback(host):
            return set(LOOPBACK_NAMES)
        if host in ALL_INTERFACES:
            return None
        return {host.lower().strip("[]")}

    def _host_allowed(self, name: str) -> bool:
        name = name.lower().strip("[]")
        if self.names is None:  # every interface: an address typed as digits, or this computer's own name
            own = socket.gethostname().lower()
            return is_ip_literal(name) or name in LOOPBACK_NAMES or name in {own, f"{own}.local"}
        return name in self.names

    def _request_host(self, request: web.Request) -> tuple[str, int] | None:
        """The host and port the browser used for this request, if they are this server's."""
        try:
            url = URL(f"http://{request.host}")
        except ValueError:
            return None
        if not url.host or url.port != self.port or not self._host_allowed(url.host):
            return None
        return url.host, self.port

    def origin_allowed(self, request: web.Request) -> bool:
        """The websocket comes from a page this server gave out: its Origin is this very host and port."""
        origin = request.headers.get("Origin")
        here = self._request_host(request)
        if not origin or here is None:
            return False
        try:
            url = URL(origin)
        except ValueError:
            return False
        return (url.scheme == "http" and url.host is not None and url.host.lower().strip("[]") == here[0].lower()
                .strip("[]") and url.port == here[1] and url.path in ("", "/") and not url.user)

    @property
    def full(self) -> bool:
        return len(self.sessions) + self.starting >= self.max_sessions

    def busy_page(self, request: web.Request) -> web.Response:
        say = self.translator.gettext
        context = {"lang": self.translator.language, "title": say(BUSY_TITLE), "text": say(BUSY_TEXT),
                   "again": say(TRY_AGAIN)}
        response = aiohttp_jinja2.render_template("busy.html", request, context, status=503)
        response.headers["Retry-After"] = "60"
        return response

    def initialize_logging(self) -> None:
        """Plain, cleaned lines, and never a traceback with local variables (those can hold what people typed)."""
        handler = logging.StreamHandler()
        handler.setFormatter(_CleanFormatter("%(message)s"))
        logging.basicConfig(level="INFO", handlers=[handler])

    async def on_startup(self, app: web.Application) -> None:
        print(for_terminal(f"The kiosk is at http://{_netloc(self.host, self.port)}. Open it in a web browser. "
              f"At most {self.max_sessions} {'person' if self.max_sessions == 1 else 'people'} can use it at once. "
              "Press Ctrl+C to stop."), flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(session.stop() for session in list(self.sessions)), return_exceptions=True)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any] | web.StreamResponse:
        here = self._request_host(request)
        if here is None:
            raise web.HTTPForbidden(text=WRONG_ADDRESS)
        if self.full:
            return self.busy_page(request)  # the decorator passes a response on as it is
        base = f"http://{_netloc(here[0], here[1])}"  # the address the browser used, so the Origin will match
        router = request.app.router
        return {"font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": "ws://" + base.removeprefix("http://") + str(router["websocket"].url_for()),
                "config": {"static": {"url": base + str(router["static"].url_for(filename="/")).rstrip("/") + "/"}},
                "application": {"name": self.title}}

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """Pass the browser's keys and sizes to the kiosk; stop after `idle_seconds` without any."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            remaining = self.idle_seconds - (loop.time() - last)
            if remaining <= 0:
                return
            try:
                message = await websocket.receive(timeout=remaining)
            except TimeoutError:
                return
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                return
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind != "ping":  # a ping is the page keeping itself alive, not a person using it
                last = loop.time()
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = data.get("width"), data.get("height")
                if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
                    await app_service.set_terminal_size(min(width, MAX_COLUMNS), min(height, MAX_ROWS))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def handle_websocket(  # type: ignore[override]  # a full kiosk answers with a page, not a websocket
            self, request: web.Request) -> web.StreamResponse:
        """Refuse a foreign page (403) or a full kiosk (503) before starting anything; end the kiosk on close."""
        if not self.origin_allowed(request):
            log.warning("Refused a connection from another web page (Origin: %s).",
                        request.headers.get("Origin", "none")[:100])
            raise web.HTTPForbidden(text=REFUSED)
        if self.full:
            return self.busy_page(request)
        self.starting += 1  # counted before any await, so two at once cannot both take the last place
        session: KioskSession | None = None
        websocket = web.WebSocketResponse(heartbeat=15)

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            session = KioskSession(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                   close=close,
                                   download_manager=self.download_manager)
            self.sessions.add(session)
            self.starting -= 1
            width = min(max(to_int(request.query.get("width", "80"), 80), 1), MAX_COLUMNS)
            height = min(max(to_int(request.query.get("height", "24"), 24), 1), MAX_ROWS)
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except Exception as error:
            log.warning("A kiosk connection failed (%s).", type(error).__name__)
        finally:
            if session is None:
                self.starting -= 1
            else:
                try:
                    await session.stop()
                finally:
                    self.sessions.discard(session)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket
