"""The write side: sources → raw runs → a checked DuckDB file, published atomically. Imports nothing from the read
side (views), the exports or the dashboard."""
