"""`REPAIR_LOG`: Repair's own log lines at a chosen level, for reading a journey back."""

from __future__ import annotations

import logging

import pytest

from repair_app.__main__ import configure_logging


@pytest.fixture
def repair_logger():
    logger = logging.getLogger("repair_app")
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


def test_debug_sends_navigation_lines_to_stderr(repair_logger, capsys) -> None:
    configure_logging("debug")
    logging.getLogger("repair_app.ui.shell").debug("navigating to %s", "/pause")
    err = capsys.readouterr().err
    assert "repair_app.ui.shell DEBUG navigating to /pause" in err


@pytest.mark.parametrize("value", [None, "", "  ", "loud", "debugg"])
def test_unset_or_unknown_leaves_logging_alone(repair_logger, value) -> None:
    before = (repair_logger.level, list(repair_logger.handlers))
    configure_logging(value)
    assert (repair_logger.level, list(repair_logger.handlers)) == before


def test_level_name_is_case_and_space_tolerant(repair_logger) -> None:
    configure_logging(" Info ")
    assert repair_logger.level == logging.INFO
