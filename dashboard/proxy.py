"""The reverse proxy in front of several ``dvk serve`` processes (HAProxy or nginx, Debian).

Streamlit keeps a session in the process that opened it: the proxy must upgrade the
websocket (``/_stcore/stream``) and send every request of a browser to the same
process. Both configurations do it the same way: a cookie (``DVKSRV=dvk1``, ``dvk2`` …)
set on the first answer pins the browser to one backend, and websocket upgrades pass.

- HAProxy: HTTP mode passes upgrades; a backend that stops answering
  ``/_stcore/health`` is taken out and its browsers move to another one (they reconnect
  with a new session, on the same view, since the view is in the address).
- nginx (open-source nginx cannot set a sticky cookie itself): a browser without the
  cookie gets a backend at random (``split_clients``) and the cookie naming it; each
  backend is an ``upstream`` of its own whose other servers are ``backup``, so a browser
  whose process is down is served by another one. Uploads up to the loaders' limit pass
  (``client_max_body_size``). The text goes in ``/etc/nginx/conf.d/`` (``http`` context).

The cookie is ``HttpOnly; SameSite=Lax`` always, and ``Secure`` when browsers reach the
proxy over https (``secure=True``: ``dvk proxy-config --public-url https://…``, or the
public address in the sign-in's ``redirect_uri``), so it is never sent in clear text.

>>> cfg = haproxy_config("127.0.0.1:8500", ["127.0.0.1:8501", "app2.internal:8501"])
>>> print(cfg.strip())  # doctest: +ELLIPSIS
global
...
    server dvk1 127.0.0.1:8501 check cookie dvk1
    server dvk2 app2.internal:8501 check cookie dvk2
"""

from __future__ import annotations

from data_loaders.storage import limits

COOKIE = "DVKSRV"
KINDS = ("haproxy", "nginx")


def is_https(public_url: str | None) -> bool:
    """Whether browsers reach the proxy over https (then the sticky cookie is ``Secure``).

    >>> is_https("https://dvk.example.vn/oauth2callback"), is_https("http://10.0.0.5:8500")
    (True, False)
    >>> is_https(None), is_https(" HTTPS://DVK.EXAMPLE.VN ")
    (False, True)
    """
    return bool(public_url) and public_url.strip().lower().startswith("https://")


def haproxy_config(listen: str, backends: list[str], secure: bool = False) -> str:
    """An ``haproxy.cfg``: ``listen`` (address:port) spread over ``backends`` (address:port);
    ``secure``: the sticky cookie is sent over https only."""
    if not backends:
        raise ValueError("give at least one backend (address:port of a dvk serve process)")
    flags = " secure" if secure else ""
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
    cookie {COOKIE} insert indirect nocache httponly{flags} attr SameSite=Lax
    option httpchk GET /_stcore/health
    http-check expect status 200
{servers}
"""


def _split(count: int) -> list[str]:
    """Equal shares for ``split_clients`` (two decimals at most; the last one takes the rest)."""
    share = f"{100 / count:.2f}".rstrip("0").rstrip(".")
    return [f"{share}%"] * (count - 1) + ["*"]


def nginx_config(listen: str, backends: list[str], secure: bool = False) -> str:
    """An nginx ``http``-context file (``conf.d/dvk.conf``): ``listen`` over ``backends``;
    ``secure``: the sticky cookie is sent over https only.

    >>> cfg = nginx_config("127.0.0.1:8500", ["127.0.0.1:8501", "app2.internal:8501"])
    >>> print(cfg[cfg.index("upstream dvk2"):].split("}")[0].strip())
    upstream dvk2 {
        server app2.internal:8501 max_fails=1 fail_timeout=10s;
        server 127.0.0.1:8501 backup;
    """
    if not backends:
        raise ValueError("give at least one backend (address:port of a dvk serve process)")
    names = [f"dvk{i}" for i in range(1, len(backends) + 1)]
    upstreams = []
    for name, own in zip(names, backends, strict=True):
        others = "".join(f"    server {b} backup;\n" for b in backends if b != own)
        upstreams.append(
            f"upstream {name} {{\n    server {own} max_fails=1 fail_timeout=10s;\n{others}}}\n"
        )
    shares = "".join(f"    {s} {n};\n" for s, n in zip(_split(len(names)), names, strict=True))
    known = "".join(f"    {n} {n};\n" for n in names)
    body_mb = limits.MAX_FILE_BYTES // limits.MiB
    flags = "; Secure" if secure else ""
    return f"""# dvk: {len(backends)} `dvk serve` processes behind nginx (sticky cookie {COOKIE})
{"".join(upstreams)}
# a browser without the cookie: a backend at random
split_clients "${{remote_addr}}${{request_id}}" $dvk_pick {{
{shares}}}

# a browser with the cookie: its own backend
map $cookie_{COOKIE} $dvk_backend {{
    default $dvk_pick;
{known}}}

map $http_upgrade $dvk_connection {{
    default upgrade;
    "" close;
}}

server {{
    listen {listen};
    client_max_body_size {body_mb}m;

    location / {{
        proxy_pass http://$dvk_backend;
        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        # websocket upgrade for /_stcore/stream
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $dvk_connection;
        # a dashboard websocket stays open as long as the tab
        proxy_read_timeout 8h;
        proxy_send_timeout 8h;
        proxy_buffering off;
        add_header Set-Cookie "{COOKIE}=$dvk_backend; Path=/; HttpOnly; SameSite=Lax{flags}";
    }}
}}
"""


def config(kind: str, listen: str, backends: list[str], secure: bool = False) -> str:
    """The configuration of proxy ``kind`` (one of :data:`KINDS`)."""
    if kind not in KINDS:
        raise ValueError(f"unknown proxy kind {kind!r}: use one of {', '.join(KINDS)}")
    build = haproxy_config if kind == "haproxy" else nginx_config
    return build(listen, backends, secure)
