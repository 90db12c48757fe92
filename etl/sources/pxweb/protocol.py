"""URLs and query bodies for PxWeb API v1 and PxWebApi 2.0 (pure functions; nothing here talks to a server).

v1 (Folkhälsodata):  GET  <base>/?config             limits
                     GET  <base>/<database>/<path>    table metadata
                     GET  <base>/<database>/<folder>  folder listing (tables with their `updated` stamp)
                     POST <base>/<database>/<path>    {"query": [...], "response": {"format": "json"}}
v2 (SCB):            GET  <base>/config
                     GET  <base>/tables/<id>/metadata?lang=sv
                     POST <base>/tables/<id>/data?lang=sv&outputFormat=json-stat2   {"selection": [...]}
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

Api = Literal["v1", "v2"]
V1Format = Literal["json", "json-stat2"]


def config_url(api: Api, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/?config" if api == "v1" else f"{base_url.rstrip('/')}/config"


def v1_table_url(base_url: str, database: str, path: str) -> str:
    """`path` as the catalogue gives it (`A_Mo8/…/halsgodyreg.px`), relative to the database folder."""
    return f"{base_url.rstrip('/')}/{quote(database)}/{quote(path.strip('/'), safe='/.')}"


def v1_folder_url(base_url: str, database: str, folder: str) -> str:
    """A folder's listing (`folder` relative to the database folder; "" is the database folder itself)."""
    tail = quote(folder.strip("/"), safe="/.")
    return f"{base_url.rstrip('/')}/{quote(database)}" + (f"/{tail}" if tail else "")


def v2_metadata_url(base_url: str, table: str, lang: str = "sv") -> str:
    return f"{base_url.rstrip('/')}/tables/{quote(table)}/metadata?lang={lang}"


def v2_data_url(base_url: str, table: str, lang: str = "sv") -> str:
    return f"{base_url.rstrip('/')}/tables/{quote(table)}/data?lang={lang}&outputFormat=json-stat2"


def v1_query_body(selection: dict[str, list[str]], fmt: V1Format = "json") -> dict:
    """Every variable by explicit item list (the splitter needs to know the cell count before asking)."""
    return {"query": [{"code": code, "selection": {"filter": "item", "values": list(values)}}
                      for code, values in selection.items()],
            "response": {"format": fmt}}


def v2_query_body(selection: dict[str, list[str]]) -> dict:
    return {"selection": [{"variableCode": code, "valueCodes": list(values)} for code, values in selection.items()]}
