"""Realistic fake data for trying and benchmarking the sales workspace (never in production).

Kept outside the `creditdesk` package, which never imports it: `flask demo seed` reaches
the Flask CLI through this distribution's `flask.commands` entry point.
"""
