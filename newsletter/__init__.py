"""newsletter: bilingual weekly briefings from Chinese brokerage research reports."""

__version__ = "0.1.0"
