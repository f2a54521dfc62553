"""Killing the server (kill -9) during a load of respondents loses no acknowledged answer."""

import tempfile
import threading
import time

import pytest

from benchmarks.loadlib import (
    LoadResult,
    Server,
    free_port,
    lost_answers,
    new_stop_event,
    prepare_round,
    run_load,
    server_env,
)

pytestmark = pytest.mark.slow


def test_kill_9_during_load_loses_no_acknowledged_answer():
    with tempfile.TemporaryDirectory() as data_dir:
        env = server_env(f"sqlite:///{data_dir}/crash.sqlite3", data_dir)
        token = prepare_round(env)
        port = free_port()
        server = Server(env, port).start()
        result = LoadResult()
        stop = new_stop_event()
        load = threading.Thread(
            target=run_load, args=(server.url, token, 60, 30), kwargs={"result": result, "stop": stop}
        )
        load.start()
        deadline = time.time() + 60
        while result.saves_so_far() < 40 and time.time() < deadline:
            time.sleep(0.05)
        server.kill()  # in the middle of the load
        stop.set()
        load.join(timeout=120)
        acknowledged_before = {code: dict(answers) for code, answers in result.acknowledged.items()}
        assert sum(len(a) for a in acknowledged_before.values()) > 0
        assert result.errors, "the crash should have interrupted some respondents"
        restarted = Server(env, port).start()  # the same database after the crash
        try:
            assert lost_answers(env, acknowledged_before) == []
        finally:
            restarted.stop()
