"""A small PxWeb client over etl.http.HttpSession: reads the server's limits from its config endpoint, then asks
for table metadata and data, splitting each query into the fewest requests the cell limit allows
(etl/sources/pxweb/split.py) and keeping to the calls-per-time-window limit (limits.CallWindow). Every response
comes back as received (etl.http.Response), for the caller to store before parsing.

    client = PxWebClient(session, "v1", settings.fohm_base_url, database="A_Folkhalsodata")
    limits = client.limits()                                # GET …/?config (once)
    meta, response = client.metadata("A_Mo8/…/halsgodyreg.px")
    for body, response in client.query("A_Mo8/…/halsgodyreg.px", {"Region": ["00", "17"], ...}): ...

Retries (429, 5xx) are the session's; a 403 (query over the cell limit: the limit changed under us) fails at once
with the URL in the message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from etl.http import HttpSession, HttpStatusError, Response
from etl.sources.pxweb.decode import Cell, decode_jsonstat2, decode_v1_json
from etl.sources.pxweb.limits import (
    DEFAULT_LIMITS,
    CallWindow,
    Limits,
    PxWebConfigError,
    parse_v1_config,
    parse_v2_config,
)
from etl.sources.pxweb.metadata import TableMeta, parse_v1_metadata, parse_v2_metadata
from etl.sources.pxweb.protocol import (
    Api,
    V1Format,
    config_url,
    v1_folder_url,
    v1_query_body,
    v1_table_url,
    v2_data_url,
    v2_metadata_url,
    v2_query_body,
)
from etl.sources.pxweb.split import split_query


class PxWebClient:
    def __init__(self, session: HttpSession, api: Api, base_url: str, *, database: str = "",
                 v1_format: V1Format = "json", clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        if api == "v1" and not database:
            raise ValueError("a PxWeb v1 client needs the database folder (e.g. 'A_Folkhalsodata')")
        self.session, self.api, self.base_url, self.database = session, api, base_url.rstrip("/"), database
        self.v1_format = v1_format
        self._clock, self._sleep = clock, sleep
        self._limits: Limits | None = None
        self._window: CallWindow | None = None
        self.config_response: Response | None = None
        self.limits_note: str | None = None  # why the default limits are used (None: the server's own)

    # --- the server's own limits -------------------------------------------------------------------------
    def limits(self) -> Limits:
        """The server's limits from its config endpoint; DEFAULT_LIMITS (and `limits_note` saying why) when the
        endpoint is missing (a 4xx), empty or not a config. A 5xx after retries still fails: the server is down."""
        if self._limits is None:
            url = config_url(self.api, self.base_url)
            parse = parse_v1_config if self.api == "v1" else parse_v2_config
            try:
                response = self.session.get(url)
                self.config_response = response
                self._limits = parse(response.url, response.body) if response.body.strip() else None
                why = None if self._limits is not None else f"{url} answered an empty {response.status}"
            except HttpStatusError as exc:
                if exc.status >= 500:
                    raise
                why = f"{exc.url} answered HTTP {exc.status}"
            except PxWebConfigError as exc:
                why = str(exc)
            if self._limits is None:
                self._limits = DEFAULT_LIMITS
                self.limits_note = (f"no usable PxWeb config ({why}): using the default limits, "
                                    f"{DEFAULT_LIMITS.max_cells} cells per request and {DEFAULT_LIMITS.max_calls} "
                                    f"calls per {DEFAULT_LIMITS.time_window:g} s")
            self._window = CallWindow(self._limits.max_calls, self._limits.time_window, self._clock, self._sleep)
            self._window.done()  # the config call itself counts
        return self._limits

    def _call(self, send: Callable[[], Response]) -> Response:
        self.limits()
        assert self._window is not None
        self._window.wait()
        try:
            return send()
        finally:
            self._window.done()

    # --- tables ----------------------------------------------------------------------------------------
    def table_url(self, table: str) -> str:
        return v1_table_url(self.base_url, self.database, table) if self.api == "v1" else \
            v2_data_url(self.base_url, table)

    def metadata(self, table: str) -> tuple[TableMeta, Response]:
        if self.api == "v1":
            url = v1_table_url(self.base_url, self.database, table)
            response = self._call(lambda: self.session.get(url))
            return parse_v1_metadata(response.url, response.body), response
        url = v2_metadata_url(self.base_url, table)
        response = self._call(lambda: self.session.get(url))
        return parse_v2_metadata(response.url, response.body), response

    def listing(self, folder: str) -> Response:
        """A v1 folder listing as received (etl/sources/pxweb/listing.py reads it)."""
        if self.api != "v1":
            raise ValueError("folder listings are read from PxWeb API v1 servers only")
        url = v1_folder_url(self.base_url, self.database, folder)
        return self._call(lambda: self.session.get(url))

    def query_bodies(self, selection: dict[str, list[str]]) -> list[dict]:
        """The request bodies for `selection`, split to the cell limit."""
        parts = split_query(selection, self.limits().max_cells)
        if self.api == "v1":
            return [v1_query_body(p, self.v1_format) for p in parts]
        return [v2_query_body(p) for p in parts]

    def query(self, table: str, selection: dict[str, list[str]]) -> Iterator[tuple[dict, Response]]:
        url = self.table_url(table)
        for body in self.query_bodies(selection):
            yield body, self._call(lambda body=body: self.session.post(url, body))

    def decode(self, response: Response) -> list[Cell]:
        return decode_data(self.api, self.v1_format, response.url, response.body)


def decode_data(api: Api, v1_format: V1Format, url: str, body: bytes) -> list[Cell]:
    if api == "v1" and v1_format == "json":
        return decode_v1_json(url, body)
    return decode_jsonstat2(url, body)
