"""The pure core: every rule of the app, with no UI, storage or notifier import.

Time always comes in through a :class:`repair_app.core.clock.Clock`.
"""
