"""The reverse proxy in front of several ``dvk serve`` processes (HAProxy from Debian).

Streamlit keeps a session in the process that opened it: the proxy must upgrade the
websocket (``/_stcore/stream``) and send every request of a browser to the same
process. HAProxy does both: HTTP mode passes websocket upgrades, and a cookie it sets
(``DVKSRV``) pins the browser to one backend; a backend that stops answering
``/_stcore/health`` is taken out and its browsers move to another one (they reconnect
with a new session, on the same view, since the view is in the address).

>>> cfg = haproxy_config("127.0.0.1:8500", ["127.0.0.1:8501", "app2.internal:8501"])
>>> print(cfg.strip())  # doctest: +ELLIPSIS
global
...
    server dvk1 127.0.0.1:8501 check cookie dvk1
    server dvk2 app2.internal:8501 check cookie dvk2
"""

from __future__ import annotations

COOKIE = "DVKSRV"


def haproxy_config(listen: str, backends: list[str]) -> str:
    """An ``haproxy.cfg``: ``listen`` (address:port) spread over ``backends`` (address:port)."""
    if not backends:
        raise ValueError("give at least one backend (address:port of a dvk serve process)")
    servers = "\n".join(
        f"    server dvk{i} {b} check cookie dvk{i}" for i, b in enumerate(backends, start=1)
    )
    return f"""global
    maxconn 4096

defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 300s
    # a dashboard websocket stays open as long as the tab
    timeout tunnel 8h

frontend dvk
    bind {listen}
    default_backend dvk_processes

backend dvk_processes
    balance roundrobin
    # sticky sessions: a browser's page, websocket and uploads go to one process
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect status 200
{servers}
"""
