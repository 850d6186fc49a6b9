"""What the serving process does for speed and memory: its environment, the frozen heap."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT, **(env or {})},
        timeout=120,
    )


def test_server_runs_with_few_arenas_and_no_collection_after_every_run() -> None:
    done = _python(
        """
        import os, sys
        from dashboard import serving
        child = "import os; print(os.environ['MALLOC_ARENA_MAX'], "
        child += "os.environ['STREAMLIT_RUNNER_POST_SCRIPT_GC'])"
        env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
        sys.exit(serving.run([sys.executable, "-c", child], env))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "false"]


def test_operator_environment_wins() -> None:
    done = _python(
        """
        import os, sys
        from dashboard import serving
        child = "import os; print(os.environ['MALLOC_ARENA_MAX'])"
        sys.exit(serving.run([sys.executable, "-c", child], dict(os.environ)))
        """,
        env={"MALLOC_ARENA_MAX": "4"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["4"]


def test_large_surviving_heap_is_frozen_a_bounded_number_of_times() -> None:
    done = _python(
        """
        import gc
        from dashboard import cache
        cache._freezes_left = 1
        gc.callbacks.append(cache._freeze_survivors)
        kept = [[i] for i in range(cache.FREEZE_AT)]  # survivors: lists are tracked
        gc.collect()
        first = gc.get_freeze_count()
        more = [[i] for i in range(cache.FREEZE_AT)]
        gc.collect()
        print(first >= cache.FREEZE_AT, gc.get_freeze_count() == first)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-2:] == ["True", "True"]


def test_a_closed_session_frozen_with_the_heap_is_freed_after_a_thaw() -> None:
    """A session is a reference cycle: frozen while open, it was never freed once closed
    (RSS grew by ~50 MiB per 50 sessions). The heap is thawed every THAW_EVERY_S seconds,
    so the next full collection frees it."""
    done = _python(
        """
        import gc, weakref
        from dashboard import cache

        class Session:  # stands for a Streamlit AppSession: a cycle
            def __init__(self):
                self.me = self

        gc.disable()  # only the collections below (the server's come from allocations)
        cache._freezes_left = 1
        gc.callbacks.append(cache._freeze_survivors)
        kept = [[i] for i in range(cache.FREEZE_AT)]
        session = Session()
        alive = weakref.ref(session)
        gc.collect()  # frozen with the survivors
        assert gc.get_freeze_count() >= cache.FREEZE_AT
        del session  # the tab is closed
        gc.collect()
        print("kept while frozen", alive() is not None)
        cache._thawed_at -= cache.THAW_EVERY_S  # a minute later
        gc.collect()  # thaws at its end
        gc.collect()  # walks the thawed heap: the closed session goes
        print("freed after a thaw", alive() is None)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["kept while frozen True", "freed after a thaw True"]


def test_dvk_serve_frees_closed_sessions_after_a_minute() -> None:
    from streamlit import config

    from dashboard import cli

    flags = dict(cli.PRODUCTION_FLAGS)
    assert flags["--server.disconnectedSessionTTL"] == str(cli.SESSION_TTL_S) == "60"
    # an option Streamlit knows (a misspelt one would stop `streamlit run`)
    assert config.get_option("server.disconnectedSessionTTL") is not None


def test_server_sends_websocket_messages_without_waiting_for_acknowledgements() -> None:
    """Streamlit listens on a socket of protocol 0, where asyncio leaves Nagle's algorithm on:
    each rerun's messages then waited ~40 ms for the browser's delayed acknowledgement."""
    code = """
        import asyncio, socket, sys
        from dashboard import serving
        if sys.argv[1] == "fixed":
            serving.no_delay()

        async def main():
            accepted = asyncio.get_running_loop().create_future()
            listener = socket.socket(family=socket.AF_INET)  # as Streamlit's _bind_socket
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            def on_client(reader, writer):
                sock = writer.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                writer.close()
            server = await asyncio.start_server(on_client, sock=listener)
            _, writer = await asyncio.open_connection(*listener.getsockname())
            print(await accepted)
            writer.close()
            server.close()

        asyncio.run(main())
    """
    stock, fixed = (
        subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), mode],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": ROOT},
            timeout=60,
        )
        for mode in ("stock", "fixed")
    )
    assert stock.returncode == 0 and fixed.returncode == 0, stock.stderr + fixed.stderr
    assert stock.stdout.split() == ["0"]  # what asyncio does by itself for such a socket
    assert fixed.stdout.split() != ["0"]  # dvk serve: sent at once


