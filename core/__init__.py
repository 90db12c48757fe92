"""What both sides share: the settings and the meeting-snapshot index. No DuckDB, no Streamlit."""
