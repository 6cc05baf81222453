"""Exports: resume downloads and the stylesheets of the designs."""