def test_dvk_serve_starts_streamlit_through_the_no_delay_launcher(tmp_path) -> None:
    """The launcher hands over to Streamlit's own command line (here: its version)."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.serving", "version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Streamlit, version" in done.stdout


def test_the_serving_process_answers_the_pages_every_visitor_opens_before_they_ask(
    sample_data_dir, monkeypatch
) -> None:
    """A freshly started server answers the default overview, compare, breakdown and trends in
    the background; a visitor opening them afterwards asks the data nothing new."""
    from dashboard import cache, context, params, registry, serving
    from metrics.engine import Engine

    monkeypatch.setenv("DVK_DATA_DIR", str(sample_data_dir))
    cache.clear()
    warmed = serving.warm_up()
    assert set(warmed) == {p.slug or "tong-quan" for p in registry.PAGES if p.load_test}
    asked: list[object] = []
    answer = Engine._answer

    def counted(self, key, version, build):
        asked.append(key)
        return answer(self, key, version, build)

    monkeypatch.setattr(Engine, "_answer", counted)
    answers = cache.answers()
    for page in registry.PAGES:
        if page.load_test:
            state, _ = params.from_url(page.slug, {}, answers.engine())
            assert list(page.view_model(context.build(state, answers)))
    assert asked == []
    # the operator may turn it off
    done = _python(
        """
        import threading
        from dashboard import serving
        started = []
        threading.Thread.start = lambda self: started.append(self.name)
        import sys
        sys.argv = ["x", "version"]
        try:
            serving.main()
        except SystemExit:
            pass
        print(started)
        """,
        env={serving.WARM_UP_ENV: "0"},
    )
    assert "dvk-warm-up" not in done.stdout, done.stdout + done.stderr


def test_leading_emoji_found_as_streamlit_finds_it() -> None:
    """The lighter search gives Streamlit's own answer, Vietnamese labels included."""
    from streamlit import string_util

    from dashboard import serving

    texts = [
        "",
        "Năm",
        "Biểu đồ",
        "🚨 Lỗi",
        "📈Xu hướng",
        "1️⃣ một",
        "Tổng quan 🇻🇳",
        ":material/x: y",
    ]
    for text in texts:
        assert serving._leading_emoji(text) == string_util.extract_leading_emoji(text), text


class _Session:
    """What :func:`dashboard.serving._on_scriptrunner_event` uses of Streamlit's AppSession."""

    def __init__(self, loop) -> None:
        self._event_loop = loop
        self.handled: list[object] = []

    def _call_soon_on_event_loop(self, callback) -> None:
        self._event_loop.call_soon_threadsafe(callback)

    def _handle_scriptrunner_event_on_event_loop(self, sender, event, forward_msg=None) -> None:
        self.handled.append(forward_msg if forward_msg is not None else event)


def test_elements_are_handed_to_the_loop_in_batches_and_in_order() -> None:
    """Elements of a script run wait at most HANDOVER_S in one batch; the end of the run is
    taken at once, with every element before it, and before what is scheduled after it."""
    import asyncio
    import threading

    from streamlit.runtime.scriptrunner import ScriptRunnerEvent

    from dashboard import serving

    async def main() -> tuple[list[object], list[object]]:
        loop = asyncio.get_running_loop()
        session = _Session(loop)
        wake_ups: list[object] = []
        real = loop.call_soon_threadsafe

        def counted(callback, *args):
            wake_ups.append(callback)
            return real(callback, *args)

        loop.call_soon_threadsafe = counted
        done = loop.create_future()

        def script() -> None:
            for i in range(50):
                serving._on_scriptrunner_event(
                    session, "runner", event=ScriptRunnerEvent.ENQUEUE_FORWARD_MSG, forward_msg=i
                )
            serving._on_scriptrunner_event(
                session, "runner", event=ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS
            )
            # scheduled after the end of the run: sees everything handled, in order
            real(lambda: done.set_result(list(session.handled)))

        threading.Thread(target=script).start()
        return await done, wake_ups

    handled, wake_ups = asyncio.run(main())
    assert handled == [*range(50), ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS]
    assert len(wake_ups) < 10  # one per batch (two unless the thread was held up), not 51


@pytest.mark.slow
def test_a_page_served_lighter_sends_what_streamlit_sends(sample_data_dir) -> None:
    """The overview and the compare page over the websocket, from Streamlit started as
    ``dvk serve`` starts it (:func:`dashboard.serving.lighter_reruns`) and from plain
    ``streamlit run``: the same texts in the same order, first run and rerun."""
    import asyncio
    from contextlib import contextmanager

    from dashboard.tools import loadtest

    @contextmanager
    def server(launcher: str):
        port = loadtest.free_port()
        cmd = [sys.executable, "-m", launcher, "run", os.path.join(ROOT, "dashboard", "app.py")]
        cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
        cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
        env = {**os.environ, "PYTHONPATH": ROOT, "DVK_DATA_DIR": str(sample_data_dir)}
        env |= {"DVK_WARM_UP": "0", "DVK_LOAD_SAMPLE": "0"}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            loadtest.wait_ready(f"http://127.0.0.1:{port}")
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    async def texts(url: str) -> list[list[str]]:
        session = loadtest.Session(url)
        await session.connect()
        try:
            return [(await session.open(page)).texts for page in ("", "", "so-sanh", "so-sanh")]
        finally:
            await session.close()

    with server("dashboard.serving") as lighter, server("streamlit") as plain:
        got, expected = asyncio.run(texts(lighter)), asyncio.run(texts(plain))
    assert all(len(page) > 20 for page in expected)
    assert got == expected


def test_the_launcher_makes_reruns_lighter_before_streamlit_starts() -> None:
    done = _python(
        """
        import sys
        from streamlit.web import cli
        from dashboard import serving

        def started():
            from streamlit import string_util
            from streamlit.runtime.app_session import AppSession
            from streamlit.runtime.runtime import Runtime
            import plotly.io
            print(AppSession._on_scriptrunner_event is serving._on_scriptrunner_event,
                  Runtime._enqueued_some_message is serving._enqueued_some_message,
                  string_util.extract_leading_emoji is serving._leading_emoji,
                  getattr(plotly.io.to_json, "__wrapped__", None) is not None)

        cli.main = started
        sys.argv = ["dashboard.serving", "version"]
        serving.main()
        """,
        env={"DVK_WARM_UP": "0"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True", "True"]
