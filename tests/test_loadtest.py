"""The load test's pieces that can be checked without load: the nginx file it runs, its figures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import loadtest  # noqa: E402


class FakeBackend:
    def __init__(self, port):
        self.port = port


def test_the_shipped_nginx_file_names_every_process_and_keeps_no_placeholder(tmp_path):
    text = loadtest.nginx_config("127.0.0.1:9000", [FakeBackend(8601), FakeBackend(8602)], tmp_path)
    body = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    for placeholder in ("@LISTEN@", "@UPSTREAMS@", "@PREFIX@"):
        assert not any(placeholder in line for line in body), placeholder
    assert "        server 127.0.0.1:8601 max_fails=1 fail_timeout=5s;" in body
    assert "        server 127.0.0.1:8602 max_fails=1 fail_timeout=5s;" in body
    assert "        listen 127.0.0.1:9000;" in body
    # sticky sessions and the WebSocket upgrade are what Streamlit needs behind a proxy
    assert "hash $tracker_route consistent;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert f"pid {tmp_path}/nginx.pid;" in text


@pytest.mark.skipif(
    not shutil.which("nginx"), reason="nginx not installed (make loadtest installs it)"
)
def test_nginx_accepts_the_rendered_file(tmp_path):
    tmp_path.chmod(0o755)
    conf = tmp_path / "nginx.conf"
    conf.write_text(loadtest.nginx_config("127.0.0.1:9000", [FakeBackend(8601)], tmp_path))
    done = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_the_summary_reports_median_and_95th_percentile_of_successful_loads():
    tally = loadtest.Tally(
        times=[float(n) for n in range(20, 0, -1)], failures=["x", "y"], reconnects=[4.25, 11.5]
    )
    summary = tally.summary()
    assert summary["loads"] == 24  # 20 drawn, 2 failed, 2 reconnected after their process died
    assert summary["failed"] == 2
    assert summary["reconnected"] == 2 and summary["longest_reconnect_s"] == 11.5
    assert summary["p50_s"] == 10.5  # median of 1..20
    assert summary["p95_s"] == 19.0  # the 19th of 20 ordered loads
    assert loadtest.Tally().summary()["p50_s"] is None
    assert loadtest.Tally().summary()["longest_reconnect_s"] is None
