"""hankelaskuri: budget and funding calculator for Finnish publicly funded development
projects (hankkeet)."""

__version__ = "0.1.0"
