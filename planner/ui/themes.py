"""The two looks: a calm default, and high contrast (better than 7:1 for all text)."""

from __future__ import annotations

from textual.theme import Theme

DEFAULT = Theme(
    name="planner",
    primary="#1F4E79",
    secondary="#3B6E3B",
    accent="#7A3E00",
    warning="#7A5C00",
    error="#9B1C1C",
    success="#1E5E1E",
    foreground="#1A1A1A",
    background="#F7F5F0",
    surface="#FFFFFF",
    panel="#E8E4DA",
    dark=False,
)

HIGH_CONTRAST = Theme(
    name="planner-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    warning="#FFFF00",
    error="#FF9999",
    success="#99FF99",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={"button-color-foreground": "#000000", "footer-key-foreground": "#FFFF00",
               "input-selection-background": "#FFFF00 100%", "block-cursor-background": "#FFFF00",
               "block-cursor-foreground": "#000000", "block-cursor-text-style": "bold"},
)

THEMES = (DEFAULT, HIGH_CONTRAST)
