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


def period_text(year: int | None, period: str | None = None) -> str:
    """The one way a period is shown: a pooled window as the window ("2021-2024" -> "2021–2024", en dash), a single
    year as the year ("2024"); "" when there is no year. `period` is observation.period (the source's label)."""
    if period and "-" in period:
        first, _, last = period.partition("-")
        return f"{first.strip()}–{last.strip()}"
    return "" if year is None else str(year)


def period_phrase(year: int | None, period: str | None = None) -> str:
    """period_text inside a sentence: "år 2024", or "åren 2021–2024" for a pooled window."""
    text = period_text(year, period)
    return f"åren {text}" if "–" in text else f"år {text}"


def change_words(change: float, unit: str, level: float) -> str:
    """A change per year in words: '1,4 procentenheter per år', '84 per 100 000 inv. per år (14 % av nivån)'."""
    if unit == "percent":
        return f"{format_number(change)} procentenheter per år"
    text = format_value(change, unit) if unit != "per_100k" else format_number(change, 0) + UNIT_SUFFIX[unit]
    if level:
        text += f" per år ({format_number(change / abs(level) * 100, 0)} % av nivån)"
        return text
    return text + " per år"


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
    pace_base_year: int | None,
    comparisons: Sequence[tuple[str, float | None, str | None]],
    interval: tuple[float, float] | None,
    uncertainty_source: str,
    trend: str,
    rank: int | None,
    rank_of: int | None,
    is_county: bool,
    stale: bool = False,
    watch: bool = False,
    rankable: bool = True,
    detectable: float | None = None,
    meaningful: float | None = None,
    undecided: bool = False,
    latest_period: str | None = None,
) -> str:
    """One Swedish sentence, e.g. 'Karlstad: 82,4 % år 2024 (95 % intervall 80,1–84,6 %), sämre än riket
    85,1 %, ingen säkerställd skillnad mot Hela Värmland 83,0 %; försämras; rank 9 av 16.'"""
    who = area_label(area_name, gender, method)
    if weighted_county:
        who += " (egen bearbetning: medel av kommunerna viktat med målgruppens befolkning)"
    if latest_year is None or latest_value is None:
        return f"{who}: inga värden finns för måttet."
    first = f"{format_value(latest_value, unit)} {period_phrase(latest_year, latest_period)}"  # 'åren 2021–2024'
    if interval is not None:
        first += (f" (95 % intervall {format_number(interval[0])}–{format_value(interval[1], unit)}, "
                  f"{getattr(method.labels.uncertainty_source, uncertainty_source)})")
    parts = [first]
    if stale:
        parts.append("värdet är för gammalt för att bedömas (inaktuellt)")
    if missing_later_year is not None:
        parts.append(f"värdet för {missing_later_year} saknas eller är skyddat")
    if target_value is not None and target_year is not None:
        goal = f"målet {format_value(target_value, unit)} till {target_year}"
        if pace_ratio is not None:
            goal += f", takten sedan {pace_base_year} är {format_number(pace_ratio, 2)} av den som krävs"
        parts.append(goal)
    not_comparable = [name for name, ref, result in comparisons if ref is not None and result == "not_comparable"]
    for name, ref, result in comparisons:
        if ref is None or result is None or result == "not_comparable":
            continue
        word = getattr(method.labels.comparison, result).lower()
        parts.append(f"{word} {name} {format_value(ref, unit)}")
    if not_comparable:  # no reference value beside it: the figures are not comparable between areas
        parts.append(f"{method.labels.comparison.not_comparable.lower()} {' eller '.join(not_comparable)} "
                     "(inte jämförbart mellan kommuner)")
    sentence = f"{who}: " + ", ".join(parts) + f"; {getattr(method.labels.trend, trend)}"
    # The minimum detectable change only where it explains a missing verdict (`undecided`: the mark rests on
    # "ingen säkerställd skillnad", or on no change in a trend that is all there is to judge), not on every row.
    if (undecided and not stale and detectable is not None and meaningful is not None
            and round(detectable - meaningful, 9) > 0):
        words = change_words(detectable, unit, latest_value)
        sentence += f"; minsta förändring som kan upptäckas här är ungefär {words}"
    if watch:
        sentence += "; bevakas utan färg"
    if not is_county:
        if not rankable and not_comparable:
            sentence += "; ingen rangordning"
        elif not rankable:
            sentence += "; ingen rangordning (inte jämförbart mellan kommuner)"
        elif rank is not None and rank_of is not None:
            sentence += f"; rank {rank} av {rank_of} kommuner med värde {latest_year}"
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
    n_watch: int,
    basis: str,
    decided_by: Sequence[tuple[str, str]],
) -> str:
    """'Hela Värmland: 3 gröna, 1 gul, 1 röd och 0 utan underlag, 1 bevakas; drar ned: …'."""
    who = area_label(area_name, gender, method)
    colours = ["green", "neutral", "yellow", "red", "grey"]
    tally = ", ".join(count_phrase(counts[c], c, method) for c in colours[:4])
    grey = count_phrase(counts["grey"], "grey", method)
    text = f"{who}: {tally} och {grey}"
    if n_watch:
        text += f"; {n_watch} bevakas utan färg"
    if basis == "none":
        return text + "; ingen bedömd indikator med värde."
    named = [f"{name} ({getattr(method.labels.colour_words, colour)[0]})" for name, colour in decided_by]
    if basis == "single":
        return f"{text}; avgörs av en indikator: {named[0]}."
    if not named:
        return text + "; inget drar ned."
    joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " och " + named[-1]
    return f"{text}; drar ned: {joined}."
