"""The sources fetch and build loop over, in order (the first that names an area gives its name)."""

from __future__ import annotations

from etl.sources import Source
from etl.sources.kolada import source as kolada_source
from etl.sources.local.source import LocalSource
from etl.sources.pxweb.instances import fohm_source

SOURCES: dict[str, Source] = {source.info.source_id: source
                              for source in (kolada_source.SOURCE, fohm_source(), LocalSource())}


def get_source(source_id: str) -> Source:
    """The registered source `source_id`; an unknown id raises KeyError naming the known ones."""
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown source '{source_id}' (known: {', '.join(SOURCES)})") from None
