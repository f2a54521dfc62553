"""The ground floor: the organization and its register facts (enterprise number, joint committees,
the lot they belong to, sector, size class and language). Every other app builds on it."""
