"""Trajectory pages (service providers, consultants; read-only for the organization contact and the
programme), the programme's eligibility reviews, and the programme view with its exports, one module
per behaviour.

Every view checks the role and the organization through ``leerscan.accounts.access``; organizations a
user may not see answer 404.
"""
