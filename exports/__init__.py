"""Exports for meetings: slides (.pptx) and PDF handouts, drawn by one headless Chromium; read through views."""
