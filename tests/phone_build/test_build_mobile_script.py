"""scripts/build_mobile.sh apk, with `flet build` and the packaging check replaced by a stand-in
that writes a generated Flutter project the way flet build lays it out: the script patches
it (flet-notifications' receivers and desugaring, FlutterFragmentActivity), builds again,
and refuses an APK whose project lost the patches. Without a Flutter SDK it says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MANIFEST = """\
<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <uses-permission android:name="android.permission.INTERNET" />
    <application android:label="Repair" android:allowBackup="false">
        <activity android:name=".MainActivity" android:exported="true" />
    </application>
</manifest>
"""
GRADLE = """\
android {
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
    }
    defaultConfig {
        minSdk = 24
    }
}
dependencies {}
"""
ACTIVITY = """\
package app.repair.repair

import io.flutter.embedding.android.FlutterActivity

class MainActivity : FlutterActivity()
"""

# Stands in for `python`: `-m flet_cli.cli build apk ...` writes (first run) or keeps (later
# runs, unless REGENERATE is set) build/flutter and writes build/apk/app-release.apk;
# scripts/check_mobile_packaging.py passes; anything else runs the real Python.
FAKE_PYTHON = textwrap.dedent(f"""\
    #!{sys.executable}
    import os, sys
    from pathlib import Path
    args = sys.argv[1:]
    if args[:3] == ["-m", "flet_cli.cli", "build"]:
        with open("flet-build-calls.log", "a") as log:
            log.write(" ".join(args[3:]) + "\\n")
        runs = len(Path("flet-build-calls.log").read_text().splitlines())
        app = Path("build/flutter/android/app")
        if runs == 1 or os.environ.get("REGENERATE"):
            kotlin = app / "src/main/kotlin/app/repair/repair"
            kotlin.mkdir(parents=True, exist_ok=True)
            (app / "src/main/AndroidManifest.xml").write_text({MANIFEST!r})
            (app / "build.gradle.kts").write_text({GRADLE!r})
            (kotlin / "MainActivity.kt").write_text({ACTIVITY!r})
        Path("build/apk").mkdir(parents=True, exist_ok=True)
        Path("build/apk/app-release.apk").write_text(f"apk from run {{runs}}")
        sys.exit(0)
    if args[:1] == ["scripts/check_mobile_packaging.py"]:
        print("mobile packaging OK (stand-in)")
        sys.exit(0)
    os.execv({sys.executable!r}, [{sys.executable!r}, *args])
    """)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "build_mobile.sh", tmp_path / "scripts")
    fake = tmp_path / "fake-python"
    fake.write_text(FAKE_PYTHON, encoding="utf-8")
    fake.chmod(0o755)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "flutter").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (bin_dir / "flutter").chmod(0o755)
    return tmp_path


def run_build(project: Path, *args: str, path: str | None = None, **env: str):
    environment = {**os.environ, "PYTHON": str(project / "fake-python"),
                   "PATH": path if path is not None
                   else f"{project / 'bin'}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(["bash", str(project / "scripts" / "build_mobile.sh"), *args],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env=environment)


def test_apk_is_built_twice_with_the_patches_in_between(project):
    pytest.importorskip("flet_notifications")
    result = run_build(project, "apk", "--arch", "arm64-v8a")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "flet-build-calls.log").read_text().splitlines() == [
        "apk --yes --python-version 3.14 --arch arm64-v8a"] * 2
    manifest = (project / "build/flutter/android/app/src/main/AndroidManifest.xml").read_text()
    for receiver in ("ScheduledNotificationReceiver", "ScheduledNotificationBootReceiver",
                     "ActionBroadcastReceiver"):
        assert receiver in manifest
    assert 'android:allowBackup="false"' in manifest
    gradle = (project / "build/flutter/android/app/build.gradle.kts").read_text()
    assert "isCoreLibraryDesugaringEnabled = true" in gradle
    activity = next((project / "build/flutter/android/app/src/main/kotlin").rglob(
        "MainActivity.kt")).read_text()
    assert "import io.flutter.embedding.android.FlutterFragmentActivity" in activity
    assert "class MainActivity : FlutterFragmentActivity()" in activity
    assert (project / "build/apk/app-release.apk").read_text() == "apk from run 2"


def test_an_apk_whose_project_lost_the_patches_is_refused(project):
    pytest.importorskip("flet_notifications")
    result = run_build(project, "apk", REGENERATE="1")
    assert result.returncode == 1
    assert "dropped the ScheduledNotificationReceiver patch" in result.stderr
    assert not (project / "build/apk").exists()


def test_without_a_flutter_sdk_it_says_so_and_builds_nothing(project):
    managed = subprocess.run(
        [sys.executable, "-c", "import flet.version; from flet_cli.utils.flutter import "
         "get_flutter_dir; print(get_flutter_dir(flet.version.flutter_version))"],
        capture_output=True, text=True, check=True).stdout.strip()
    if Path(managed, "bin", "flutter").exists():
        pytest.skip(f"flet has a Flutter SDK at {managed}")
    path = os.pathsep.join(folder for folder in os.environ["PATH"].split(os.pathsep)
                           if not Path(folder, "flutter").exists())
    result = run_build(project, "apk", path=path)
    assert result.returncode == 2
    assert "No Flutter SDK: 'flutter' is not on PATH" in result.stderr
    assert "--install-sdk" in result.stderr
    assert not (project / "flet-build-calls.log").exists()


def test_an_unknown_target_shows_the_usage(project):
    result = run_build(project, "aab")
    assert result.returncode == 2
    assert "usage: scripts/build_mobile.sh apk|ipa" in result.stderr
