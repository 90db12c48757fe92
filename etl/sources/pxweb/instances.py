"""The PxWeb servers the project knows: Folkhälsomyndigheten's Folkhälsodata (v1) and SCB (PxWebApi 2.0)."""

from __future__ import annotations

from etl.sources import SourceInfo
from etl.sources.pxweb.source import PxWebSource

FOHM_BASE_URL = "https://fohm-app.folkhalsomyndigheten.se/Folkhalsodata/api/v1/sv"
SCB_BASE_URL = "https://statistikdatabasen.scb.se/api/v2"

FOHM_INFO = SourceInfo(
    source_id="fohm", title="Folkhälsomyndigheten, Folkhälsodata", publisher="Folkhälsomyndigheten",
    # No licence text found in the material (../shared/docs/SOURCES.md §1.1): shown as open data with the
    # attribution until checked with Folkhälsomyndigheten.
    licence="Öppna data enligt Folkhälsomyndigheten (licenstext ej kontrollerad); källan anges",
    attribution="Källa: Folkhälsomyndigheten, Folkhälsodata",
    url="https://fohm-app.folkhalsomyndigheten.se/Folkhalsodata/pxweb/sv/A_Folkhalsodata/")
SCB_INFO = SourceInfo(
    source_id="scb", title="SCB, Statistikdatabasen", publisher="Statistiska centralbyrån",
    licence="CC0 1.0", attribution="Källa: SCB", url="https://www.statistikdatabasen.scb.se/")


def fohm_source(**kwargs) -> PxWebSource:
    return PxWebSource(FOHM_INFO, api="v1", default_base_url=FOHM_BASE_URL, base_url_env="FOHM_BASE_URL",
                       database="A_Folkhalsodata", **kwargs)


def scb_source(**kwargs) -> PxWebSource:
    return PxWebSource(SCB_INFO, api="v2", default_base_url=SCB_BASE_URL, base_url_env="SCB_BASE_URL", **kwargs)
