"""The safety notice: what ergo is not, when to stop, and when to get medical help.

Shown before the first routine and under the tray's "About and safety". The
points follow NICE NG59, the NHG-Standaard Lage rugpijn, KNGF 2021 (red flags)
and NHS red-flag pages for spinal conditions; the wording is ergo's own. Texts
are marked with ``N_`` here and translated by :func:`safety_notice`. The medical
facts are the same everywhere; where to get help (GP, out-of-hours service,
emergency number) follows the region (:mod:`ergo.region`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ergo.i18n import N_, _
from ergo.region import current_region

BlockKind = Literal["title", "paragraph", "heading", "item"]

_TITLE = N_("Safety")
_INTRO = (
    N_("ergo gives general suggestions for moving during office work. It is not medical advice: "
       "it does not diagnose or treat anything."),
    N_("Most low back pain is not serious, and staying active helps. Move slowly, only as far as "
       "is comfortable, and keep breathing. A mild stretch is fine."),
)
_STOP = N_("Stop if pain gets sharp or worse, spreads into a leg, or comes with tingling, "
           "numbness or dizziness.")
_ASK_FIRST = N_("Ask your doctor or physiotherapist before you start if you are pregnant, had "
                "surgery recently, or have osteoporosis, a spinal fracture, spinal stenosis or "
                "a slipped vertebra.")
# Where to get help, by region; "" is the neutral text for every other region.
_URGENT_HEADING = {
    "NL": N_("Get help straight away (your GP, out of hours the GP emergency service, "
             "112 if life is in danger) if you have:"),
    "GB": N_("Get help straight away (your GP, or NHS 111 out of hours; 999 if life is in "
             "danger) if you have:"),
    "": N_("Get help straight away (your doctor; your local emergency number if life is in "
           "danger) if you have:"),
}
_URGENT = (
    N_("numbness or tingling around the genitals, anus, buttocks or inner thighs"),
    N_("new trouble peeing, or losing control of your bladder or bowels"),
    N_("weakness or numbness in both legs, a leg getting weaker, or new trouble walking"),
    N_("back pain after a bad fall or accident, or after a small fall if you have osteoporosis "
       "or take steroids for a long time"),
)
_SOON_HEADING = {
    "NL": N_("See your GP soon if you have:"),
    "GB": N_("See your GP soon if you have:"),
    "": N_("See your doctor soon if you have:"),
}
_SOON = (
    N_("fever, feel ill, or lose weight without trying"),
    N_("new back pain and have had cancer"),
    N_("pain that never lets up, or pain at night that rest or moving does not ease"),
    N_("back pain for the first time before age 20 or after age 55"),
    N_("pain below the knee with numbness, tingling or weakness (sciatica)"),
    N_("no improvement after about six weeks"),
    N_("severe pain while doing the exercises"),
)

#: What the notice and the built-in exercises rest on, as the About window lists them.
#: Titles of publications, so they stay in their own language.
SOURCES = (
    "NICE guideline NG59, Low back pain and sciatica in over 16s (2016, updated 2020)",
    "NHG-Standaard Aspecifieke lagerugpijn (M54, 2017)",
    "KNGF-richtlijn Lage rugpijn en lumbosacraal radiculair syndroom (2021)",
    "NHS: Red flags for spinal conditions (G-care, after NICE CKS); "
    "Sitting exercises; Lower back pain exercises",
    "WHO guidelines on physical activity and sedentary behaviour (2020)",
    "Gezondheidsraad, Beweegrichtlijnen 2017",
)


@dataclass(frozen=True)
class SafetyNotice:
    """The safety notice in one language, as paragraphs and two bullet lists."""

    title: str
    intro: tuple[str, ...]
    stop: str
    ask_first: str
    urgent_heading: str
    urgent: tuple[str, ...]
    soon_heading: str
    soon: tuple[str, ...]

    def blocks(self) -> tuple[tuple[BlockKind, str], ...]:
        """Return the notice in reading order as (kind, text) pairs, for every view of it:
        the title, paragraphs, the two headings (shown as cautions) and their list items."""
        return (
            ("title", self.title),
            *(("paragraph", text) for text in (*self.intro, self.stop, self.ask_first)),
            ("heading", self.urgent_heading),
            *(("item", item) for item in self.urgent),
            ("heading", self.soon_heading),
            *(("item", item) for item in self.soon),
        )

    def as_text(self) -> str:
        """Return the notice as plain text, for the terminal and the log."""
        parts: list[str] = []
        for kind, text in self.blocks():
            if kind == "item":
                parts[-1] += f"\n  - {text}"
            else:
                parts.append(text)
        return "\n\n".join(parts)


def safety_notice() -> SafetyNotice:
    """Return the notice in the installed language and for the installed region (see
    :func:`ergo.i18n.install` and :func:`ergo.region.install_region`)."""
    region = current_region() if current_region() in _URGENT_HEADING else ""
    return SafetyNotice(
        title=_(_TITLE),
        intro=tuple(_(text) for text in _INTRO),
        stop=_(_STOP),
        ask_first=_(_ASK_FIRST),
        urgent_heading=_(_URGENT_HEADING[region]),
        urgent=tuple(_(text) for text in _URGENT),
        soon_heading=_(_SOON_HEADING[region]),
        soon=tuple(_(text) for text in _SOON),
    )
