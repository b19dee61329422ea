"""Keys typed or pasted in one burst, handed out one at a time to whatever has the focus then.

Textual forwards each key to the widget focused when the key arrives; keys typed or
pasted in one burst all arrive before the first is handled, so "/afgh" sent "afgh" to
the timeline (a: add) and "Kazan<tab>Russia" typed "Russia" into City before tab moved
on. Here a key goes out only once the one before it is handled, to whatever has the
focus then; a key that reaches the App after the focus moved (a screen that focused its
field on mount) goes on to the new focus instead of running a binding.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque

from textual import events
from textual.app import App


class KeyBurstApp(App[None]):
    """An App that delivers each key only once the key before it is handled."""

    def __init__(self) -> None:
        super().__init__()
        self._keys: deque[events.Key] = deque()
        self._key_sent: tuple[events.Key, object, asyncio.Event] | None = None
        self._key_task: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._keys.append(event)
            if self._key_task is None or self._key_task.done():
                self._key_task = asyncio.create_task(self._send_keys())
            return
        await super().on_event(event)

    async def _send_keys(self) -> None:
        while self._keys:
            event = self._keys.popleft()
            if not self.app_focus:
                self.app_focus = True
            if await self._check_bindings(event.key, priority=True):
                continue
            screen = self.screen
            if not screen.is_mounted:
                # a screen just pushed: its on_mount gives its first field the focus
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(screen._mounted_event.wait(), 0.5)
            done = asyncio.Event()
            self._forward_key(event, done)
            # a key a widget handles (a letter in a field) stops there: look after it is done
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), 0.5)
            self._key_sent = None

    def _forward_key(self, event: events.Key, done: asyncio.Event) -> None:
        target = self.focused or self.screen
        self._key_sent = (event, target, done)
        target._forward_event(event)

        def handled() -> None:
            if event._stop_propagation or not event.bubble:
                done.set()

        target.call_later(handled)

    def on_key(self, event: events.Key) -> None:
        # runs before App._on_key (the bindings), which Textual calls after it
        sent = self._key_sent
        if sent is None or sent[0] is not event:
            return
        _, target, done = sent
        if (self.focused or self.screen) is not target:
            event.prevent_default()
            again = events.Key(event.key, event.character)
            again.set_sender(self)
            self._forward_key(again, done)
        else:
            self.call_later(done.set)  # after App._on_key has run the binding
