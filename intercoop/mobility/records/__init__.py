"""Mobility records: outgoing and incoming exchanges of students and staff, and their figures."""
