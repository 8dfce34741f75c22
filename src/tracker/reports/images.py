"""Chart images leaving the application.

Images are rendered by kaleido in ONE headless Chromium, started on first use and reused: a fresh
browser costs seconds per image, a warm one a fraction of a second. The browser lives in its own
thread with its own event loop, so Streamlit's threads, the CLI and tests all call
:func:`chart_image` synchronously; calls from several threads run concurrently in separate tabs.
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import math
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import plotly.graph_objects as go

from .. import i18n, theme

IMAGE_FORMATS = ("png", "svg", "pdf")

MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "zip": "application/zip",
}

INSTALL_HINT = "sudo apt-get install -y chromium fonts-noto-cjk"

BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

RENDER_TIMEOUT_S = 60.0

START_TIMEOUT_S = 60.0


class ExportError(RuntimeError):
    """An export could not be produced; the message says why, for people."""


class ChromiumMissingError(ExportError):
    """No Chromium to draw chart images with (data exports still work)."""

    def __init__(self, lang: str = i18n.DEFAULT_LANGUAGE):
        super().__init__(i18n.t("reports.chromium_missing", lang, command=INSTALL_HINT))


def find_browser() -> str | None:
    """The Chromium kaleido will drive: ``BROWSER_PATH`` first, then the usual names on PATH."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        return override if Path(override).is_file() else None
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


# --- the reused browser --------------------------------------------------------------------------


RELOAD_TAB_EVERY = 25


def _reusing_kaleido(kaleido):
    """kaleido reloads a tab, and with it the 4 MB plotly.js, after every image: on this machine
    that is over half of what an image costs. Plotly's ``toImage`` draws into a fresh element and
    purges it, so a tab is reloaded only every ``RELOAD_TAB_EVERY`` images (to bound memory), and
    after any error the whole browser is replaced (see ``render_many``)."""

    class ReusingKaleido(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab) -> None:
            counts = self.__dict__.setdefault("_renders_since_reload", {})
            counts[id(tab)] = counts.get(id(tab), 0) + 1
            if counts[id(tab)] >= RELOAD_TAB_EVERY:
                await tab.reload()
                counts[id(tab)] = 0
            await self.tabs_ready.put(tab)

    return ReusingKaleido


class ImageRenderer:
    """One kaleido browser with ``tabs`` tabs, driven from a private event-loop thread.

    kaleido's own ``start_sync_server`` is not used: its calls are not safe from several threads
    at once (Streamlit serves sessions on threads) and it waits forever if the browser fails to
    start. Here every call has a timeout and a crashed browser is restarted on the next call.
    """

    def __init__(self, browser_path: str, *, tabs: int = 2, timeout: float = RENDER_TIMEOUT_S):
        self.browser_path = browser_path
        self.tabs = tabs
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                return
            import kaleido

            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
            thread.start()

            async def open_browser():
                browser = _reusing_kaleido(kaleido)(
                    n=self.tabs, timeout=self.timeout, mathjax=False, path=self.browser_path
                )
                await browser.open()
                return browser

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(
                    START_TIMEOUT_S
                )
            except Exception as exc:
                loop.call_soon_threadsafe(loop.stop)
                raise ExportError(f"Chromium did not start ({self.browser_path}): {exc}") from exc
            self._loop, self._thread = loop, thread

    def _submit(self, coroutine_factory: Callable[[], object], timeout: float):
        self.start()
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine_factory(), self._loop).result(timeout)

    def render_many(self, jobs: Sequence[tuple[go.Figure | dict, dict]]) -> list[bytes]:
        """Render ``(figure, opts)`` pairs concurrently in the browser's tabs, in order."""
        if not jobs:
            return []
        specs = [
            (fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else fig, opts)
            for fig, opts in jobs
        ]

        async def gather():
            browser = self._kaleido
            return await asyncio.gather(*(browser.calc_fig(spec, opts) for spec, opts in specs))

        timeout = self.timeout * max(1, math.ceil(len(jobs) / self.tabs))
        try:
            return list(self._submit(gather, timeout))
        except Exception as exc:
            self.close()  # a tab in an unknown state is not reused: the next call starts afresh
            raise ExportError(f"Chart image could not be rendered: {exc}") from exc

    def render(self, fig: go.Figure | dict, opts: dict) -> bytes:
        return self.render_many([(fig, opts)])[0]

    def close(self) -> None:
        with self._lock:
            browser, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
        if browser is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(15)
        except Exception:  # noqa: BLE001 - closing a dead browser must not hide the real error
            pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)


