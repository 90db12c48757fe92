"""Is the data behind the dashboard current? Failed refreshes in a row (the attempts log) and series whose next
planned publication has passed since they were fetched (the database). Shared by the dashboard banner and
`python -m etl status` (which exits non-zero when `alert.active`).

    alert = refresh_alert(settings.data_dir, settings.db_path)
    alert.active, alert.lines()      # plain Swedish text: escape it before showing it as HTML or Markdown
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.attempts import RefreshHealth, refresh_health
from indicators.catalogue import split_series_id
from views import db
from views.format import fmt_date, fmt_number

ACTION_WORDS = {"fetch": "hämtningen", "build": "bygget", "refresh": "uppdateringen"}
MAX_NAMED = 3


@dataclass(frozen=True)
class RefreshAlert:
    health: RefreshHealth
    overdue: list[dict] = field(default_factory=list)  # series_id, title, publication_date, fetched_at

    @property
    def active(self) -> bool:
        return self.health.failing or bool(self.overdue)

    def lines(self) -> list[str]:
        out = []
        h = self.health
        if h.failing and h.last_failure is not None:
            f = h.last_failure
            since = f"senaste lyckade {fmt_date(h.last_ok_at[:10])}" if h.last_ok_at else "ingen har lyckats"
            what = ACTION_WORDS.get(str(f.get("action")), "uppdateringen")
            if f.get("source_id"):
                what += f" från källan {f['source_id']}"  # the id `python -m etl runs --source` takes
            out.append(f"De senaste {fmt_number(h.failures_in_a_row)} försöken att uppdatera data misslyckades "
                       f"({since}). Senast misslyckades {what} {fmt_date(str(f.get('at', ''))[:10])}: "
                       f"{f.get('message') or 'okänt fel'}")
        if self.overdue:
            named = ", ".join(f"{split_series_id(r['series_id'])[1]} ({fmt_date(r['publication_date'])})"
                              for r in self.overdue[:MAX_NAMED])
            more = f" och {fmt_number(len(self.overdue) - MAX_NAMED)} till" if len(self.overdue) > MAX_NAMED else ""
            out.append(f"{fmt_number(len(self.overdue))} mått har publicerats på nytt hos källan sedan de hämtades: "
                       f"{named}{more}. Uppdatera data.")
        return out


def overdue_publications(db_path: Path, today: date | None = None) -> list[dict]:
    """Series whose planned publication date has passed since their last fetch; none for demo data."""
    if not Path(db_path).is_file() or db.facts(db_path).get("is_demo") == "true":
        return []
    return db.query(db_path, "overdue_publications", [today or date.today()]).to_dicts()


def refresh_alert(data_dir: Path, db_path: Path, today: date | None = None) -> RefreshAlert:
    return RefreshAlert(refresh_health(data_dir), overdue_publications(db_path, today))
