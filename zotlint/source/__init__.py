"""Reading files into documents that remember where every key and value came from."""