_RENDERER: ImageRenderer | None = None

_RENDERER_LOCK = threading.Lock()


def renderer(lang: str = i18n.DEFAULT_LANGUAGE) -> ImageRenderer:
    """The process-wide renderer, started lazily; raises :class:`ChromiumMissingError`."""
    global _RENDERER
    with _RENDERER_LOCK:
        if _RENDERER is None:
            path = find_browser()
            if path is None:
                raise ChromiumMissingError(lang)
            _RENDERER = ImageRenderer(path)
            atexit.register(_RENDERER.close)
    return _RENDERER


def images_available() -> bool:
    return find_browser() is not None


def shutdown() -> None:
    """Close the shared browser and forget the images it drew (tests and the benchmark; the app
    keeps both for its lifetime)."""
    global _RENDERER
    clear_image_cache()
    with _RENDERER_LOCK:
        current, _RENDERER = _RENDERER, None
    if current is not None:
        current.close()


def _opts(fmt: str, size: tuple[int, int], scale: float | None) -> dict:
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"Unknown image format {fmt!r}; expected one of {IMAGE_FORMATS}")
    width, height = size
    return {
        "format": fmt,
        "width": width,
        "height": height,
        "scale": (scale or theme.PRINT_SCALE) if fmt == "png" else 1,
    }


def chart_images(
    figures: Sequence[go.Figure],
    fmt: str = "png",
    *,
    target: str = "a4",
    size: tuple[int, int] | None = None,
    scale: float | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> list[bytes]:
    """Images of themed figures, sized for ``target`` ("slide", "a4" or "screen")."""
    prepared = [theme.export_spec(fig, target=target, size=size) for fig in figures]
    jobs = [
        (spec, _opts(fmt, (spec["layout"]["width"], spec["layout"]["height"]), scale))
        for spec in prepared
    ]
    keys = [_image_key(spec, opts) for spec, opts in jobs]
    with _CACHE_LOCK:
        known = {key: _CACHE[key] for key in keys if key in _CACHE}
        for key in known:
            _CACHE.move_to_end(key)
    missing = {key: job for key, job in zip(keys, jobs, strict=True) if key not in known}
    if missing:
        rendered = renderer(lang).render_many(list(missing.values()))
        fresh = dict(zip(missing, rendered, strict=True))
        with _CACHE_LOCK:
            for key, image in fresh.items():
                _remember(key, image)
        known.update(fresh)
    return [known[key] for key in keys]


# The same figure spec and options always give the same bytes, so an image once drawn is kept
# (least recently used dropped first, at most CACHE_MAX_BYTES): the chart menu's second click and
# a pack rebuilt on unchanged data render nothing again.
CACHE_MAX_BYTES = 64 * 1024 * 1024

_CACHE: OrderedDict[str, bytes] = OrderedDict()

_CACHE_LOCK = threading.Lock()


def _image_key(spec: dict, opts: dict) -> str:
    text = json.dumps([spec, opts], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _remember(key: str, image: bytes) -> None:
    _CACHE[key] = image
    _CACHE.move_to_end(key)
    size = sum(len(v) for v in _CACHE.values())
    while size > CACHE_MAX_BYTES and len(_CACHE) > 1:
        _, dropped = _CACHE.popitem(last=False)
        size -= len(dropped)


def clear_image_cache() -> None:
    """Forget every image drawn so far (the benchmark's first-build figure; tests)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def chart_image(
    figure: go.Figure,
    fmt: str = "png",
    *,
    target: str = "a4",
    size: tuple[int, int] | None = None,
    scale: float | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> bytes:
    """One chart as PNG (print resolution), SVG or PDF, with its title, unit, date and sources."""
    return chart_images([figure], fmt, target=target, size=size, scale=scale, lang=lang)[0]


def fresh_browser_image(figure: go.Figure, fmt: str = "png", *, target: str = "a4") -> bytes:
    """The same image through kaleido's one-shot path (a new browser per call): the benchmark's
    reference, and what ``fig.to_image`` does without a server."""
    import kaleido

    path = find_browser()
    if path is None:
        raise ChromiumMissingError()
    fig = theme.for_export(figure, target=target)
    opts = _opts(fmt, (fig.layout.width, fig.layout.height), None)
    return kaleido.calc_fig_sync(fig, opts, kopts={"mathjax": False, "path": path})
