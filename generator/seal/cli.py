"""`portal seal` and `portal qr` sub-commands (certificate and result lookup)."""


def add_seal_commands(commands) -> None:
    return None
