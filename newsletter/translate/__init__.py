"""Translation: memory (PO catalogs), glossary and machine backends."""
