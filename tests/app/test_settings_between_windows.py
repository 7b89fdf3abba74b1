"""Issue 15 (7): each window saves only what it changed, on the latest stored settings,
and every window reads what another one saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from repair_app.content import default_program
from repair_app.context import AppContext
from repair_app.core.clock import FakeClock
from repair_app.core.settings import Settings
from repair_app.store import Store
from repair_app.store.data_transfer import delete_all_data


def window(store: Store, clock: FakeClock, data_dir: Path) -> AppContext:
    return AppContext(store=store, clock=clock, program=default_program(), data_dir=data_dir)


def test_two_tabs_keep_each_others_changes(store: Store, clock: FakeClock,
                                           tmp_path: Path) -> None:
    one, two = window(store, clock, tmp_path), window(store, clock, tmp_path)
    one.save_settings(one.settings.with_changes(theme="dark"))
    two.save_settings(two.settings.with_changes(evening_reminder=False))
    assert two.settings.theme == "dark"  # the other tab's change is seen ...
    assert one.settings.evening_reminder is False  # ... both ways, without a reload
    fresh = window(store, clock, tmp_path).settings
    assert fresh.theme == "dark" and fresh.evening_reminder is False


def test_two_servers_keep_each_others_changes(tmp_path: Path, clock: FakeClock) -> None:
    data_dir = tmp_path / "data"
    with Store.open(data_dir, clock) as first, Store.open(data_dir, clock) as second:
        one, two = window(first, clock, data_dir), window(second, clock, data_dir)
        one.settings  # noqa: B018 - both windows have read the settings
        two.save_settings(two.settings.with_changes(evening_reminder=False))
        one.save_settings(one.settings.with_changes(theme="light"))
        assert two.settings.theme == "light"
        assert window(first, clock, data_dir).settings.evening_reminder is False


def test_a_save_after_delete_all_in_another_tab_brings_nothing_back(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    one, two = window(store, clock, tmp_path), window(store, clock, tmp_path)
    one.save_settings(Settings(onboarded=True, program_start=date(2026, 11, 16),
                               code_word="time out"))
    assert two.settings.onboarded
    delete_all_data(store)
    one.reload_settings()
    two.save_settings(two.settings.with_changes(theme="dark"))
    after = window(store, clock, tmp_path).settings
    assert after == Settings(theme="dark")
