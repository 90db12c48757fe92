"""Swedish words for the status method: number format and the one-sentence explanations.

Pure functions, no I/O. Numbers use a decimal comma and a space as thousands separator ("1 234,5").
"""

from __future__ import annotations

from collections.abc import Sequence

from indicators.method import Method

UNIT_SUFFIX = {"percent": " %", "per_100k": " per 100 000 inv.", "days": " dagar", "count": ""}


def format_number(x: float, decimals: int = 1) -> str:
    """1234.56 -> '1 234,6'; -0.04 -> '0,0'; decimals=0 -> '1 235'."""
    text = f"{abs(x):,.{decimals}f}".replace(",", " ").replace(".", ",")
    negative = x < 0 and any(c not in "0, " for c in text)
    return ("-" if negative else "") + text


def format_value(x: float, unit: str) -> str:
    """A value with its unit: '82,4 %', '523,1 per 100 000 inv.', '12,3 dagar', '1 234'."""
    decimals = 0 if unit == "count" else 1
    return format_number(x, decimals) + UNIT_SUFFIX.get(unit, "")


def area_label(name: str, gender: str, method: Method) -> str:
    """'Karlstad' or 'Karlstad, kvinnor'."""
    word = getattr(method.labels.gender, gender, "")
    return f"{name}, {word}" if word else name


def status_sentence(
    *,
    method: Method,
    area_name: str,
    gender: str,
    unit: str,
    latest_year: int | None,
    latest_value: float | None,
    missing_later_year: int | None,
    weighted_county: bool,
    target_value: float | None,
    target_year: int | None,
    pace_ratio: float | None,
    compared_with: str | None,
    reference_value: float | None,
    trend: str,
    rank: int | None,
    rank_of: int | None,
    rank_year: int | None,
    is_county: bool,
) -> str:
    """One Swedish sentence, e.g. 'Karlstad: 82,4 % år 2024, riket 85,1 %; försämras; rank 9 av 16.'"""
    who = area_label(area_name, gender, method)
    if weighted_county:
        who += " (egen bearbetning: befolkningsviktat medel av kommunerna)"
    if latest_year is None or latest_value is None:
        return f"{who}: inga värden finns för måttet."
    parts = [f"{format_value(latest_value, unit)} år {latest_year}"]
    if missing_later_year is not None:
        parts.append(f"värdet för {missing_later_year} saknas eller är skyddat")
    if target_value is not None and target_year is not None:
        goal = f"målet {format_value(target_value, unit)} till {target_year}"
        if pace_ratio is not None:
            goal += f", takten är {format_number(pace_ratio, 2)} av den som krävs"
        parts.append(goal)
    if compared_with is not None and reference_value is not None:
        ref_name = method.labels.riket_name if compared_with == "riket" else method.labels.county_name
        parts.append(f"{ref_name} {format_value(reference_value, unit)}")
    sentence = f"{who}: " + ", ".join(parts) + f"; {getattr(method.labels.trend, trend)}"
    if not is_county:
        if rank is not None and rank_of is not None:
            sentence += f"; rank {rank} av {rank_of}"
            if rank_year is not None and rank_year != latest_year:
                sentence += f" år {rank_year}"
        elif rank_year is not None:
            sentence += f"; ingen rank år {rank_year} (värde saknas)"
    return sentence + "."


def count_phrase(n: int, colour: str, method: Method) -> str:
    singular, plural = getattr(method.labels.colour_words, colour)
    return f"{n} {singular if n == 1 else plural}"


def rollup_sentence(
    *,
    method: Method,
    area_name: str,
    gender: str,
    counts: dict[str, int],
    n_total: int,
    decided_by: Sequence[tuple[str, str]],
) -> str:
    """'Hela Värmland: 3 gröna, 1 gul, 1 röd och 0 utan underlag av 5 indikatorer; avgörs av …'."""
    who = area_label(area_name, gender, method)
    colours = ["green", "yellow", "red", "grey"]
    tally = ", ".join(count_phrase(counts[c], c, method) for c in colours[:3])
    grey = count_phrase(counts["grey"], "grey", method)
    text = f"{who}: {tally} och {grey} av {n_total} indikator{'' if n_total == 1 else 'er'}"
    if not decided_by:
        return text + "; inget värde att bedöma."
    named = [f"{name} ({getattr(method.labels.colour_words, colour)[0]})" for name, colour in decided_by]
    joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " och " + named[-1]
    number = {2: "två", 3: "tre", 4: "fyra", 5: "fem"}.get(len(named), str(len(named)))
    word = "den svagaste" if len(named) == 1 else f"de {number} svagaste"
    return f"{text}; avgörs av {word}: {joined}."
