"""Helpers for the project's tests: one API client, one refusal check, shared fixtures."""
