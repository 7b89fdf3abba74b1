"""scripts/check_mobile_packaging.py: the repository's pyproject.toml passes it, and broken
variants of it fail naming the problem (the ones the check exists to catch)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_mobile_packaging.py"


def load_check():
    spec = importlib.util.spec_from_file_location("check_mobile_packaging", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_mobile_packaging", module)
    spec.loader.exec_module(module)
    return module


check = load_check()
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True,
                          text=True, timeout=900, cwd=ROOT)


def skip_if_pypi_unreachable(result: subprocess.CompletedProcess) -> None:
    if result.returncode == check.EXIT_UNREACHABLE:
        pytest.skip("PyPI unreachable, nothing resolved: " + result.stdout.splitlines()[-1])


def variant(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = PYPROJECT
    for old, new in replacements:
        assert old in text, f"pyproject.toml no longer contains {old!r}"
        text = text.replace(old, new)
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    (tmp_path / "main.py").write_text((ROOT / "main.py").read_text(encoding="utf-8"))
    return tmp_path


def check_statically(project: Path, capsys, *args: str) -> tuple[int, list[str]]:
    code = check.main(["--project", str(project), "--no-resolve", *args])
    return code, capsys.readouterr().out.strip().splitlines()


DESKTOP_MARKER = ("platform_system != 'Android' and platform_system != 'iOS' and "
                  "platform_system != 'Emscripten'")
FLET_ALL = f'"flet[all]>=1.0.5,<1.1; {DESKTOP_MARKER}",'


@pytest.fixture(autouse=True)
def python_build_manifest(monkeypatch):
    """The same python-build manifest whatever this machine has cached."""
    monkeypatch.setenv("FLET_PYTHON_BUILD_MANIFEST", str(check.PYTHON_BUILD_MANIFEST_SNAPSHOT))


def test_the_phone_build_of_this_repository_would_install():
    result = run_script()
    skip_if_pypi_unreachable(result)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("mobile packaging OK: Python 3.14"), last
    for architecture in ("android arm64-v8a", "ios iphoneos.arm64"):
        assert f"{architecture}: pip (--only-binary :all: --platform" in result.stdout
    for architecture in ("android armeabi-v7a", "android x86_64", "ios iphonesimulator.arm64",
                         "ios iphonesimulator.x86_64"):
        assert f"{architecture}: pip (--platform" in result.stdout, architecture
    assert "flet-notifications 0.1.4" in result.stdout
    assert "flet-web" not in result.stdout and "flet-desktop" not in result.stdout


def test_static_checks_pass_on_this_repository(capsys):
    code, lines = check_statically(ROOT, capsys)
    assert code == 0, lines
    assert lines[-1].startswith("mobile packaging static checks OK")


def test_flet_all_on_the_phone_fails_naming_it(tmp_path, capsys):
    project = variant(tmp_path, (FLET_ALL, '"flet[all]>=1.0.5,<1.1",'))
    code, lines = check_statically(project, capsys)
    assert code == 1
    assert any("'flet[all]" in line and "reaches the phone build" in line for line in lines)
    assert lines[-1].startswith("mobile packaging FAILED")


def test_a_sys_platform_marker_does_not_keep_flet_all_off_the_phone(tmp_path, capsys):
    project = variant(tmp_path, (FLET_ALL,
                                 '"flet[all]>=1.0.5,<1.1; sys_platform != \'android\' and '
                                 'sys_platform != \'ios\'",'))
    code, lines = check_statically(project, capsys, "--platform", "android")
    assert code == 1
    assert any("sys_platform is the build machine's" in line for line in lines)


def test_the_notifier_only_in_an_optional_extra_fails_naming_it(tmp_path, capsys):
    project = variant(tmp_path,
                      ('    "flet-notifications>=0.1.4,<0.2",\n', ""),
                      ("[project.optional-dependencies]\n",
                       '[project.optional-dependencies]\nmobile = ["flet-notifications>=0.1.4"]\n'))
    code, lines = check_statically(project, capsys)
    assert code == 1
    problems = [line for line in lines if line.startswith("PROBLEM")]
    assert any("flet-notifications" in line and "[project.optional-dependencies].mobile"
               in line for line in problems), problems


def test_a_permissions_list_under_tool_flet_android_fails(tmp_path, capsys):
    table = PYPROJECT[PYPROJECT.index("[tool.flet.android.permission]"):
                      PYPROJECT.index("# The journal key lives")]
    project = variant(tmp_path, (table, '[tool.flet.android]\npermissions = '
                                        '["android.permission.POST_NOTIFICATIONS"]\n\n'))
    code, lines = check_statically(project, capsys, "--platform", "android")
    assert code == 1
    assert any("[tool.flet.android].permissions is ignored" in line for line in lines)
    assert any("android.permission.SCHEDULE_EXACT_ALARM" in line and "not granted" in line
               for line in lines)


def test_a_short_permission_name_fails(tmp_path, capsys):
    project = variant(tmp_path, ('"android.permission.POST_NOTIFICATIONS" = true',
                                 "POST_NOTIFICATIONS = true"))
    code, lines = check_statically(project, capsys, "--platform", "android")
    assert code == 1
    assert any('write "android.permission.POST_NOTIFICATIONS" = true' in line
               for line in lines)


def test_allow_backup_as_a_toml_boolean_fails(tmp_path, capsys):
    project = variant(tmp_path, ('allowBackup = "false"', "allowBackup = false"))
    code, lines = check_statically(project, capsys, "--platform", "android")
    assert code == 1
    assert any("allowBackup is False" in line for line in lines)


def test_a_missing_face_id_usage_description_fails_the_ios_check(tmp_path, capsys):
    project = variant(tmp_path, ("NSFaceIDUsageDescription =", "NSCameraUsageDescription ="))
    code, lines = check_statically(project, capsys, "--platform", "ios")
    assert code == 1
    assert any("NSFaceIDUsageDescription" in line for line in lines)
    code, lines = check_statically(project, capsys, "--platform", "android")
    assert code == 0, lines


def test_a_package_without_phone_wheels_fails_naming_it(tmp_path):
    project = variant(tmp_path, ('    "tinydb>=4.8,<5",\n',
                                 '    "tinydb>=4.8,<5",\n    "uvloop>=0.19",\n'))
    result = run_script("--project", str(project), "--platform", "android",
                        "--main-architecture-only")
    skip_if_pypi_unreachable(result)
    assert result.returncode == 1, result.stdout
    assert "PROBLEM android arm64-v8a: uvloop can't be installed on the phone" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("mobile packaging FAILED")


def test_the_phone_pip_honours_platform_system_but_not_sys_platform():
    environment = check.phone_marker_environment(check.PHONES["android"], "3.14", "3.14.6")
    assert not Marker("platform_system != 'Android'").evaluate(environment)
    assert Marker("sys_platform != 'android'").evaluate(environment)  # the build machine's
    assert Marker("python_version >= '3.14'").evaluate(environment)


def test_flet_index_versions_follow_the_python_line():
    packages = check.load_flet_packages()
    android, ios = check.PHONES["android"], check.PHONES["ios"]
    assert check.flet_index_version(packages, "cryptography", android, "3.14") == "48.0.0"
    assert check.flet_index_version(packages, "cryptography", ios, "3.12") == "43.0.1"
    assert check.flet_index_version(packages, "Cryptography", android, "3.13") == "43.0.1"
    assert check.flet_index_version(packages, "uvloop", android, "3.14") is None


def test_requires_python_picks_the_bundled_python(tmp_path):
    project = variant(tmp_path, ('requires-python = ">=3.11"', 'requires-python = "==3.12.*"'))
    release, _ = check.resolve_python_release(check.load_pyproject(project), None)
    assert release.short == "3.12"
    release, _ = check.resolve_python_release(check.load_pyproject(ROOT), None)
    assert release.short == "3.14"


def test_the_packaged_app_keeps_its_data_in_flet_app_storage_data(tmp_path):
    """flet build's main.dart sets FLET_APP_STORAGE_DATA (<app support>/data, app-private,
    kept across updates); main.py opens the store there unless REPAIR_DATA_DIR says else."""
    from repair_app.app import default_data_dir

    phone = tmp_path / "files" / "data"
    assert default_data_dir({"FLET_APP_STORAGE_DATA": str(phone)}) == phone
    chosen = tmp_path / "chosen"
    assert default_data_dir({"FLET_APP_STORAGE_DATA": str(phone),
                             "REPAIR_DATA_DIR": str(chosen)}) == chosen
    assert "default_data_dir()" in (ROOT / "main.py").read_text(encoding="utf-8")


def test_an_unreachable_index_is_reported_as_not_checked_never_as_ok(monkeypatch):
    monkeypatch.setenv("PIP_INDEX_URL", "https://127.0.0.1:9/simple/")
    result = run_script("--platform", "android", "--main-architecture-only")
    assert result.returncode == check.EXIT_UNREACHABLE, result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("mobile packaging NOT CHECKED: PyPI unreachable"), last


@pytest.mark.parametrize("tag", check.ALL_PHONE_PLATFORMS)
def test_the_phone_pip_sees_the_versions_a_newer_pip_asks_for(tag, tmp_path):
    """serious_python's sitecustomize shims platform.android_ver / ios_ver, which newer pips
    (packaging 25+) call to work out the phone's wheel tags; android_ver doesn't exist on a
    Python before 3.13. The check's pip sees the same, on this machine's Python."""
    phone = next(p for p in check.PHONES.values() if tag in p.architectures.values())
    (tmp_path / "sitecustomize.py").write_text(check.sitecustomize(phone, tag, "3.14.6"),
                                               encoding="utf-8")
    probe = ("import platform; print(platform.system(), platform.python_version(), "
             "platform.android_ver().api_level if platform.system() == 'Android' else "
             "(platform.ios_ver().release, platform.ios_ver().is_simulator))")
    seen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin"})
    assert seen.returncode == 0, seen.stderr
    expected = ("Android 3.14.6 24" if phone.name == "android" else
                f"iOS 3.14.6 ('13.0', {'simulator' in tag})")
    assert seen.stdout.strip() == expected


@pytest.mark.parametrize(("output", "requirement"), [
    ("ERROR: No matching distribution found for cffi>=2.0.0", "cffi>=2.0.0"),
    ("ERROR: No matching distribution found for cffi>=2.0.0 (from cryptography)", "cffi>=2.0.0"),
    ("ERROR: No matching distribution found for cryptography<50,>=42", "cryptography<50,>=42"),
    ("Collecting flet\nnothing missing here", None),
])
def test_the_missing_requirement_is_read_from_old_and_new_pips(output, requirement):
    assert check.missing_requirement_text(output) == requirement
