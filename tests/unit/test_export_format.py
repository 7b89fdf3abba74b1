import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_app.core.export_format import (
    MAX_STRING,
    ExportError,
    bundle_to_json,
    csv_tables,
    make_bundle,
    parse_bundle,
    parse_bundle_bytes,
)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
MAIN = {"settings": {"1": {"code_word": "🍵 tea", "onboarded": True}}}
MONTHS = {"2026-11": {"days": {"1": {"date": "2026-11-23", "promise": {"text": "שלום 👋"}}},
                      "moments": {"1": {"kind": "positive", "note": "=SUM(A1)"}}}}


def good_doc():
    return json.loads(json.dumps(make_bundle(2, NOW, MAIN, MONTHS).to_document()))


def test_round_trip_through_bytes_keeps_everything_exactly():
    bundle = make_bundle(2, NOW, MAIN, MONTHS)
    again = parse_bundle_bytes(bundle_to_json(bundle), current_schema=2)
    assert again == bundle
    assert again.record_count() == 3


@pytest.mark.parametrize(("change", "reason"), [
    (lambda d: d.update(format="other"), "isn't a Repair export"),
    (lambda d: d.update(extra=1), "never has: extra"),
    (lambda d: d.pop("main"), "incomplete: main missing"),
    (lambda d: d.update(schema=3), "newer version"),
    (lambda d: d.update(schema=1), "older version"),
    (lambda d: d.update(schema="2"), "not a number"),
    (lambda d: d.update(schema=True), "not a number"),
    (lambda d: d.update(exported_at="yesterday"), "date is not valid"),
    (lambda d: d.update(main=[]), "main is not a table"),
    (lambda d: d.update(months={"2026-13": {}}), "is not a month"),
    (lambda d: d.update(months={"nov": {}}), "is not a month"),
    (lambda d: d["main"].update({"Bad Name": {}}), "is not a table name"),
    (lambda d: d["main"].update(settings=[1]), "is not a table"),
    (lambda d: d["main"]["settings"].update({"x": {}}), "not a number"),
    (lambda d: d["main"]["settings"].update({"2": "text"}), "is not a record"),
    (lambda d: d["main"]["settings"]["1"].update(note="x" * (MAX_STRING + 1)), "characters"),
    (lambda d: d["main"]["settings"]["1"].update(n=2**60), "too large"),
    (lambda d: d["main"]["settings"]["1"].update(n=float("nan")), "not finite"),
])
def test_bad_files_are_refused_with_a_reason(change, reason):
    doc = good_doc()
    change(doc)
    with pytest.raises(ExportError, match=reason):
        parse_bundle(doc, current_schema=2)


def test_deep_nesting_is_refused():
    doc = good_doc()
    deep: dict = {}
    node = deep
    for _ in range(50):
        node["x"] = {}
        node = node["x"]
    doc["main"]["settings"]["1"]["deep"] = deep
    with pytest.raises(ExportError, match="nested too deeply"):
        parse_bundle(doc, current_schema=2)


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe", b'{"format": "repair-export", "sch',
                                 b"[1, 2]", b"NaN", b'"text"'])
def test_truncated_or_foreign_bytes_are_refused(raw):
    with pytest.raises(ExportError):
        parse_bundle_bytes(raw, current_schema=2)


def test_truncated_export_is_refused():
    raw = bundle_to_json(make_bundle(2, NOW, MAIN, MONTHS))
    for cut in (1, len(raw) // 3, len(raw) - 2):
        with pytest.raises(ExportError, match="damaged or incomplete"):
            parse_bundle_bytes(raw[:cut], current_schema=2)


def test_csv_has_one_table_each_and_defuses_formulas():
    tables = csv_tables(make_bundle(2, NOW, MAIN, MONTHS))
    assert set(tables) == {"settings", "days", "moments"}
    assert "'=SUM(A1)" in tables["moments"]
    assert "שלום 👋" in tables["days"]
    assert tables["settings"].splitlines()[0] == "code_word,onboarded"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=10), json_values, max_size=5))
def test_any_json_record_round_trips(record):
    bundle = make_bundle(2, NOW, {"notes": {"1": record}}, {})
    again = parse_bundle_bytes(bundle_to_json(bundle), current_schema=2)
    assert json.dumps(again.main, sort_keys=True) == json.dumps(bundle.main, sort_keys=True)


@given(st.binary(max_size=200))
def test_random_bytes_never_crash(raw):
    with pytest.raises(ExportError):
        parse_bundle_bytes(raw, current_schema=2)


def test_delete_needs_the_word():
    from repair_app.core.export_format import is_delete_confirmed

    assert is_delete_confirmed(" DELETE ")
    for typed in ("", "delete", "DELETE ALL", "DELET"):
        assert not is_delete_confirmed(typed)


def test_csv_zip_has_one_file_per_table():
    import io
    import zipfile

    from repair_app.core.export_format import csv_zip_bytes

    archive = zipfile.ZipFile(io.BytesIO(csv_zip_bytes(make_bundle(2, NOW, MAIN, MONTHS))))
    assert sorted(archive.namelist()) == ["days.csv", "moments.csv", "settings.csv"]
    assert "שלום 👋" in archive.read("days.csv").decode("utf-8-sig")


# -- issue 15 (10, 11): clear refusals, bounded parsing ---------------------------------------


def test_month_zero_zero_zero_zero_is_refused_before_anything_is_written():
    doc = good_doc()
    doc["months"] = {"0000-01": {}}
    with pytest.raises(ExportError, match="is not a month"):
        parse_bundle(doc, current_schema=2)


def test_a_file_with_a_byte_order_mark_is_read():
    raw = bundle_to_json(make_bundle(2, NOW, MAIN, MONTHS))
    assert parse_bundle_bytes(b"\xef\xbb\xbf" + raw, current_schema=2).main == MAIN


def test_the_size_limit_fits_real_exports():
    from repair_app.core.export_format import MAX_FILE_BYTES

    # A ten-year export from benchmarks/synthetic_history.py weighs 5.5 MB.
    assert 30 * 1024 * 1024 <= MAX_FILE_BYTES <= 64 * 1024 * 1024


@pytest.mark.parametrize("unit", [b"{},", b"0,", b'"ab",', b"[],", b"true,", b'{"a":{}},'])
def test_hostile_element_floods_are_refused_before_parsing(unit):
    """Many tiny elements would cost far more memory parsed than the file's size."""
    import time

    from repair_app.core.export_format import MAX_FILE_BYTES

    body = unit * ((MAX_FILE_BYTES - 200) // len(unit))
    raw = b'{"format":"repair-export","schema":2,"exported_at":"2026-11-23T09:30:00",' \
          b'"main":{},"months":{},"x":[' + body[:-1] + b"]}"
    started = time.perf_counter()
    with pytest.raises(ExportError, match="far more than a Repair export"):
        parse_bundle_bytes(raw, current_schema=2)
    assert time.perf_counter() - started < 2.0


def test_a_hostile_file_over_the_limit_is_refused_at_once():
    import time

    from repair_app.core.export_format import MAX_FILE_BYTES

    raw = b"[" + b"{}," * (MAX_FILE_BYTES // 3 + 10)
    started = time.perf_counter()
    with pytest.raises(ExportError, match="too large"):
        parse_bundle_bytes(raw, current_schema=2)
    assert time.perf_counter() - started < 0.5
