#!/usr/bin/env bash
# Build Repair for a phone:  scripts/build_mobile.sh apk|ipa [--install-sdk] [flet build options]
#
#   apk  flet build apk, then flet-notifications' patch (the scheduled-notification
#        <receiver>s and core-library desugaring that [tool.flet.android.*] can't declare)
#        and local_auth's FlutterFragmentActivity on the generated Flutter project, then
#        flet build apk again: the generated project is kept (its template inputs are
#        unchanged), so only Gradle runs again, with flet's serious_python environment.
#        The APK(s) land in build/apk/.
#   ipa  flet build ipa (flet runs Xcode; needs macOS, Xcode and your signing set up, see
#        https://flet.dev/docs/publish/ios). The .ipa / .xcarchive land in build/ipa/.
#
# Needs the Python set-up from README (`python -m pip install -e .`) and a Flutter SDK on
# PATH (flet build wants the version flet pins; --install-sdk lets flet build download it,
# and the JDK and Android SDK, itself). Extra options go to both flet build runs.
# The phone gets Python $REPAIR_PHONE_PYTHON (default 3.14, what flet-cli 1.0.5 picks for
# requires-python >=3.11 today), pinned so the build bundles what the check resolved.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/build_mobile.sh apk|ipa [--install-sdk] [flet build options]" >&2; exit 2; }
[ $# -ge 1 ] || usage
target=$1; shift
case "$target" in apk|ipa) ;; *) usage ;; esac
install_sdk=0
if [ "${1:-}" = "--install-sdk" ]; then install_sdk=1; shift; fi

PYTHON=${PYTHON:-python}
phone_python=${REPAIR_PHONE_PYTHON:-3.14}
flutter_version=$("$PYTHON" -c "import flet.version; print(flet.version.flutter_version)")
managed_sdk=$("$PYTHON" -c "from flet_cli.utils.flutter import get_flutter_dir; print(get_flutter_dir('$flutter_version'))")
if ! command -v flutter >/dev/null 2>&1 && [ ! -x "$managed_sdk/bin/flutter" ] && [ "$install_sdk" = 0 ]; then
  cat >&2 <<EOF
No Flutter SDK: 'flutter' is not on PATH (and flet has none in $managed_sdk).
flet build needs Flutter $flutter_version to build the phone app. Either install it
(https://docs.flutter.dev/get-started/install) and put its bin/ folder on PATH, or run
  scripts/build_mobile.sh $target --install-sdk
to let flet build download Flutter (and for apk the JDK and Android SDK; several GB).
EOF
  exit 2
fi
if [ "$target" = ipa ] && [ "$(uname -s)" != Darwin ]; then
  echo "flet build ipa needs macOS with Xcode; this is $(uname -s)." >&2
  exit 2
fi

# The Python side first: a package without phone wheels fails here in seconds, not after
# Flutter has started (exit 3, PyPI unreachable, is left to flet build to report).
platform=android; [ "$target" = ipa ] && platform=ios
set +e
"$PYTHON" scripts/check_mobile_packaging.py --platform "$platform" --python-version "$phone_python"
check=$?
set -e
[ "$check" = 1 ] && { echo "Fix the problems above first." >&2; exit 1; }

flet_build() { "$PYTHON" -m flet_cli.cli build "$target" --yes --python-version "$phone_python" "$@"; }

if [ "$target" = ipa ]; then
  flet_build "$@"
  exit 0
fi

flet_build "$@"
# That APK lacks the patches below: never leave it where the finished one goes.
rm -rf build/apk
project=build/flutter
manifest=$project/android/app/src/main/AndroidManifest.xml
"$PYTHON" -m flet_notifications.patcher --project-root "$project"
# local_auth shows the biometric prompt only from a FragmentActivity.
activity=$(grep -rl --include=MainActivity.kt "class MainActivity" "$project/android/app/src/main/kotlin" | head -n 1)
sed -i.orig -e 's/import io\.flutter\.embedding\.android\.FlutterActivity$/import io.flutter.embedding.android.FlutterFragmentActivity/' \
            -e 's/: FlutterActivity()/: FlutterFragmentActivity()/' "$activity"
rm -f "$activity.orig"

flet_build "$@"
# An APK built from a project that lost the patches would drop scheduled reminders: refuse it.
for needed in ScheduledNotificationReceiver ScheduledNotificationBootReceiver ActionBroadcastReceiver; do
  grep -q "$needed" "$manifest" || {
    rm -rf build/apk
    echo "flet build regenerated $project and dropped the $needed patch; rebuild after" \
         "'rm -rf build' or report it." >&2; exit 1; }
done
grep -q "FlutterFragmentActivity()" "$activity" || {
  rm -rf build/apk
  echo "flet build regenerated MainActivity.kt; biometric unlock would not show." >&2; exit 1; }
echo "Built with flet-notifications' receivers and FlutterFragmentActivity: build/apk/"
ls -l build/apk/
