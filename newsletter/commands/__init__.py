"""The CLI's commands, one module each (`add_parser`, `run`).

To add a command, write a module here and list it below.
"""

from __future__ import annotations

from newsletter.commands import build, check, extract, preview, send, suppress, translate, unsubscribe_server

COMMANDS = [extract, build, check, preview, translate, send, suppress, unsubscribe_server]
