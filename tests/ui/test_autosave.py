"""Autosave: at once, then at most every two seconds, with one save scheduled for later."""

from __future__ import annotations

from repair_app.ui.widgets.autosave import Autosave

from .helpers import run_async


class Saver:
    def __init__(self, state: dict) -> None:
        self.state = state
        self.saved: list[str] = []
        self.fail = False

    def __call__(self) -> bool:
        if self.fail:
            return False
        self.saved.append(self.state["text"])
        return True


def test_first_change_at_once_then_throttled_then_on_flush(clock):
    state = {"text": "a"}
    saver = Saver(state)
    autosave = Autosave(clock, saver)
    autosave.changed()
    state["text"] = "ab"
    autosave.changed()
    assert saver.saved == ["a"] and autosave.dirty
    autosave.flush()
    assert saver.saved == ["a", "ab"] and not autosave.dirty
    autosave.flush()  # nothing new: nothing written
    assert saver.saved == ["a", "ab"]
    clock.advance(2)
    state["text"] = "abc"
    autosave.changed()
    assert saver.saved[-1] == "abc"


def test_a_save_is_scheduled_for_the_end_of_a_burst(clock):
    state = {"text": "a"}
    saver = Saver(state)
    scheduled = []
    autosave = Autosave(clock, saver, every=0.01)
    autosave.changed(scheduled.append)  # saved at once; nothing scheduled
    assert scheduled == []
    for text in ("ab", "abc", "abcd"):
        state["text"] = text
        autosave.changed(scheduled.append)
    assert len(scheduled) == 1  # one pending save, however many keystrokes
    run_async(scheduled[0]())
    assert saver.saved == ["a", "abcd"] and not autosave.dirty


def test_a_failed_save_stays_dirty_and_is_retried(clock):
    state = {"text": "a"}
    saver = Saver(state)
    autosave = Autosave(clock, saver)
    saver.fail = True
    autosave.changed()
    assert autosave.dirty and saver.saved == []
    saver.fail = False
    assert autosave.flush() and saver.saved == ["a"]


def test_forget_and_mark(clock):
    saver = Saver({"text": "x"})
    autosave = Autosave(clock, saver)
    autosave.mark()
    autosave.forget()
    assert not autosave.dirty and autosave.flush() and saver.saved == []
    autosave.mark()
    autosave.flush()
    assert saver.saved == ["x"]
