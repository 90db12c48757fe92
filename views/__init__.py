"""The read side: the one read-only door to a built database (views.db), its SQL (views/sql), charts, Swedish
formatting, and the meeting agenda, changes and tables. Shared by the dashboard and the exports; imports neither
the ETL's internals nor Streamlit."""
