"""The command line of the product: `python -m nyaperspektiv <command>` (also `python -m etl <command>`).

It is the one place that composes the write side (etl), the read side (views) and the exports.
"""
