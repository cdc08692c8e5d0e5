"""newsletter: bilingual weekly briefings from Chinese brokerage research reports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsletter")  # the one place it is written is pyproject.toml
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
