"""Unguessable tokens for secret links (questionnaires, personal pages)."""

import secrets


def new_token() -> str:
    """An unguessable URL token (192 bits)."""
    return secrets.token_urlsafe(24)
