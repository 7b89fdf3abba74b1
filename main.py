"""Entry point for `flet build apk/ipa/macos/windows/linux`: the packaged app has its own
client, so it runs the Flet app directly with the data folder Flet provides."""

import flet as ft

from repair_app.app import default_data_dir, make_main

if __name__ == "__main__":
    ft.run(make_main(default_data_dir()))
