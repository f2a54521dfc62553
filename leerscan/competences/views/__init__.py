"""Staff pages of the competence matrix (organization contact, assigned consultant, admin), one
module per behaviour.

Every view goes through ``leerscan.accounts.access`` (organization visible, else 404) and
``leerscan.competences.access`` (individuals only for the roles allowed to see them, else 403).
The programme and service-provider roles see the overview's aggregated figures only.
"""
