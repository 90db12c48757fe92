"""The region's own figures: CSV or XLSX files an analyst drops into NP_LOCAL_DIR (default <data_dir>/egna), in
the template of docs/egna-siffror.md. reader.py turns a file into rows, validate.py checks them (messages name
file, row and column), source.py stores each file as received (with its sha256) in a run and parses it like any
other source."""
