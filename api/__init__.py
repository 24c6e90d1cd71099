"""tdkt api package."""
