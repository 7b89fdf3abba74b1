"""Would `flet build apk` / `flet build ipa` (flet-cli 1.0.5) install Repair's Python side?

No Flutter SDK is needed. The check reads pyproject.toml with flet-cli's own helpers, the way
`flet build` does (`BaseBuildCommand.package_python_app` and `setup_template_data`):

* the phone's package list is `[tool.poetry].dependencies` or `[project].dependencies`, plus
  `[tool.flet.<android|ios>].dependencies`; `[project.optional-dependencies]` never counts;
* the Python line is flet-cli's `resolve_python_version` (highest supported release that
  `requires-python` allows);
* markers are evaluated as the phone build's pip sees them: serious_python runs pip in a
  python-build-standalone interpreter of that line on the build machine, with a
  sitecustomize that fakes `platform.system()` ("Android" / "iOS") and
  `sysconfig.get_platform()`, so `platform_system` is the phone's while `sys_platform` and
  `platform_machine` stay the build machine's;
* the list is resolved with pip, binary-only, for every architecture serious_python installs
  for (Android arm64-v8a, armeabi-v7a, x86_64 at API 24; iOS 13 device and simulators),
  against PyPI plus the packages Flet publishes on pypi.flet.dev
  (scripts/flet_mobile_packages.json, which names its source and date: a package on it
  counts as available at the listed version, with the dependencies PyPI records for it);
* Android permissions and the manifest's <application> attributes are merged as flet build
  merges them, iOS Info.plist keys likewise.

It fails naming the package a phone can't install, a phone extension missing from the list
(the notifier, biometric unlock, the keystore), or a permission / key that isn't where
flet build reads it. Exit 0: the phone build's Python side would install; 1: problems;
3: PyPI could not be reached (nothing was resolved, so nothing is claimed). The last line is a
one-line summary.

    python scripts/check_mobile_packaging.py [--platform android|ios] [--no-resolve]
                                             [--main-architecture-only] [--python-version X]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

HERE = Path(__file__).resolve().parent
FLET_PACKAGES_FILE = HERE / "flet_mobile_packages.json"
PYTHON_BUILD_MANIFEST_SNAPSHOT = HERE / "python_build_manifest.json"
PYPI_SIMPLE = "https://pypi.org/simple/"
EXIT_OK, EXIT_PROBLEMS, EXIT_UNREACHABLE = 0, 1, 3

# Phone extensions Repair's runtime uses; each ships its Dart half in the wheel's flutter/
# folder, which serious_python copies out and flet build registers as a Flutter package.
REQUIRED_EXTENSIONS = {
    "flet-notifications": "the notifier: reminders the phone's OS shows with Repair closed",
    "flet-local-auth": "fingerprint / Face ID unlock",
    "flet-secure-storage": "the journal key in the Android keystore / iOS keychain",
}
# Desktop and web-server packages: no phone wheels (watchdog, uvloop, httptools, ...).
DESKTOP_ONLY = {"flet-cli", "flet-web", "flet-desktop"}
DESKTOP_EXTRAS = {"all", "cli", "web", "desktop"}
REQUIRED_ANDROID_PERMISSIONS = {
    "android.permission.POST_NOTIFICATIONS": "showing reminders on Android 13+",
    "android.permission.SCHEDULE_EXACT_ALARM": "on-time reminders on Android 12+",
    "android.permission.RECEIVE_BOOT_COMPLETED": "re-arming reminders after a restart",
    "android.permission.USE_BIOMETRIC": "fingerprint / face unlock",
}
REQUIRED_MANIFEST_APPLICATION = {
    "allowBackup": "no cloud backup of the keystore-wrapped journal key",
}
REQUIRED_IOS_INFO = {"NSFaceIDUsageDescription": "Face ID unlock"}


@dataclass(frozen=True)
class Phone:
    name: str               # flet build's config_platform: [tool.flet.<name>]
    package_platform: str   # what platform.system() returns to the phone build's pip
    forge_sdk: str          # mobile-forge's SDK name in flet_mobile_packages.json
    # serious_python's `package` runs pip once per architecture (its `platforms` table):
    # {its architecture name: wheel platform tag}; the first is the phone in your hand.
    architectures: dict[str, str]

    @property
    def pip_platform(self) -> str:
        return next(iter(self.architectures.values()))


PHONES = {
    "android": Phone("android", "Android", "android", {
        "arm64-v8a": "android_24_arm64_v8a", "armeabi-v7a": "android_24_armeabi_v7a",
        "x86_64": "android_24_x86_64"}),
    "ios": Phone("ios", "iOS", "iphoneos", {
        "iphoneos.arm64": "ios_13_0_arm64_iphoneos",
        "iphonesimulator.arm64": "ios_13_0_arm64_iphonesimulator",
        "iphonesimulator.x86_64": "ios_13_0_x86_64_iphonesimulator"}),
}
ALL_PHONE_PLATFORMS = [tag for phone in PHONES.values() for tag in phone.architectures.values()]


def compatible_platforms(pip_platform: str) -> list[str]:
    """Every platform tag the phone build's pip accepts for this architecture: packaging's
    own android_platforms / ios_platforms (API 24 down to 16; iOS 13.0 down to 12.0), as the
    newer pip in python-build-standalone computes them from the faked platform."""
    from packaging import tags

    kind, major, rest = pip_platform.split("_", 2)
    if kind == "android":
        return list(tags.android_platforms(int(major), rest))
    minor, multiarch = rest.split("_", 1)
    return list(tags.ios_platforms((int(major), int(minor)), multiarch.replace("_", "-", 1)))


def architectures_built(phone: Phone, release: Any, main_only: bool) -> dict[str, str]:
    """The architectures flet build installs packages for: Android's are the ABIs
    python-build publishes for that Python line (the manifest's android_abis)."""
    chosen = {arch: tag for arch, tag in phone.architectures.items()
              if phone.name != "android" or arch in release.android_abis}
    return dict(list(chosen.items())[:1]) if main_only else chosen


@dataclass
class PhoneResult:
    phone: Phone
    requirements: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    installed: dict[str, str] = field(default_factory=dict)   # main architecture: name -> version
    from_flet_index: dict[str, str] = field(default_factory=dict)
    per_architecture: dict[str, int] = field(default_factory=dict)  # arch -> package count
    resolved: bool = False
    unreachable: str | None = None


# -- reading pyproject.toml as flet build 1.0.5 does ----------------------------------------

def load_pyproject(project: Path) -> Callable[[str | None], Any]:
    from flet_cli.utils.pyproject_toml import load_pyproject_toml

    return load_pyproject_toml(project)


def flet_build_requirements(get_pyproject: Callable, project: Path, phone: Phone) -> list[str]:
    """The `-r` list `package_python_app` hands serious_python for this phone."""
    from flet_cli.utils.project_dependencies import (
        get_poetry_dependencies,
        get_project_dependencies,
    )

    requirements = (
        get_poetry_dependencies(get_pyproject("tool.poetry.dependencies"))
        or get_project_dependencies(get_pyproject("project.dependencies"))
        or []
    )
    platform_requirements = get_project_dependencies(
        get_pyproject(f"tool.flet.{phone.name}.dependencies"))
    if platform_requirements:
        requirements.extend(platform_requirements)
    if requirements:
        return requirements
    if (project / "requirements.txt").exists():  # flet build passes it to pip as-is
        lines = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
        return [line.split(" #")[0].strip() for line in lines
                if line.strip() and not line.lstrip().startswith(("#", "-"))]
    import flet.version

    return [f"flet=={flet.version.flet_version}"]


def resolve_python_release(get_pyproject: Callable, cli_version: str | None):
    """flet-cli's own choice of the bundled Python. It reads python-build's manifest, which
    flet-cli fetches from GitHub; without a cached copy, the snapshot in scripts/ stands in."""
    from flet_cli.utils import python_versions
    from flet_cli.utils.template_cache import get_cache_root

    date = python_versions._resolve_release_date()
    cached = get_cache_root() / "python-build" / f"manifest-{date}.json"
    source = f"flet's cached python-build manifest {date}"
    if not os.environ.get(python_versions.MANIFEST_PATH_ENV) and not (
            cached.exists() and cached.stat().st_size > 0):
        os.environ[python_versions.MANIFEST_PATH_ENV] = str(PYTHON_BUILD_MANIFEST_SNAPSHOT)
        source = f"the python-build manifest snapshot in {PYTHON_BUILD_MANIFEST_SNAPSHOT.name}"
    elif os.environ.get(python_versions.MANIFEST_PATH_ENV):
        source = os.environ[python_versions.MANIFEST_PATH_ENV]
    python_versions._load_data.cache_clear()
    return python_versions.resolve_python_version(cli_version, get_pyproject), source


def android_permissions(get_pyproject: Callable) -> dict[str, Any]:
    """`setup_template_data`'s merge: INTERNET, the `[tool.flet].permissions` bundles, then
    `[tool.flet.android.permission]`. Keys are written verbatim into the manifest."""
    from flet_cli.commands.build_base import BaseBuildCommand
    from flet_cli.utils.merge import merge_dict

    bundles = BaseBuildCommand(argparse.ArgumentParser()).cross_platform_permissions
    permissions: dict[str, Any] = {"android.permission.INTERNET": True}
    for bundle in get_pyproject("tool.flet.permissions") or []:
        if bundle in bundles:
            permissions.update(bundles[bundle]["android_permissions"])
    return merge_dict(permissions, get_pyproject("tool.flet.android.permission") or {})


def ios_info_plist(get_pyproject: Callable) -> dict[str, Any]:
    from flet_cli.commands.build_base import BaseBuildCommand
    from flet_cli.utils.merge import merge_dict

    bundles = BaseBuildCommand(argparse.ArgumentParser()).cross_platform_permissions
    info: dict[str, Any] = {}
    for bundle in get_pyproject("tool.flet.permissions") or []:
        if bundle in bundles:
            info.update(bundles[bundle].get("ios_info_plist", {})
                        or bundles[bundle].get("info_plist", {}))
    return merge_dict(info, get_pyproject("tool.flet.ios.info") or {})


# -- markers as the phone build's pip sees them ---------------------------------------------

def phone_marker_environment(phone: Phone, python_short: str, python_full: str) -> dict:
    environment = dict(default_environment())
    environment.update(platform_system=phone.package_platform, python_version=python_short,
                       python_full_version=python_full)
    return environment  # sys_platform, platform_machine, os_name: the build machine's


def parse_requirement(line: str) -> Requirement | None:
    try:
        return Requirement(line)
    except InvalidRequirement:
        return None


def kept_on_phone(requirement: Requirement, environment: dict) -> bool:
    return requirement.marker is None or requirement.marker.evaluate(environment)


def static_phone_problems(get_pyproject: Callable, requirements: list[str], phone: Phone,
                          environment: dict) -> list[str]:
    problems = []
    kept: dict[str, Requirement] = {}
    for line in requirements:
        requirement = parse_requirement(line)
        if requirement is None or not kept_on_phone(requirement, environment):
            continue
        name = canonicalize_name(requirement.name)
        kept[name] = requirement
        reaching = (name in DESKTOP_ONLY
                    or (name == "flet" and requirement.extras & DESKTOP_EXTRAS))
        if reaching:
            hint = ("; sys_platform is the build machine's during flet build, use "
                    "platform_system != 'Android' and platform_system != 'iOS'"
                    if requirement.marker and "sys_platform" in str(requirement.marker)
                    else "; keep it off the phone with platform_system != 'Android' and "
                         "platform_system != 'iOS'")
            problems.append(
                f"{phone.name}: '{line}' reaches the phone build: flet-cli, flet-web and "
                f"flet-desktop (watchdog, uvicorn[standard]: uvloop, httptools, watchfiles) "
                f"have no phone wheels{hint}")
    optional = {canonicalize_name(Requirement(line).name): extra
                for extra, lines in (get_pyproject("project.optional-dependencies") or {}).items()
                for line in lines if parse_requirement(line)}
    for extension, purpose in REQUIRED_EXTENSIONS.items():
        if extension in kept:
            continue
        where = (f" (it is in [project.optional-dependencies].{optional[extension]}, which "
                 f"flet build never reads)" if extension in optional else "")
        problems.append(
            f"{phone.name}: {extension} ({purpose}) is not in the phone build's list{where}: "
            f"flet build installs [project].dependencies and "
            f"[tool.flet.{phone.name}].dependencies")
    return problems


def permission_problems(get_pyproject: Callable) -> list[str]:
    problems = []
    listed = get_pyproject("tool.flet.android.permissions")
    if listed is not None:
        problems.append(
            "android: [tool.flet.android].permissions is ignored by flet build 1.0.5; put "
            "each permission in [tool.flet.android.permission] as "
            "\"android.permission.NAME\" = true")
    permissions = android_permissions(get_pyproject)
    for key in permissions:
        if "." not in key:
            problems.append(
                f"android: [tool.flet.android.permission] {key} would be written verbatim as "
                f"<uses-permission android:name=\"{key}\">, a permission Android doesn't "
                f"know; write \"android.permission.{key}\" = true")
    for permission, purpose in REQUIRED_ANDROID_PERMISSIONS.items():
        if permissions.get(permission) is not True and not isinstance(
                permissions.get(permission), dict):
            problems.append(
                f"android: {permission} ({purpose}) is not granted where flet build reads "
                f"it: add \"{permission}\" = true under [tool.flet.android.permission]")
    application = get_pyproject("tool.flet.android.manifest_application") or {}
    for attribute, purpose in REQUIRED_MANIFEST_APPLICATION.items():
        value = application.get(attribute)
        if value != "false":
            shown = "missing" if value is None else f"{value!r}"
            problems.append(
                f"android: [tool.flet.android.manifest_application] {attribute} is {shown}; "
                f"it must be the string \"false\" ({purpose}; the template writes the value "
                f"as-is and Android rejects \"False\")")
    info = ios_info_plist(get_pyproject)
    for key, purpose in REQUIRED_IOS_INFO.items():
        if not (isinstance(info.get(key), str) and info[key].strip()):
            problems.append(
                f"ios: Info.plist {key} ({purpose}) is missing: add it under "
                f"[tool.flet.ios.info] (iOS ends an app that asks for Face ID without it)")
    return problems


def entry_point_problems(get_pyproject: Callable, project: Path) -> list[str]:
    app_path = project / (get_pyproject("tool.flet.app.path") or ".")
    module = get_pyproject("tool.flet.app.module") or "main"
    if (app_path / f"{module}.py").exists():
        return []
    return [f"the app's entry point {app_path / (module + '.py')} is missing "
            f"([tool.flet.app] path/module)"]


# -- the Flet phone index (as data) ---------------------------------------------------------

def load_flet_packages(path: Path = FLET_PACKAGES_FILE) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {canonicalize_name(name): spec for name, spec in data["packages"].items()}


def flet_index_version(packages: dict[str, Any], name: str, phone: Phone,
                       python_short: str) -> str | None:
    spec = packages.get(canonicalize_name(name))
    if isinstance(spec, dict) and phone.forge_sdk in spec:
        spec = spec[phone.forge_sdk]
    elif isinstance(spec, dict) and set(spec) & {"android", "iphoneos"}:
        return None  # built for the other phone only
    if isinstance(spec, dict):
        spec = spec.get(python_short)
    return spec if isinstance(spec, str) else None


# -- pip --------------------------------------------------------------------------------------

SITECUSTOMIZE = '''\
# Written by scripts/check_mobile_packaging.py: pip sees what serious_python's sitecustomize
# makes the phone build's pip see (platform.system(), and the android_ver / ios_ver it shims
# so that a newer pip can work out the phone's wheel tags on any host Python), and, because
# this pip runs in the build machine's Python rather than python-build-standalone {full},
# that Python's version.
import collections
import platform
platform.system = lambda: "{system}"
platform.python_version = lambda: "{full}"
platform.python_version_tuple = lambda: tuple("{full}".split("."))
if "{system}" == "Android":
    AndroidVer = collections.namedtuple(
        "AndroidVer", ["release", "api_level", "manufacturer", "model", "device", "is_emulator"])
    platform.android_ver = lambda *args, **kwargs: AndroidVer("", {api_level}, "", "", "", False)
if "{system}" == "iOS":
    IOSVersionInfo = collections.namedtuple(
        "IOSVersionInfo", ["system", "release", "model", "is_simulator"])
    platform.ios_ver = lambda *args, **kwargs: IOSVersionInfo(
        "iOS", "{ios_release}", "iPhone", {is_simulator})
'''


def sitecustomize(phone: Phone, pip_platform: str, python_full: str) -> str:
    """The sitecustomize.py this pip runs with, for one architecture's wheel tag
    (``android_24_arm64_v8a``, ``ios_13_0_arm64_iphonesimulator``)."""
    kind, major, rest = pip_platform.split("_", 2)
    minor, multiarch = rest.split("_", 1) if kind == "ios" else ("0", rest)
    return SITECUSTOMIZE.format(
        system=phone.package_platform, full=python_full,
        api_level=int(major) if kind == "android" else 24,
        ios_release=f"{major}.{minor}", is_simulator="simulator" in multiarch)


NETWORK_ERRORS = ("Could not fetch URL", "Failed to establish a new connection",
                  "Max retries exceeded", "Temporary failure in name resolution",
                  "Name or service not known", "Network is unreachable",
                  "Connection refused", "SSLError", "ReadTimeoutError")


def pip_environment(extra_pythonpath: Path | None = None) -> dict[str, str]:
    """This machine's pip settings minus extra indexes, find-links and constraints: the
    phone build resolves against PyPI and pypi.flet.dev only."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("PIP_")
                   or key in ("PIP_CERT", "PIP_DEFAULT_TIMEOUT", "PIP_INDEX_URL")}
    environment.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1",
                       PYTHONNOUSERSITE="1", PIP_NO_INPUT="1")
    if extra_pythonpath is not None:
        environment["PYTHONPATH"] = str(extra_pythonpath)
    return environment


def index_url() -> str:
    return os.environ.get("PIP_INDEX_URL") or PYPI_SIMPLE


def reachability_problem() -> str | None:
    url = index_url().rstrip("/") + "/pip/"
    context = ssl.create_default_context(cafile=os.environ.get("PIP_CERT") or None)
    try:
        with urllib.request.urlopen(url, timeout=30, context=context) as response:
            response.read(1)
    except Exception as error:  # any failure to reach the index means: can't resolve here
        return f"{url}: {error.__class__.__name__}: {error}"
    return None


def run_pip(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *arguments], capture_output=True,
                          text=True, env=environment, timeout=600)


def network_failure(output: str) -> str | None:
    for line in output.splitlines():
        if any(marker in line for marker in NETWORK_ERRORS):
            return line.strip()
    return None


def wheel_metadata_requirements(name: str, version: str,
                                work: Path) -> tuple[list[str], str] | None:
    """Requires-Dist and Requires-Python PyPI records for name==version (from its wheel
    metadata for this machine, which pip fetches without installing)."""
    report = work / f"meta-{canonicalize_name(name)}.json"
    result = run_pip(["install", "--dry-run", "--ignore-installed", "--no-deps", "-q",
                      "--only-binary", ":all:", "--index-url", index_url(),
                      "--report", str(report), f"{name}=={version}"], pip_environment())
    if result.returncode != 0 or not report.exists():
        return None
    metadata = json.loads(report.read_text(encoding="utf-8"))["install"][0]["metadata"]
    return list(metadata.get("requires_dist") or []), metadata.get("requires_python") or ""


def write_placeholder_wheel(folder: Path, name: str, version: str, requires: Iterable[str],
                            requires_python: str) -> Path:
    """A metadata-only wheel standing in for pypi.flet.dev's: tagged for both phones, with
    the dependencies PyPI records for that version, so pip resolves on through them."""
    dist = canonicalize_name(name).replace("-", "_")
    tags = ".".join(ALL_PHONE_PLATFORMS)
    path = folder / f"{dist}-{version}-py3-none-{tags}.whl"
    info = f"{dist}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                "Summary: stand-in for the pypi.flet.dev wheel (check_mobile_packaging)"]
    if requires_python:
        metadata.append(f"Requires-Python: {requires_python}")
    metadata += [f"Requires-Dist: {line}" for line in requires]
    partial = path.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w") as wheel:
        wheel.writestr(f"{info}/METADATA", "\n".join(metadata) + "\n")
        wheel.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: check_mobile_packaging\n"
                       "Root-Is-Purelib: false\n" + "".join(
                           f"Tag: py3-none-{tag}\n" for tag in ALL_PHONE_PLATFORMS))
        wheel.writestr(f"{info}/RECORD", "")
    partial.replace(path)
    return path


def missing_distribution(output: str) -> str | None:
    text = missing_requirement_text(output)
    if text is None:
        return None
    requirement = parse_requirement(text)
    return requirement.name if requirement else text.split(";")[0].strip()


def available_versions(output: str, name: str) -> str:
    match = re.search(rf"satisfies the requirement {re.escape(name)}\S* \(from versions: "
                      rf"([^)]*)\)", output, re.IGNORECASE)
    return match.group(1) if match else "none"


def resolve_with_pip(result: PhoneResult, architecture: str, pip_platform: str,
                     python_short: str, python_full: str, flet_packages: dict[str, Any],
                     work: Path) -> dict[str, Any] | None:
    """pip's --report for one architecture, or None (a problem or unreachable recorded)."""
    phone = result.phone
    where = f"{phone.name} {architecture}"
    placeholders = work / "pypi.flet.dev"
    placeholders.mkdir(exist_ok=True)
    site = work / f"sitecustomize-{pip_platform}"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(sitecustomize(phone, pip_platform, python_full),
                                           encoding="utf-8")
    report = work / f"report-{pip_platform}.json"
    tried_placeholders: set[str] = set()
    for _ in range(25):
        report.unlink(missing_ok=True)
        outcome = run_pip([
            "install", "--dry-run", "--ignore-installed", "--target", str(work / pip_platform),
            "--only-binary", ":all:",
            *(option for tag in compatible_platforms(pip_platform)
              for option in ("--platform", tag)),
            "--python-version", python_short, "--implementation", "cp",
            "--index-url", index_url(), "--find-links", str(placeholders),
            "--timeout", "60", "--retries", "2", "--report", str(report),
            *result.requirements], pip_environment(site))
        output = outcome.stdout + outcome.stderr
        if outcome.returncode == 0:
            break
        offline = network_failure(output)
        missing = missing_distribution(output)
        if offline and not missing:
            result.unreachable = offline
            return None
        if missing is None:
            tail = " | ".join(line.strip() for line in output.strip().splitlines()[-4:])
            result.problems.append(f"{where}: pip could not resolve the list: {tail}")
            return None
        name = canonicalize_name(missing)
        forge_version = flet_index_version(flet_packages, name, phone, python_short)
        if forge_version and name not in tried_placeholders:
            tried_placeholders.add(name)
            recorded = wheel_metadata_requirements(name, forge_version, work)
            if recorded is None:
                print(f"{phone.name}: note: PyPI has no wheel metadata for {name} "
                      f"{forge_version}; its dependencies go unchecked")
            requires, requires_python = recorded or ([], "")
            write_placeholder_wheel(placeholders, name, forge_version, requires,
                                    requires_python)
            continue
        if forge_version:
            why = (f"pypi.flet.dev has {name} {forge_version} for Python {python_short}, "
                   f"which the requirement '{missing_requirement_text(output)}' excludes")
        else:
            why = (f"no {pip_platform} / cp{python_short.replace('.', '')} wheel on "
                   f"PyPI (versions there: {available_versions(output, missing)}) and not "
                   f"on pypi.flet.dev's list")
        result.problems.append(f"{where}: {name} can't be installed on the phone: {why}")
        return None
    else:
        result.problems.append(f"{where}: pip kept failing; giving up")
        return None
    return json.loads(report.read_text(encoding="utf-8"))


def record_main_architecture(result: PhoneResult, report: dict[str, Any], work: Path) -> None:
    """What the phone in your hand gets, and whether the extensions' Dart halves come too."""
    phone = result.phone
    installs = report["install"]
    result.resolved = True
    for item in installs:
        name = canonicalize_name(item["metadata"]["name"])
        version = item["metadata"]["version"]
        result.installed[name] = version
        if item.get("download_info", {}).get("url", "").startswith("file:"):
            result.from_flet_index[name] = version
    for name in sorted(DESKTOP_ONLY & set(result.installed)):
        result.problems.append(f"{phone.name}: {name} would be installed on the phone "
                               f"(pulled in by a dependency); it has no phone wheels")
    for extension, purpose in REQUIRED_EXTENSIONS.items():
        if extension not in result.installed:
            result.problems.append(f"{phone.name}: {extension} ({purpose}) is not installed")
            continue
        url = next(item["download_info"]["url"] for item in installs
                   if canonicalize_name(item["metadata"]["name"]) == extension)
        try:
            dart_side = ships_dart_side(url, work)
        except OSError as error:  # the wheel couldn't be downloaded: nothing is claimed
            result.unreachable = f"{url}: {error}"
            return
        if not dart_side:
            result.problems.append(
                f"{phone.name}: {extension} {result.installed[extension]}'s wheel has no "
                f"flutter/<package>/pubspec.yaml, so flet build would register no Dart side")


def missing_requirement_text(output: str) -> str | None:
    """The requirement pip found nothing for (newer pips add " (from <parent>)")."""
    match = re.search(r"No matching distribution found for (.+?)(?: \(from [^)]*\))?$",
                      output, re.MULTILINE)
    return match.group(1).strip() if match else None


def ships_dart_side(url: str, work: Path) -> bool:
    """serious_python copies site-packages/flutter/* out of the install and flet build
    registers every folder there with a pubspec.yaml as a Flutter package."""
    target = work / "wheels" / url.rsplit("/", 1)[-1].split("#")[0]
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        context = ssl.create_default_context(cafile=os.environ.get("PIP_CERT") or None)
        with urllib.request.urlopen(url, timeout=60, context=context) as response, \
                target.open("wb") as out:
            shutil.copyfileobj(response, out)
    with zipfile.ZipFile(target) as wheel:
        return any(re.fullmatch(r"flutter/[^/]+/pubspec\.yaml", name)
                   for name in wheel.namelist())


def resolve_architectures(results: list[PhoneResult], release: Any,
                          flet_packages: dict[str, Any], work: Path, main_only: bool) -> None:
    """Each phone's main architecture first (it also writes the pypi.flet.dev stand-ins the
    others reuse), then the other architectures side by side."""
    others = []
    for result in results:
        architectures = list(architectures_built(result.phone, release, main_only).items())
        architecture, pip_platform = architectures[0]
        report = resolve_with_pip(result, architecture, pip_platform, release.short,
                                  release.standalone, flet_packages, work)
        if report is None:
            continue
        record_main_architecture(result, report, work)
        result.per_architecture[architecture] = len(result.installed)
        listed = ", ".join(f"{name} {version}" for name, version
                           in sorted(result.installed.items()))
        print(f"{result.phone.name} {architecture}: pip (--only-binary :all: --platform "
              f"{pip_platform} and older --python-version {release.short}) would install "
              f"{len(result.installed)}: {listed}")
        if result.from_flet_index:
            print(f"{result.phone.name} {architecture}:   from pypi.flet.dev's list: "
                  + ", ".join(f"{name} {version}" for name, version
                              in sorted(result.from_flet_index.items())))
        others += [(result, arch, tag) for arch, tag in architectures[1:]]

    def resolve(job):
        result, architecture, pip_platform = job
        return job, resolve_with_pip(result, architecture, pip_platform, release.short,
                                     release.standalone, flet_packages, work)

    with ThreadPoolExecutor(max_workers=3) as pool:
        for (result, architecture, pip_platform), report in pool.map(resolve, others):
            if report is None:
                continue
            versions = {canonicalize_name(item["metadata"]["name"]):
                        item["metadata"]["version"] for item in report["install"]}
            result.per_architecture[architecture] = len(versions)
            differences = sorted(f"{name} {version}" for name, version in versions.items()
                                 if result.installed.get(name) != version)
            print(f"{result.phone.name} {architecture}: pip (--platform {pip_platform} and "
                  f"older) would "
                  f"install {len(versions)}" + (f"; differs: {', '.join(differences)}"
                                                if differences else ", the same"))


# -- main -------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=HERE.parent,
                        help="folder with pyproject.toml (default: this repository)")
    parser.add_argument("--platform", choices=sorted(PHONES), action="append",
                        help="phone to check (default: both)")
    parser.add_argument("--python-version", help="as flet build's --python-version")
    parser.add_argument("--no-resolve", action="store_true",
                        help="skip pip: only the list, markers, permissions and keys")
    parser.add_argument("--main-architecture-only", action="store_true",
                        help="resolve for arm64 phones only, not every architecture "
                             "flet build installs for")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    phones = [PHONES[name] for name in (args.platform or ["android", "ios"])]

    get_pyproject = load_pyproject(project)
    release, release_source = resolve_python_release(get_pyproject, args.python_version)
    print(f"Python {release.short} ({release.standalone}): what flet build picks for "
          f"requires-python {get_pyproject('project.requires-python')!r}, per {release_source}")
    flet_packages = load_flet_packages()

    problems = entry_point_problems(get_pyproject, project)
    problems += [problem for problem in permission_problems(get_pyproject)
                 if problem.split(":", 1)[0] in {phone.name for phone in phones}]
    results = []
    for phone in phones:
        result = PhoneResult(phone, flet_build_requirements(get_pyproject, project, phone))
        environment = phone_marker_environment(phone, release.short, release.standalone)
        kept = [line for line in result.requirements
                if (requirement := parse_requirement(line)) is None
                or kept_on_phone(requirement, environment)]
        print(f"{phone.name}: flet build's list: {len(result.requirements)} requirements, "
              f"{len(kept)} kept by markers on the phone: "
              + ", ".join(sorted(parse_requirement(line).name if parse_requirement(line)
                                 else line for line in kept)))
        result.problems += static_phone_problems(get_pyproject, result.requirements, phone,
                                                 environment)
        results.append(result)

    unreachable = None
    if not args.no_resolve:
        unreachable = reachability_problem()
        if unreachable is None:
            with tempfile.TemporaryDirectory(prefix="repair-mobile-check-") as folder:
                resolve_architectures(results, release, flet_packages, Path(folder),
                                      args.main_architecture_only)
                unreachable = next((result.unreachable for result in results
                                    if result.unreachable), None)

    for result in results:
        problems += result.problems
    for problem in problems:
        print(f"PROBLEM {problem}")
    if problems:
        print(f"mobile packaging FAILED: {len(problems)} problem(s); first: {problems[0]}")
        return EXIT_PROBLEMS
    if unreachable:
        print(f"mobile packaging NOT CHECKED: PyPI unreachable ({unreachable}); the list, "
              f"markers and permissions are fine, nothing was resolved")
        return EXIT_UNREACHABLE
    if args.no_resolve:
        print("mobile packaging static checks OK (list, markers, permissions, Info.plist); "
              "not resolved (--no-resolve)")
        return EXIT_OK
    summary = "; ".join(
        f"{result.phone.name} ({'/'.join(result.per_architecture)}): "
        f"{len(result.installed)} packages"
        + (f" ({len(result.from_flet_index)} from pypi.flet.dev: "
           + ", ".join(sorted(result.from_flet_index)) + ")" if result.from_flet_index else "")
        for result in results)
    print(f"mobile packaging OK: Python {release.short}, binary-only, {summary}; notifier, "
          f"biometric and keystore extensions in; permissions and Info.plist keys where "
          f"flet build reads them")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
