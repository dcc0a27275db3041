"""Domain facts computed from the repository for several rules (one home, not re-derived)."""
