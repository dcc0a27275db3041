"""Static fact tables (zot config keys, zot chart values keys, versions) used by the rules."""
